"""The campaign report: one CSV line per customer with their token, serial and transaction."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import InvalidInput
from ._journal import JournalRow

COLUMNS = ("customer", "wallet", "target", "token_id", "serial", "tx_hash", "block", "status", "error")


def write_report(path: Path, rows: Sequence[JournalRow], serial: Callable[[JournalRow], str],
                 skipped: Sequence[tuple[int, str, str, str, str]] = ()) -> None:
    """Writes the report atomically (a crash leaves the previous report or the new one): every
    journal row, then the `(line, customer, wallet, target, error)` rows validation left out, as
    ``skipped``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(
                (
                    row.customer,
                    row.wallet,
                    f"{row.kind}:{row.series_id}",
                    "" if row.token_id is None else row.token_id,
                    serial(row),
                    row.tx_hash or "",
                    "" if row.block is None else row.block,
                    row.state,
                    row.error or "",
                )
            )
        writer.writerows((customer, wallet, target, "", "", "", "", "skipped", f"line {line}: {error}")
                         for line, customer, wallet, target, error in skipped)
    os.replace(tmp, path)


def check_writable(path: Path) -> None:
    """Raises `InvalidInput` unless the report can be written at `path`, by writing a scratch file
    beside it (checked before a run sends anything: a report that cannot be written must not
    surface after the mints)."""
    if path.is_dir():
        raise InvalidInput(f"the report path {path} is a folder: give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".report-check-"):
            pass
    except OSError as error:
        raise InvalidInput(f"the report cannot be written to {path} ({error.strerror or error}): choose a writable path") from None
