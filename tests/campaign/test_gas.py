"""Gas limits of campaign batches: one estimate per series, and a batch that ran out of gas goes again."""

from __future__ import annotations

import time

import pytest

from bank_collectibles._sending import Sender
from bank_collectibles.campaign import Campaign, CampaignOptions

from .conftest import Setup, customers, write_csv
from .test_faults import assert_exactly_one_each

OPTIONS = CampaignOptions(max_batch=10)  # 25 rows: batches of 10, 10 and 5


def _run(setup: Setup, journal, csv) -> tuple:
    campaign = Campaign.open(setup.suite.collection, journal, minter=setup.minter, csv_path=csv, options=OPTIONS)
    try:
        return campaign.run(), campaign.journal.batches(purpose="mint")
    finally:
        campaign.close()


def _counting_estimates(monkeypatch: pytest.MonkeyPatch, low_first: bool = False) -> list[int]:
    """Records the recipients of every mint estimated; with `low_first`, the first estimate of a
    full batch comes back at half the gas it needs."""
    real, estimated = Sender.estimate, []

    def estimate(self: Sender, call) -> int:
        recipients = (len(call.data) - 4 - 3 * 32) // 32
        estimated.append(recipients)
        limit = real(self, call)
        if low_first and recipients == OPTIONS.max_batch and estimated.count(recipients) == 1:
            self.gas.forget(call)
            return limit // 2
        return limit

    monkeypatch.setattr(Sender, "estimate", estimate)
    return estimated


def test_the_batches_of_a_series_share_the_gas_limit_of_its_full_batch_estimated_once(setup: Setup, edition, tmp_path, monkeypatch):
    series = edition()
    wallets = customers(25, 70_000)
    setup.suite.registry.using(setup.kyc).approve_kyc(wallets, int(time.time()) + 86_400)
    estimated = _counting_estimates(monkeypatch)

    result, batches = _run(setup, tmp_path / "spring.db", write_csv(tmp_path / "spring.csv", wallets, f"edition:{series}", kyc=None))

    assert result.complete and result.confirmed == 25
    assert estimated == [1, 2, 10]  # the batch size from one and two recipients, then one full batch
    assert len(batches) == 3 and len({b.gas for b in batches}) == 1
    assert_exactly_one_each(setup, tmp_path / "spring.db", wallets, series)


def test_a_batch_that_ran_out_of_gas_goes_again_with_a_fresh_estimate(setup: Setup, edition, tmp_path, monkeypatch):
    series = edition()
    wallets = customers(25, 71_000)
    setup.suite.registry.using(setup.kyc).approve_kyc(wallets, int(time.time()) + 86_400)
    estimated = _counting_estimates(monkeypatch, low_first=True)

    result, batches = _run(setup, tmp_path / "spring.db", write_csv(tmp_path / "spring.csv", wallets, f"edition:{series}", kyc=None))

    assert result.complete and result.confirmed == 25
    failed = [b for b in batches if b.state == "failed"]
    assert failed and all("ran out of gas" in (b.error or "") for b in failed)
    assert estimated.count(OPTIONS.max_batch) == 2  # the low estimate, then a fresh one
    confirmed = [b for b in batches if b.state == "confirmed"]
    assert max(b.gas for b in confirmed) > failed[0].gas
    assert_exactly_one_each(setup, tmp_path / "spring.db", wallets, series)
