"""Point the project's virtual environment at the repository's compiler and data folders.

Writes a `.pth` file that sets two environment defaults in every Python process of the venv, so
that a plain `ape compile` (or `.venv/bin/ape compile`) uses the repository's solc wrapper and
keeps ape's data under build/, never in the user's home folder:

- SOLCX_BINARY_PATH: where py-solc-x and ape-solidity look for `solc-v<version>` (tools/solcx);
- APE_DATA_FOLDER: ape's package cache and logs (build/ape).
"""

import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = {
    "SOLCX_BINARY_PATH": ROOT / "tools" / "solcx",
    "APE_DATA_FOLDER": ROOT / "build" / "ape",
}


def main() -> None:
    site_packages = Path(sysconfig.get_paths()["purelib"])
    lines = "; ".join(f"os.environ.setdefault({key!r}, {str(value)!r})" for key, value in DEFAULTS.items())
    (site_packages / "bank_collectibles_toolchain.pth").write_text(f"import os; {lines}\n")


if __name__ == "__main__":
    main()
