"""Helpers shared by the test packages."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL_HOME = ROOT / "build" / "home"


# solc's CBOR metadata: {"ipfs": <34 bytes>, "solc": <3 bytes>} and its length, 0x0033.
_METADATA = re.compile("a2646970667358221220[0-9a-f]{64}64736f6c6343[0-9a-f]{6}0033")


def strip_metadata(bytecode_hex: str) -> str:
    """Bytecode without solc's CBOR metadata: the suffix, and any embedded in the creation code of
    a contract that a constructor deploys with `new`."""
    code = bytecode_hex.removeprefix("0x").lower()
    return _METADATA.sub(lambda m: "" if m.start() % 2 == 0 else m.group(0), code)


def tool_env(home: Path | None = None, **extra: str) -> dict[str, str]:
    """Environment for a child tool: the project's tools on PATH and a HOME of our choosing.

    The venv's own defaults (SOLCX_BINARY_PATH, APE_DATA_FOLDER) are removed so that a child
    proves the venv supplies them, as it does for a user who types `ape compile`.
    """
    env = {k: v for k, v in os.environ.items() if k not in {"SOLCX_BINARY_PATH", "APE_DATA_FOLDER"}}
    env["PATH"] = os.pathsep.join([str(ROOT / "node_modules" / ".bin"), str(ROOT / ".venv" / "bin"), env["PATH"]])
    env["HOME"] = str(home or TOOL_HOME)
    env.update(extra)
    return env
