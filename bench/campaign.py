"""Campaign throughput on Anvil: the engine against one transaction per token and against the chain's limit.

- campaign_tokens_per_s: a 10,000-recipient campaign end to end (CSV validation against the chain,
  journal, batches, every receipt confirmed, report written);
- naive_tokens_per_s: one web3.py transaction per token, each built, signed, sent and awaited;
- limit_tokens_per_s: the campaign's own batch transactions (same batch size, same gas), pre-signed
  and sent by a minimal script in one JSON-RPC batch, waiting for the last to be mined: what the
  chain can do with the same transactions.

Anvil's time per block grows with the chain's state (10,000 tokens: about 0.2-0.7 s on an empty
chain, 2 s once 20,000 tokens exist, 8 s at 40,000), so the three runs start from the same state:
a snapshot with the suite deployed, `BACKGROUND` holders from an earlier campaign (a consortium
chain in service is not empty), and every run's customers onboarded. Each run gets its own copy.
How Anvil packs a burst of transactions into blocks varies from run to run, so the campaign and
the limit are each the best of `ROUNDS` runs. The same comparison on an empty chain is reported
too (`empty_chain_*`): there Anvil mints faster than the engine's own work per row (parsing,
checksums, validation reads, journal, report) takes.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from eth_account import Account
from web3 import Web3

from bank_collectibles._contracts import load_artifact
from bank_collectibles.campaign import Campaign, CampaignOptions
from bank_collectibles.campaign._engine import batch_size

from ._suite import BenchSuite, bench_suite, from_snapshot

CAMPAIGN_ROWS = 10_000
NAIVE_TOKENS = 500
BACKGROUND = 20_000
ROUNDS = 3
EDITIONS = {"naive": 1, "limit": 2, "campaign": 3, "earlier": 4}  # created in this order in each snapshot


def wallets(count: int, start: int) -> list[str]:
    return [Account.from_key((start + i).to_bytes(32, "big")).address for i in range(count)]


NAIVE, LIMIT, CAMPAIGN = wallets(NAIVE_TOKENS, 3 * 10**6), wallets(CAMPAIGN_ROWS, 2 * 10**6), wallets(CAMPAIGN_ROWS, 10**6)


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-campaign-") as folder:
        work = Path(folder)
        loaded = _measure(_snapshot(work / "loaded", BACKGROUND), work, naive=True)
        empty = _measure(_snapshot(work / "empty", 0), work, naive=False)
    figures = {
        "campaign_tokens_per_s": round(CAMPAIGN_ROWS / loaded["campaign"], 1),
        "naive_tokens_per_s": round(NAIVE_TOKENS / loaded["naive"], 1),
        "limit_tokens_per_s": round(CAMPAIGN_ROWS / loaded["limit"], 1),
        "background_tokens": BACKGROUND,
        "campaign_rows": CAMPAIGN_ROWS,
        "campaign_transactions": loaded["transactions"],
        "naive_tokens": NAIVE_TOKENS,
        "empty_chain_campaign_tokens_per_s": round(CAMPAIGN_ROWS / empty["campaign"], 1),
        "empty_chain_limit_tokens_per_s": round(CAMPAIGN_ROWS / empty["limit"], 1),
    }
    figures["campaign_vs_naive_ratio"] = round(figures["campaign_tokens_per_s"] / figures["naive_tokens_per_s"], 2)
    figures["limit_vs_campaign_ratio"] = round(figures["limit_tokens_per_s"] / figures["campaign_tokens_per_s"], 3)
    figures["empty_chain_limit_vs_campaign_ratio"] = round(
        figures["empty_chain_limit_tokens_per_s"] / figures["empty_chain_campaign_tokens_per_s"], 3
    )
    print(f"{'run':<50}{'tokens':>8}{'seconds':>10}{'tokens/s':>11}")
    for label, tokens, seconds in (
        (f"campaign, {BACKGROUND:,} earlier holders", CAMPAIGN_ROWS, loaded["campaign"]),
        (f"limit, {BACKGROUND:,} earlier holders", CAMPAIGN_ROWS, loaded["limit"]),
        (f"naive, {BACKGROUND:,} earlier holders", NAIVE_TOKENS, loaded["naive"]),
        ("campaign, empty chain", CAMPAIGN_ROWS, empty["campaign"]),
        ("limit, empty chain", CAMPAIGN_ROWS, empty["limit"]),
    ):
        print(f"{label:<50}{tokens:>8}{seconds:>10.2f}{tokens / seconds:>11.0f}")
    print(f"campaign / naive = {figures['campaign_vs_naive_ratio']:.1f}x (target >= 30)")
    print(f"limit / campaign = {figures['limit_vs_campaign_ratio']:.2f} (target <= 1.5); "
          f"empty chain: {figures['empty_chain_limit_vs_campaign_ratio']:.2f}")
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
    limits, campaigns = [], []
    for _ in range(ROUNDS):  # alternated, each from its own copy of the snapshot
        with from_snapshot(snapshot) as bench:
            limits.append(_limit(bench))
        with from_snapshot(snapshot) as bench, tempfile.TemporaryDirectory(dir=work) as folder:
            campaigns.append(_campaign(bench, Path(folder)))
    sizes = limits[0][1]
    assert all(batches == sizes for _, batches in limits + campaigns), "the limit run did not use the campaign's batches"
    figures = {"limit": min(s for s, _ in limits), "campaign": min(s for s, _ in campaigns), "transactions": len(sizes)}
    if naive:
        with from_snapshot(snapshot) as bench:
            figures["naive"] = _naive(bench)
    return figures


def _campaign(bench: BenchSuite, folder: Path) -> tuple[float, list[int]]:
    """The engine end to end: CSV validation against the chain, journal, batches, receipts, report."""
    csv = folder / "campaign.csv"
    csv.write_text("customer,wallet,target\n" + "".join(f"C{i},{w},edition:{EDITIONS['campaign']}\n" for i, w in enumerate(CAMPAIGN)))
    started = time.perf_counter()
    campaign = Campaign.open(bench.suite.collection, folder / "campaign.db", minter=bench.minter, csv_path=csv)
    result = campaign.run()
    seconds = time.perf_counter() - started
    assert result.confirmed == CAMPAIGN_ROWS, result
    sizes = [len(campaign.journal.batch_rows(b)) for b in campaign.journal.batches("confirmed", purpose="mint")]
    campaign.close()
    return seconds, sizes


def _limit(bench: BenchSuite) -> tuple[float, list[int]]:
    """The campaign's batches (its own planner: sizes and gas), pre-signed, sent in one JSON-RPC
    batch, awaited until the last is mined."""
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
        raws.append(minter.sign_transaction(tx))
        start += n
    provider = client.web3.provider
    started = time.perf_counter()
    sent = provider.make_batch_request([("eth_sendRawTransaction", ["0x" + raw.hex()]) for raw in raws])
    # Nonce order: once the last is mined, all are. Polled every 5 ms, so as not to busy the node.
    while not provider.make_request("eth_getTransactionReceipt", [sent[-1]["result"]]).get("result"):
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
