"""Batches the chain refuses mid-run: the campaign stops once, sends nothing after a revert, and
one resume finishes it; and a journal knows its chain across restarts."""

from __future__ import annotations

import time

import pytest

from bank_collectibles._rpc import Node
from bank_collectibles.campaign import Campaign, CampaignError, CampaignOptions

from .conftest import Setup, customers, write_csv
from .test_faults import assert_exactly_one_each


def test_a_pause_mid_run_stops_the_campaign_once_and_one_resume_finishes_it(setup: Setup, edition, tmp_path):
    series = edition()
    wallets = customers(40, 80_000)
    setup.suite.registry.using(setup.kyc).approve_kyc(wallets, int(time.time()) + 86_400)
    csv, journal = write_csv(tmp_path / "spring.csv", wallets, f"edition:{series}", kyc=None), tmp_path / "spring.db"
    issuer = setup.suite.collection.using(setup.issuer)
    options = CampaignOptions(max_batch=5, window=2)  # 8 batches, 2 in flight at a time

    def pause_after_the_first_group(done: int, total: int) -> None:
        if done and not issuer.paused():
            issuer.pause()

    nonce = setup.client.node.nonce(setup.minter.address)
    campaign = Campaign.open(setup.suite.collection, journal, minter=setup.minter, csv_path=csv, options=options)
    try:
        with pytest.raises(CampaignError, match="CollectionPaused"):
            campaign.run(pause_after_the_first_group)
        batches = campaign.journal.batches(purpose="mint")
    finally:
        campaign.close()
    states = [b.state for b in batches]
    # The group broadcast before the pause landed; the next reverted, both its batches released
    # at once; the group signed behind it was never broadcast.
    assert states.count("failed") == 2 and states.count("dropped") == 2 and "signed" not in states
    assert setup.client.node.nonce(setup.minter.address) == nonce + 6  # three groups sent, the fourth not
    issuer.unpause()

    campaign = Campaign.open(setup.suite.collection, journal, minter=setup.minter, csv_path=csv, options=options)
    try:
        assert campaign.run().complete
    finally:
        campaign.close()
    assert_exactly_one_each(setup, journal, wallets, series)


def test_a_journal_resumes_on_its_chain_whatever_its_genesis_block_reads(setup: Setup, edition, tmp_path, monkeypatch):
    """Anvil may derive its genesis block again when it restarts with other options (a fee
    setting), so the journal knows its chain by block 1, which a restart restores as it was."""
    series = edition()
    wallets = customers(6, 81_000)
    setup.suite.registry.using(setup.kyc).approve_kyc(wallets, int(time.time()) + 86_400)
    csv, journal = write_csv(tmp_path / "spring.csv", wallets, f"edition:{series}", kyc=None), tmp_path / "spring.db"
    campaign = Campaign.open(setup.suite.collection, journal, minter=setup.minter, csv_path=csv)
    try:
        assert campaign.run().complete
    finally:
        campaign.close()
    block = Node.block

    def rederived_genesis(self: Node, number: int | str) -> dict:
        found = block(self, number)
        return {**found, "hash": b"\x11" * 32} if number == 0 else found

    monkeypatch.setattr(Node, "block", rederived_genesis)
    resumed = Campaign.open(setup.suite.collection, journal, minter=setup.minter)
    try:
        result = resumed.run()
    finally:
        resumed.close()
    assert result.complete and result.transactions == 0
