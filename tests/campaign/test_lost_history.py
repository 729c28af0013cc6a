"""A resume when the node's history and state disagree.

A node restarted from a state file can keep a block's effects (the tokens, the minter's nonce)
and lose its receipts and logs: Anvil's periodic dump does. These tests hide the receipts and mint
events of transactions the chain did run, exactly as such a node answers, and check that the
campaign settles them from the chain's state instead of minting their rows again.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from bank_collectibles import LocalSigner
from bank_collectibles._rpc import Log
from bank_collectibles.campaign import Campaign, CampaignError, CampaignOptions

from .conftest import Setup, customers, write_csv
from .test_faults import assert_exactly_one_each, run_driver

OPTIONS = CampaignOptions(gas_budget=3_000_000, window=3)  # as the driver runs


def crashed_after_first_group(setup: Setup, edition, tmp_path: Path, crash_at: str, start: int) -> tuple[int, list[str], Path]:
    series = edition()
    wallets = customers(300, start)
    setup.suite.registry.using(setup.kyc).approve_kyc(wallets, int(time.time()) + 86_400)
    journal = tmp_path / "spring.db"
    csv = write_csv(tmp_path / "spring.csv", wallets, f"edition:{series}", kyc=None)
    assert run_driver(setup, journal, csv, crash_at=crash_at) == -signal.SIGKILL
    return series, wallets, journal


def signed_batches(journal: Path, setup: Setup) -> list:
    campaign = Campaign.open(setup.suite.collection, journal)
    try:
        return campaign.journal.batches("signed", purpose="mint")
    finally:
        campaign.close()


def forget_history(setup: Setup, monkeypatch: pytest.MonkeyPatch, tx_hashes: set[str]) -> None:
    """The node answers as if the blocks of `tx_hashes` had left no receipts and no logs."""
    node = setup.client.node
    logs, receipts = node.rpc_logs, node.receipts
    monkeypatch.setattr(node, "rpc_logs", lambda params: [log for log in logs(params) if Log.from_rpc(log).tx_hash not in tx_hashes])
    monkeypatch.setattr(node, "receipts", lambda hashes: [None if h in tx_hashes else r for h, r in zip(hashes, receipts(hashes))])


def resume(setup: Setup, journal: Path):
    campaign = Campaign.open(setup.suite.collection, journal, minter=setup.minter, options=OPTIONS)
    try:
        return campaign.run(), campaign.journal.rows()
    finally:
        campaign.close()


def test_batches_whose_receipts_and_events_the_node_lost_are_settled_from_its_state(setup: Setup, edition, tmp_path, monkeypatch):
    series, wallets, journal = crashed_after_first_group(setup, edition, tmp_path, "broadcast:1", 40_000)
    lost = {b.tx_hash for b in signed_batches(journal, setup)}
    minted_before = setup.suite.collection.edition(series).minted
    assert len(lost) == 3 and minted_before > 0, "the first group was not mined before the resume"
    forget_history(setup, monkeypatch, lost)

    result, rows = resume(setup, journal)

    assert result.complete and result.confirmed == len(wallets)
    settled = [r for r in rows if r.tx_hash in lost]
    assert len(settled) == minted_before and all(r.block is None for r in settled)  # known from state, not from a block
    owners = setup.suite.collection._read_many("ownerOf", [(r.token_id,) for r in settled])
    assert owners == [r.wallet for r in settled]
    monkeypatch.undo()
    assert_exactly_one_each(setup, journal, wallets, series)


def test_tokens_no_mint_event_explains_stop_the_resume_before_anything_is_sent(setup: Setup, edition, tmp_path, monkeypatch):
    series, wallets, journal = crashed_after_first_group(setup, edition, tmp_path, "broadcast:1", 41_000)
    batches = signed_batches(journal, setup)
    first = min(b.id for b in batches)
    campaign = Campaign.open(setup.suite.collection, journal)
    holder = campaign.journal.batch_rows(next(b for b in batches if b.id == first))[0].wallet
    campaign.close()
    # One token of the first batch changes hands (a compliance move), so no run of tokens held by
    # that batch's wallets is left to prove it minted, while the tokens it minted are still there.
    minted = setup.suite.collection._logs("Transfer", 0, ["0x" + "00" * 32, "0x" + "00" * 12 + holder[2:].lower()])
    compliance = LocalSigner(setup.chain.accounts[3].private_key)
    setup.suite.collection.using(compliance).force_transfer(minted[0][1]["id"], wallets[-1], 1)
    forget_history(setup, monkeypatch, {b.tx_hash for b in batches})
    nonce = setup.client.node.nonce(setup.minter.address, "latest")
    supply = setup.suite.collection.edition(series).minted

    with pytest.raises(CampaignError, match=f"no receipt for batch {first} .* no mint event explains"):
        resume(setup, journal)

    assert setup.client.node.nonce(setup.minter.address, "latest") == nonce
    assert setup.suite.collection.edition(series).minted == supply


def test_batches_whose_nonce_went_to_another_transaction_are_minted_again(setup: Setup, edition, tmp_path):
    series, wallets, journal = crashed_after_first_group(setup, edition, tmp_path, "journaled:1", 42_000)
    batches = signed_batches(journal, setup)
    assert len(batches) == 3 and setup.suite.collection.edition(series).minted == 0
    # The minter's account is used elsewhere meanwhile: the signed batches can never be mined.
    nonce = setup.client.node.nonce(setup.minter.address, "latest")
    for i in range(len(batches)):
        tx = {"chainId": setup.client.chain_id, "nonce": nonce + i, "to": setup.minter.address, "value": 0, "gas": 21_000, "gasPrice": 0}
        setup.client.web3.eth.wait_for_transaction_receipt(setup.client.web3.eth.send_raw_transaction(setup.minter.sign_transaction(tx)))

    result, rows = resume(setup, journal)

    assert result.complete and result.confirmed == len(wallets)
    assert not {b.tx_hash for b in batches} & {r.tx_hash for r in rows}
    assert_exactly_one_each(setup, journal, wallets, series)
