"""Campaign throughput on Anvil: the engine against one transaction per token and against the chain's limit.

- campaign_tokens_per_s: a 10,000-recipient campaign end to end (CSV validation against the chain,
  journal, batches, every receipt confirmed, report written);
- naive_tokens_per_s: one web3.py transaction per token, each built, signed, sent and awaited;
- limit_tokens_per_s: the campaign's own batch transactions (same batch size, same gas), pre-signed
  and sent by a minimal script in one JSON-RPC batch, waiting only for the last to be mined: what
  the chain can do with the same transactions. They are sent in nonce order and highest nonce
  first, and the faster order counts (on Anvil, highest first: it mines them as one block).

Anvil's time is mostly per block, and grows with the chain's state; how it packs transactions
into blocks varies from run to run. So every run starts from a copy of the same snapshot (the
suite deployed, `BACKGROUND` holders from an earlier campaign, since a consortium chain in service
is not empty, and every run's customers onboarded), and each figure is the median of `ROUNDS`
runs, with the best run beside it. The same comparison on an empty chain is reported too
(`empty_chain_*`).

The difference is the engine's own work, which the limit leaves out: reading the CSV and checking
every row against the chain, the journal's writes, fetching all 51 receipts with their 10,000
mint events (the limit waits for one) and recording every token, and the report. Each campaign
run starts with an empty address cache, as a fresh process would.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from eth_account import Account
from eth_utils import keccak
from web3 import Web3

from bank_collectibles._addresses import _checksum_of_lower
from bank_collectibles._contracts import load_artifact
from bank_collectibles.campaign import Campaign, CampaignOptions
from bank_collectibles.campaign._engine import batch_size

from ._suite import BenchSuite, bench_suite, from_snapshot

CAMPAIGN_ROWS = 10_000
NAIVE_TOKENS = 500
BACKGROUND = 20_000
ROUNDS = 5
EDITIONS = {"naive": 1, "limit": 2, "campaign": 3, "earlier": 4}  # created in this order in each snapshot


def wallets(count: int, start: int) -> list[str]:
    return [Account.from_key((start + i).to_bytes(32, "big")).address for i in range(count)]


NAIVE, LIMIT, CAMPAIGN = wallets(NAIVE_TOKENS, 3 * 10**6), wallets(CAMPAIGN_ROWS, 2 * 10**6), wallets(CAMPAIGN_ROWS, 10**6)


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-campaign-") as folder:
        work = Path(folder)
        loaded = _measure(_snapshot(work / "loaded", BACKGROUND), work, naive=True)
        empty = _measure(_snapshot(work / "empty", 0), work, naive=False)
    figures: dict = {
        "background_tokens": BACKGROUND,
        "campaign_rows": CAMPAIGN_ROWS,
        "campaign_transactions": loaded["transactions"],
        "rounds": ROUNDS,
        "naive_tokens": NAIVE_TOKENS,
        "naive_tokens_per_s": round(NAIVE_TOKENS / loaded["naive"], 1),
    }
    for prefix, runs in (("", loaded), ("empty_chain_", empty)):
        for stat in ("", "best_"):
            campaign, limit = CAMPAIGN_ROWS / runs[f"{stat}campaign"], CAMPAIGN_ROWS / runs[f"{stat}limit"]
            figures[f"{prefix}{stat}campaign_tokens_per_s"] = round(campaign, 1)
            figures[f"{prefix}{stat}limit_tokens_per_s"] = round(limit, 1)
            figures[f"{prefix}{stat}limit_vs_campaign_ratio"] = round(limit / campaign, 3)
    figures["campaign_vs_naive_ratio"] = round(figures["campaign_tokens_per_s"] / figures["naive_tokens_per_s"], 2)
    print(f"{'run (median of ' + str(ROUNDS) + ', best)':<46}{'tokens':>8}{'seconds':>9}{'tokens/s':>10}{'best s':>8}")
    for label, runs, name in (
        (f"campaign, {BACKGROUND:,} earlier holders", loaded, "campaign"),
        (f"limit, {BACKGROUND:,} earlier holders", loaded, "limit"),
        ("campaign, empty chain", empty, "campaign"),
        ("limit, empty chain", empty, "limit"),
    ):
        seconds = runs[name]
        print(f"{label:<46}{CAMPAIGN_ROWS:>8}{seconds:>9.2f}{CAMPAIGN_ROWS / seconds:>10.0f}{runs['best_' + name]:>8.2f}")
    print(f"{'naive, one run':<46}{NAIVE_TOKENS:>8}{loaded['naive']:>9.2f}{NAIVE_TOKENS / loaded['naive']:>10.0f}")
    print(f"campaign / naive = {figures['campaign_vs_naive_ratio']:.1f}x (target >= 30)")
    print(f"limit / campaign = {figures['limit_vs_campaign_ratio']:.2f} (target <= 1.5; best runs "
          f"{figures['best_limit_vs_campaign_ratio']:.2f}); empty chain {figures['empty_chain_limit_vs_campaign_ratio']:.2f} "
          f"(best runs {figures['empty_chain_best_limit_vs_campaign_ratio']:.2f})")
    return figures


def _snapshot(folder: Path, background: int) -> Path:
    """A chain state with the suite, `background` earlier holders, and every run's customers onboarded."""
    with bench_suite(keep_state=folder) as bench:
        issuer = bench.suite.collection.using(bench.issuer)
        for name in EDITIONS:
            assert issuer.create_edition(name, max(CAMPAIGN_ROWS, background, 1), uri=f"ipfs://{name}").edition_id == EDITIONS[name]
        earlier = wallets(background, 9 * 10**6)
        bench.approve(NAIVE + LIMIT + CAMPAIGN + earlier)
        minter = bench.suite.collection.using(bench.minter)
        for start in range(0, background, 200):
            minter.mint(EDITIONS["earlier"], earlier[start : start + 200])
    return folder


