"""A campaign survives SIGKILL of its process at any point and a crash of the node: afterwards every
customer holds exactly one token, and the journal agrees with the chain."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bank_collectibles._collection_queries import series_of
from bank_collectibles.campaign import Campaign, CampaignOptions
from bank_collectibles.collection import TRANSFER_TOPIC
from bank_collectibles.errors import NodeError

from .conftest import Setup, customers, write_csv

ROWS = 2000
DRIVER = Path(__file__).with_name("_driver.py")
ROOT = Path(__file__).resolve().parents[2]


def run_driver(setup: Setup, journal: Path, csv: Path | None, crash_at: str | None = None, kill_after: float | None = None) -> int:
    env = dict(os.environ, CAMPAIGN_GAS_BUDGET="3000000", CAMPAIGN_WINDOW="3", PYTHONPATH=str(ROOT))
    env.pop("BANK_COLLECTIBLES_CRASH_AT", None)
    if crash_at:
        env["BANK_COLLECTIBLES_CRASH_AT"] = crash_at
    args = [sys.executable, "-m", "tests.campaign._driver", setup.chain.rpc_url, str(setup.manifest), str(journal)]
    proc = subprocess.Popen(args + ([str(csv)] if csv else []), env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if kill_after is not None:
        time.sleep(kill_after)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode in (0, -signal.SIGKILL), err.decode()[-2000:]
    return proc.returncode


def assert_exactly_one_each(setup: Setup, journal: Path, wallets: list[str], series_id: int) -> None:
    collection = setup.suite.collection
    # The chain alone: one mint of the series to each campaign wallet, none to anyone else.
    logs = setup.client.node.logs({"address": collection.address, "fromBlock": 0, "toBlock": "latest",
                                   "topics": ["0x" + TRANSFER_TOPIC.hex(), "0x" + "00" * 32]})
    minted = Counter("0x" + log.topics[2][12:].hex() for log in logs if series_of(int.from_bytes(log.topics[3], "big")) == series_id)
    assert sum(minted.values()) == len(wallets)
    assert {w.lower(): 1 for w in wallets} == dict(minted)
    balances = collection._read_many("balanceOf", [(w,) for w in wallets])
    assert set(balances) == {1}
    # The journal agrees with the chain, row by row.
    campaign = Campaign.open(collection, journal, minter=setup.minter)
    try:
        audit = campaign.audit()
        assert audit == {"rows": len(wallets), "confirmed": len(wallets), "chain_agrees": len(wallets), "wallets_minted_twice": [],
                         "wallets_also_minted_elsewhere": []}
    finally:
        campaign.close()


def test_sigkill_at_every_stage_then_resume(setup: Setup, edition, tmp_path):
    series = edition()
    wallets = customers(ROWS, 10_000)
    csv = write_csv(tmp_path / "spring.csv", wallets, f"edition:{series}")
    journal = tmp_path / "spring.db"
    # Each run is killed at a different stage, resuming from where the last one died.
    crashes = ["kyc:4", "planned:1", "journaled:1", "broadcast:1", "confirmed:2", "planned:2", "journaled:2", "broadcast:3"]
    killed = 0
    for crash in crashes:
        killed += run_driver(setup, journal, csv if crash == crashes[0] else None, crash_at=crash) == -signal.SIGKILL
    # And at moments nobody chose.
    rng = random.Random(7)
    for _ in range(3):
        killed += run_driver(setup, journal, None, kill_after=rng.uniform(0.3, 1.5)) == -signal.SIGKILL
    assert killed >= len(crashes), "the crash points were not all reached: the test exercised less than it claims"
    assert run_driver(setup, journal, None) == 0
    assert_exactly_one_each(setup, journal, wallets, series)


def test_a_crash_while_the_journal_starts_leaves_no_campaign_behind(setup: Setup, edition, tmp_path):
    series = edition()
    wallets = customers(50, 32_000)
    csv = write_csv(tmp_path / "spring.csv", wallets, f"edition:{series}")
    journal = tmp_path / "spring.db"
    assert run_driver(setup, journal, csv, crash_at="started:1") == -signal.SIGKILL
    # Nothing half-written: no metadata without its rows, which a resume would take for a campaign with none.
    assert Campaign.read_status(journal) == {"rows": {}, "batches": {}, "skipped": 0}
    assert run_driver(setup, journal, csv) == 0
    assert_exactly_one_each(setup, journal, wallets, series)


def test_node_killed_and_restarted_from_its_state_file_mid_run(setup: Setup, edition, tmp_path):
    series = edition()
    wallets = customers(ROWS, 20_000)
    csv = write_csv(tmp_path / "spring.csv", wallets, f"edition:{series}")
    journal = tmp_path / "spring.db"
    setup.chain.restart()  # a graceful restart dumps the deployment into the state file
    setup.reconnect()
    campaign = Campaign.open(setup.suite.collection, journal, minter=setup.minter, csv_path=csv, kyc_officer=setup.kyc,
                             options=CampaignOptions(gas_budget=3_000_000, window=3))

    def kill_node_halfway(done: int, total: int) -> None:
        if done >= total // 2 and setup.chain.is_running():
            setup.chain.kill()

    try:
        campaign.run(progress=kill_node_halfway)
        raise AssertionError("the campaign went on without its node")
    except NodeError:
        pass
    confirmed_before = campaign.journal.counts().get("confirmed", 0)
    campaign.close()
    assert confirmed_before >= ROWS // 2

    setup.chain.start()  # from the state file: every block since the graceful restart is gone
    setup.reconnect()
    lost = setup.client.node.logs({"address": setup.suite.collection.address, "fromBlock": 0, "toBlock": "latest",
                                   "topics": ["0x" + TRANSFER_TOPIC.hex(), "0x" + "00" * 32]})
    assert len(lost) < confirmed_before, "the node lost nothing: this test would not exercise recovery"

    resumed = Campaign.open(setup.suite.collection, journal, minter=setup.minter, kyc_officer=setup.kyc,
                            options=CampaignOptions(gas_budget=3_000_000, window=3))
    result = resumed.run()
    resumed.close()
    assert result.complete and result.confirmed == ROWS
    assert_exactly_one_each(setup, journal, wallets, series)


def test_a_batch_mined_while_the_campaign_resumes_is_settled_not_minted_again(setup: Setup, edition, tmp_path, monkeypatch):
    """On a chain that mines by the clock, a batch the crashed run sent can be mined between the
    resume's look at the events and its look at the nonce: its receipt must settle it."""
    series = edition()
    wallets = customers(300, 30_000)
    setup.suite.registry.using(setup.kyc).approve_kyc(wallets, int(time.time()) + 86_400)
    csv = write_csv(tmp_path / "late.csv", wallets, f"edition:{series}", kyc=None)
    journal = tmp_path / "late.db"
    provider = setup.client.web3.provider
    provider.make_request("evm_setAutomine", [False])
    assert run_driver(setup, journal, csv, crash_at="broadcast:1") == -signal.SIGKILL
    assert setup.suite.collection.edition(series).minted == 0, "the first batch was mined before the resume"

    reconcile = Campaign._reconcile_with_events

    def reconcile_then_the_block_comes(self: Campaign) -> None:
        reconcile(self)
        provider.make_request("evm_mine", [])
        provider.make_request("evm_setAutomine", [True])

    monkeypatch.setattr(Campaign, "_reconcile_with_events", reconcile_then_the_block_comes)
    resumed = Campaign.open(setup.suite.collection, journal, minter=setup.minter,
                            options=CampaignOptions(gas_budget=3_000_000, window=3))
    result = resumed.run()
    resumed.close()
    assert result.complete and result.confirmed == len(wallets)
    assert_exactly_one_each(setup, journal, wallets, series)
