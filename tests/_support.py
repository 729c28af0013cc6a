"""Helpers shared by the test packages."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL_HOME = ROOT / "build" / "home"


def strip_metadata(bytecode_hex: str) -> str:
    """Bytecode without solc's CBOR metadata suffix (its length is in the last two bytes)."""
    code = bytecode_hex.removeprefix("0x")
    return code[: -(int(code[-4:], 16) + 2) * 2]


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
