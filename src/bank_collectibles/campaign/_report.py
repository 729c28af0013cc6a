"""The campaign report: one CSV line per customer with their token, serial and transaction."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from ._journal import JournalRow

COLUMNS = ("customer", "wallet", "target", "token_id", "serial", "tx_hash", "block", "status", "error")


def write_report(path: Path, rows: Sequence[JournalRow], serial: Callable[[JournalRow], str],
                 skipped: Sequence[tuple[int, str, str]] = ()) -> None:
    """Writes the report atomically (a crash leaves the previous report or the new one): every
    journal row, then the `(line, customer, error)` rows validation left out, as ``skipped``."""
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
        writer.writerows((customer, "", "", "", "", "", "", "skipped", f"line {line}: {error}") for line, customer, error in skipped)
    os.replace(tmp, path)
