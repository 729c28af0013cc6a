"""Where ``drop create`` keeps a drop's secret until ``drop close`` publishes it.

The default is a file, never the terminal: a secret printed to a terminal lives on in scrollback,
CI logs and screen recordings, and one lost before the drop closes leaves only the deadline path.
The file is written (mode 0600, in a 0700 folder holding a ``.gitignore`` of ``*``) and synced
BEFORE the drop's transaction is sent, so a crash after sending cannot lose it. It is named after
the drop's commitment, so ``drop close`` finds it without being told where it is:
``<manifest folder>/secrets/drop-<commitment hex>.secret``, holding the secret as 64 hex digits.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InvalidInput
from ._params import parse_bytes32


def default_dir(manifest_path: Path) -> Path:
    return manifest_path.parent / "secrets"


def default_path(manifest_path: Path, commitment: bytes) -> Path:
    return default_dir(manifest_path) / f"drop-{commitment.hex()}.secret"


def write_secret(path: Path, secret: bytes) -> None:
    """Writes `secret` to a new file only its owner can read, synced to disk.

    Raises:
        InvalidInput: The file exists already (a secret is never overwritten).
    """
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        if folder.name == "secrets":
            (folder / ".gitignore").write_text("# drop secrets: never commit them\n*\n")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InvalidInput(f"{path} exists already: a drop secret is never overwritten; choose another --secret-file") from None
    with os.fdopen(fd, "w") as out:
        out.write(secret.hex() + "\n")
        out.flush()
        os.fsync(out.fileno())


def read_secret(path: Path) -> bytes:
    """The secret in `path`.

    Raises:
        InvalidInput: The file is missing or does not hold 32 bytes of hex.
    """
    try:
        text = path.read_text()
    except OSError as error:
        raise InvalidInput(f"cannot read the secret file {path}: {error.strerror or error}") from None
    return parse_bytes32(text, f"secret in {path}")
