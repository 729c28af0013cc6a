"""`collectibles campaign validate|run|resume|status|report` against the campaign engine."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from bank_collectibles import LocalSigner

from .conftest import Cli


def _csv(path: Path, edition: str, wallets: list[str], extra: list[list[str]] = ()) -> Path:  # type: ignore[assignment]
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer", "wallet", "target", "kyc_expires_at"])
        for number, wallet in enumerate(wallets, start=1):
            writer.writerow([f"CUST-{number:03d}", wallet, f"edition:{edition}", "2030-01-01"])
        writer.writerows(extra)
    return path


def test_validate_run_status_report_and_resume(run: Cli, suite: dict[str, Any], tmp_path: Path) -> None:
    edition_id = run.json("edition", "create", "Campaign Rabbit", "--supply", "50", "--uri", "ipfs://cr")["edition_id"]
    wallets = [LocalSigner(bytes([i]) * 32).address for i in range(150, 158)]
    spring = _csv(tmp_path / "spring.csv", "Campaign Rabbit", wallets)
    journal = tmp_path / "spring.db"

    checked = run.json("campaign", "validate", spring, "--journal", journal)
    assert checked["ok"] and checked["valid_rows"] == 8 and not journal.exists()  # validating writes nothing

    bad = _csv(tmp_path / "bad.csv", "Campaign Rabbit", wallets[:2],
               [["CUST-900", "0x1234", "edition:Campaign Rabbit", ""], ["CUST-901", wallets[0], "edition:Nope", ""]])
    refused = run("campaign", "validate", bad, code=2)
    assert "problem(s)" in refused.stderr and "line 4 (CUST-900): wallet" in refused.stderr
    run("campaign", "run", bad, "--journal", tmp_path / "bad.db", code=2)

    dry = run.json("campaign", "run", spring, "--journal", journal, "--dry-run")
    assert dry["total"] == 8 and dry["transactions"] == 0
    done = run.json("campaign", "run", spring, "--journal", journal, "--max-batch", "3")
    assert done["complete"] and done["confirmed"] == 8 and done["failed"] == 0 and done["transactions"] >= 3
    assert run.json("edition", "show", edition_id)["minted"] == 8

    status = run.json("campaign", "status", "--journal", journal)
    assert status["rows"] == {"confirmed": 8} and status["collection"] == suite["collections"][0]["address"]
    report = run.json("campaign", "report", "--journal", journal, "--out", tmp_path / "report.csv")
    assert report["audit"]["chain_agrees"] == 8 and report["audit"]["wallets_minted_twice"] == []
    rows = list(csv.DictReader(open(tmp_path / "report.csv")))
    assert {r["wallet"] for r in rows} == set(wallets) and {r["status"] for r in rows} == {"confirmed"}

    again = run.json("campaign", "resume", "--journal", journal)
    assert again["transactions"] == 0 and again["confirmed"] == 8
    run("campaign", "status", "--journal", tmp_path / "missing.db", code=2)
