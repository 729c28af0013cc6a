"""The campaign engine on every chain: the JSON-RPC batch paths (Anvil, Ganache) and the
request-by-request ones (the embedded chain) validate, mint, report and resume alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from bank_collectibles.campaign import Campaign, CampaignInvalid, CampaignOptions

from ._suite import Suite

OPTIONS = CampaignOptions(gas_budget=1_000_000, window=4)  # several batches, two groups in flight


def _csv(path: Path, rows: list[tuple[str, str]], target: str) -> Path:
    path.write_text("customer,wallet,target,kyc_expires_at\n" + "".join(f"{c},{w},{target},{k}\n" for c, w, k in rows))
    return path


def test_a_campaign_mints_once_to_everyone_and_resumes_to_nothing(any_suite: Suite, tmp_path: Path):
    s = any_suite
    edition = s.edition(60)
    verified, onboarded = s.holders(20), s.addresses(20)  # the second half gets KYC from the campaign
    rows = [(f"V{i}", w, "") for i, w in enumerate(verified)] + [(f"N{i}", w, "2035-01-01") for i, w in enumerate(onboarded)]
    csv = _csv(tmp_path / "spring.csv", rows, f"edition:{edition}")
    campaign = Campaign.open(s.collection, tmp_path / "spring.db", minter=s.minter, csv_path=csv,
                             kyc_officer=s.kyc_officer, options=OPTIONS)
    result = campaign.run()
    assert result.complete and result.confirmed == 40 and result.transactions >= 3
    wallets = verified + onboarded
    assert s.collection._read_many("balanceOf", [(w,) for w in wallets]) == [1] * 40
    assert campaign.audit() == {"rows": 40, "confirmed": 40, "chain_agrees": 40, "wallets_minted_twice": [],
                                "wallets_also_minted_elsewhere": []}
    report = result.report_path.read_text().splitlines()
    assert len(report) == 41 and all(line.endswith(",confirmed,") for line in report[1:])
    campaign.close()

    again = Campaign.open(s.collection, tmp_path / "spring.db", minter=s.minter, kyc_officer=s.kyc_officer, options=OPTIONS)
    rerun = again.run()
    again.close()
    assert rerun.confirmed == 40 and rerun.transactions == 0
    assert s.collection.edition(edition).minted == 40


def test_unverified_and_contract_wallets_are_refused_on_every_chain(any_suite: Suite, tmp_path: Path):
    s = any_suite
    edition = s.edition(10)
    (fine,), (stranger,) = s.holders(1), s.addresses(1)
    rows = [("C1", fine, ""), ("C2", stranger, ""), ("C3", s.collection.address, "2035-01-01")]
    campaign = Campaign.open(s.collection, tmp_path / "bad.db", minter=s.minter, kyc_officer=s.kyc_officer,
                             csv_path=_csv(tmp_path / "bad.csv", rows, f"edition:{edition}"), options=OPTIONS)
    with pytest.raises(CampaignInvalid) as raised:
        campaign.run()
    campaign.close()
    problems = {(e.line, e.field): e.problem for e in raised.value.report.errors}
    assert set(problems) == {(3, "wallet"), (4, "wallet")}
    assert "not KYC-verified" in problems[3, "wallet"] and "is a contract" in problems[4, "wallet"]
    assert s.collection.edition(edition).minted == 0
