"""Where the project, its ``node_modules`` and the chains' state folders are."""

from __future__ import annotations

import os
from pathlib import Path

NODE_MODULES_ENV = "BANK_COLLECTIBLES_NODE_MODULES"


def project_root() -> Path:
    """The repository this package runs from (a source checkout), else the current directory.

    Only the one folder a checkout would be is looked at (``src/bank_collectibles/chains`` three
    levels up): walking further up from an installed package could find an unrelated project.

    Returns:
        The folder holding ``package.json``, or ``Path.cwd()``.
    """
    checkout = Path(__file__).resolve().parents[3]
    return checkout if (checkout / "package.json").is_file() else Path.cwd()


def resolve_node_modules(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The ``node_modules`` folder the nodes are launched from.

    Args:
        explicit: A folder given by the caller; wins over everything else.

    Returns:
        ``explicit``, else ``$BANK_COLLECTIBLES_NODE_MODULES``, else ``<project_root()>/node_modules``.
        The folder is not checked here: each chain reports what it misses from it.
    """
    if explicit is not None:
        return Path(explicit)
    from_env = os.environ.get(NODE_MODULES_ENV)
    if from_env:
        return Path(from_env)
    return project_root() / "node_modules"


def default_state_dir(kind: str) -> Path:
    """``<project>/build/chains/<kind>/``: the state folder of a chain whose profile names none."""
    return project_root() / "build" / "chains" / kind


def install_hint(node_modules: Path) -> str:
    """The command that fills ``node_modules``, for error messages."""
    return f"run `make install` (or `npm ci --ignore-scripts`) in {node_modules.resolve().parent}"