def _measure(snapshot: Path, work: Path, naive: bool) -> dict:
    """Median and best seconds of the campaign and of the limit (the faster sending pattern)."""
    limits: dict[bool, list[float]] = {False: [], True: []}  # by `highest_first`
    campaigns: list[float] = []
    sizes: set[tuple[int, ...]] = set()
    for _ in range(ROUNDS):  # alternated, each from its own copy of the snapshot
        for highest_first in limits:
            with from_snapshot(snapshot) as bench:
                seconds, batches = _limit(bench, highest_first)
            limits[highest_first].append(seconds)
            sizes.add(tuple(batches))
        with from_snapshot(snapshot) as bench, tempfile.TemporaryDirectory(dir=work) as folder:
            seconds, batches = _campaign(bench, Path(folder))
        campaigns.append(seconds)
        sizes.add(tuple(batches))
    assert len(sizes) == 1, "the limit run did not use the campaign's batches"
    figures = {
        "campaign": statistics.median(campaigns),
        "best_campaign": min(campaigns),
        "limit": min(statistics.median(runs) for runs in limits.values()),
        "best_limit": min(min(runs) for runs in limits.values()),
        "transactions": len(sizes.pop()),
    }
    if naive:
        with from_snapshot(snapshot) as bench:
            figures["naive"] = _naive(bench)
    return figures


def _campaign(bench: BenchSuite, folder: Path) -> tuple[float, list[int]]:
    """The engine end to end: CSV validation against the chain, journal, batches, receipts, report."""
    csv = folder / "campaign.csv"
    csv.write_text("customer,wallet,target\n" + "".join(f"C{i},{w},edition:{EDITIONS['campaign']}\n" for i, w in enumerate(CAMPAIGN)))
    _checksum_of_lower.cache_clear()  # as in a fresh process
    started = time.perf_counter()
    campaign = Campaign.open(bench.suite.collection, folder / "campaign.db", minter=bench.minter, csv_path=csv)
    result = campaign.run()
    seconds = time.perf_counter() - started
    assert result.confirmed == CAMPAIGN_ROWS, result
    sizes = [len(campaign.journal.batch_rows(b)) for b in campaign.journal.batches("confirmed", purpose="mint")]
    campaign.close()
    return seconds, sizes


def _limit(bench: BenchSuite, highest_first: bool) -> tuple[float, list[int]]:
    """The campaign's batches (its own planner: sizes and gas), pre-signed, then sent in one
    JSON-RPC batch, in nonce order or highest nonce first, and awaited until the last is mined.
    Which order is faster depends on the node: Anvil mines a batch sent highest first as one block."""
    client, minter, edition = bench.client, bench.minter, EDITIONS["limit"]
    collection = bench.suite.collection.using(minter)
    sender = client.sender(minter)
    size = batch_size(sender, collection, "edition", edition, LIMIT[:2], CampaignOptions())
    sizes = [size] * (CAMPAIGN_ROWS // size) + ([CAMPAIGN_ROWS % size] if CAMPAIGN_ROWS % size else [])
    gas = {n: sender.estimate(collection.mint_call("mintBatch", edition, LIMIT[:n])) for n in set(sizes)}
    fn = collection.abi.function("mintBatch")
    nonce = client.node.nonce(minter.address)
    raws, start = [], 0
    for i, n in enumerate(sizes):
        tx = {"chainId": client.chain_id, "nonce": nonce + i, "to": collection.address, "gas": gas[n], "gasPrice": 0,
              "data": fn.encode(edition, LIMIT[start : start + n])}
        raws.append("0x" + minter.sign_transaction(tx).hex())
        start += n
    provider = client.web3.provider
    started = time.perf_counter()
    provider.make_batch_request([("eth_sendRawTransaction", [raw]) for raw in (raws[::-1] if highest_first else raws)])
    last = "0x" + keccak(bytes.fromhex(raws[-1][2:])).hex()
    while not provider.make_request("eth_getTransactionReceipt", [last]).get("result"):  # polled every 5 ms
        time.sleep(0.005)
    seconds = time.perf_counter() - started
    assert bench.suite.collection.edition(edition).minted == CAMPAIGN_ROWS, "the limit run minted less than it claims"
    return seconds, sizes


def _naive(bench: BenchSuite) -> float:
    """One plain web3.py transaction per token: build (estimate, fees), sign, send, wait.

    The receipt is polled every 5 ms: web3's default of 0.1 s would add up to 100 ms of sleep per
    token and flatter the campaign's ratio.
    """
    w3: Web3 = bench.client.web3
    contract = w3.eth.contract(address=bench.suite.collection.address, abi=load_artifact("Collection")["abi"])
    account = Account.from_key(bench.chain.accounts[6].private_key)  # the minter
    started = time.perf_counter()
    for address in NAIVE:
        tx = contract.functions.mintBatch(EDITIONS["naive"], [address]).build_transaction(
            {"from": account.address, "nonce": w3.eth.get_transaction_count(account.address), "gasPrice": 0}
        )
        tx_hash = w3.eth.send_raw_transaction(account.sign_transaction(tx).raw_transaction)
        w3.eth.wait_for_transaction_receipt(tx_hash, poll_latency=0.005)
    return time.perf_counter() - started
