"""`skip_invalid`: the valid rows are minted, the others are kept with their errors for the report."""

from __future__ import annotations

import csv
import sqlite3
import time

import pytest

from bank_collectibles.campaign import Campaign, CampaignInvalid, CampaignOptions
from bank_collectibles.campaign._journal import Journal

from .conftest import Setup, customers


def test_skipped_rows_go_to_the_report_with_their_errors(setup: Setup, edition, tmp_path):
    series = edition()
    wallets = customers(6, 60_000)
    setup.suite.registry.using(setup.kyc).approve_kyc(wallets[:5], int(time.time()) + 86_400)
    lines = ["customer,wallet,target", *(f"C{i},{w},edition:{series}" for i, w in enumerate(wallets[:5]))]
    lines += [f"UNVERIFIED,{wallets[5]},edition:{series}", f"TYPO,{wallets[4][:-1]}x,edition:{series}"]
    (tmp_path / "spring.csv").write_text("\n".join(lines) + "\n")
    campaign = Campaign.open(setup.suite.collection, tmp_path / "spring.db", minter=setup.minter,
                             csv_path=tmp_path / "spring.csv", options=CampaignOptions(skip_invalid=True))
    try:
        result = campaign.run()
        status = campaign.status()
    finally:
        campaign.close()

    assert (result.confirmed, result.skipped, result.complete) == (5, 2, True)
    assert status["skipped"] == 2
    with open(result.report_path, newline="") as handle:
        report = {row["customer"]: row for row in csv.DictReader(handle)}
    assert len(report) == 7 and {c for c, r in report.items() if r["status"] == "confirmed"} == {f"C{i}" for i in range(5)}
    assert report["UNVERIFIED"]["status"] == "skipped"
    assert report["UNVERIFIED"]["error"].startswith("line 7: wallet: ") and "not KYC-verified" in report["UNVERIFIED"]["error"]
    assert report["TYPO"]["status"] == "skipped" and report["TYPO"]["error"].startswith("line 8: wallet: ")
    # Wallet and target as the file spells them, so that the operator can follow up from the report.
    assert (report["UNVERIFIED"]["wallet"], report["UNVERIFIED"]["target"]) == (wallets[5], f"edition:{series}")
    assert (report["TYPO"]["wallet"], report["TYPO"]["target"]) == (f"{wallets[4][:-1]}x", f"edition:{series}")


def test_a_journal_written_before_skipped_rows_kept_their_wallet_is_read_as_it_is(tmp_path):
    Journal(tmp_path / "old.db").close()
    with sqlite3.connect(tmp_path / "old.db") as db:  # its skipped table as it was
        db.executescript("DROP TABLE skipped; CREATE TABLE skipped (line INTEGER PRIMARY KEY, customer TEXT NOT NULL, "
                         "error TEXT NOT NULL); INSERT INTO skipped VALUES (4, 'C3', 'wallet: bad');")
    db.close()
    journal = Journal(tmp_path / "old.db")
    try:
        assert journal.skipped() == [(4, "C3", "", "", "wallet: bad")]
    finally:
        journal.close()


def test_a_problem_of_the_whole_campaign_is_never_skipped(setup: Setup, edition, tmp_path):
    series = edition()
    wallets = customers(3, 61_000)
    setup.suite.registry.using(setup.kyc).approve_kyc(wallets, int(time.time()) + 86_400)
    (tmp_path / "spring.csv").write_text("customer,wallet,target\n" + "".join(f"C{i},{w},edition:{series}\n" for i, w in enumerate(wallets)))
    setup.suite.collection.using(setup.issuer).pause()
    nonce = setup.client.node.nonce(setup.minter.address, "latest")
    campaign = Campaign.open(setup.suite.collection, tmp_path / "spring.db", minter=setup.minter,
                             csv_path=tmp_path / "spring.csv", options=CampaignOptions(skip_invalid=True))
    try:
        with pytest.raises(CampaignInvalid) as raised:
            campaign.run()
    finally:
        campaign.close()

    assert [(e.line, e.field) for e in raised.value.report.errors] == [(0, "collection")]
    assert setup.client.node.nonce(setup.minter.address, "latest") == nonce
