"""Speed of the Python client against bare web3.py, measured on a managed Anvil chain.

`run()` deploys the suite with the client on a fresh Anvil chain (with the node's EIP-1559 fees,
so both paths price their transactions), then measures, in one run on one chain:

- `client_vs_web3_mint_ratio`: minting one limited edition to a few verified recipients with
  `Collection.mint` (its pre-flight included) against the same `mintBatch` transaction built and
  sent with bare web3.py (`contract.functions.mintBatch(...).build_transaction` with the nonce,
  sign, `send_raw_transaction`, `wait_for_transaction_receipt`). The two run alternately, the
  order swapped every round, `MINT_ROUNDS` times each after a warm-up; the ratio is the client's
  mean seconds per mint over web3's (below 1: the client is faster).
- `batched_vs_naive_read_ratio`: token info for `READ_TOKENS` tokens with `Collection.tokens`
  (JSON-RPC batches) against the same four view calls per token (`tokenState`, `serialOf`,
  `locked`, `tokenURI`) sent one request at a time; the ratio is naive seconds over batched
  seconds (batched: best of `READ_ROUNDS`; naive: one run, 4,000 requests). `token_loop_seconds` adds what `Collection.token(t)` in a
  loop costs (one batch per token, plus its holding-period and listing reads).

Run it with `python -m bench client` (`make bench` runs every suite). Timings depend on the
machine; they are figures, not pass/fail targets.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from web3 import Web3

from bank_collectibles import Client, Collection, LocalSigner
from bank_collectibles._contracts import load_artifact

from ._suite import bench_suite

MINT_ROUNDS = 200
MINT_RECIPIENTS = 5
READ_TOKENS = 1_000
READ_ROUNDS = 3
READ_FUNCTIONS = ("tokenState", "serialOf", "locked", "tokenURI")
TARGETS = {"client_vs_web3_mint_ratio": "<= 1.2", "batched_vs_naive_read_ratio": ">= 5"}


def _web3_mint(
    w3: Any, contract: Any, minter: LocalSigner, key: str, edition: int, recipients: list[str], poll: float
) -> None:
    """One mint the way a web3.py user writes it: build (estimate, fees), nonce, sign, send, wait."""
    tx = contract.functions.mintBatch(edition, recipients).build_transaction(
        {"from": minter.address, "nonce": w3.eth.get_transaction_count(minter.address)}
    )
    signed = w3.eth.account.sign_transaction(tx, key)
    tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, poll_latency=poll)
    if receipt["status"] != 1:
        raise RuntimeError("the web3 mint reverted")


def measure_mint(
    client: Client, collection: Collection, minters: list[LocalSigner], web3_key: str, recipients: list[str]
) -> dict[str, float]:
    """Seconds per mint through the client and through bare web3, interleaved.

    Bare web3 runs twice per round: polling for the receipt every 2 ms (the client's first
    back-off step; the fair comparison, and the headline ratio) and with web3's default 100 ms
    poll (what an untuned script gets, reported beside it).
    """
    edition = collection.create_edition("Bench", 3 * (MINT_ROUNDS + 10) * len(recipients), uri="ipfs://bench").edition_id
    as_minter = collection.using(minters[0])
    w3 = Web3(Web3.HTTPProvider(client.node.url))  # a stock web3.py connection, as configured out of the box
    contract = w3.eth.contract(address=collection.address, abi=load_artifact("Collection")["abi"])
    runs = {
        "client": lambda: as_minter.mint(edition, recipients),
        "web3": lambda: _web3_mint(w3, contract, minters[1], web3_key, edition, recipients, 0.002),
        "web3_default_poll": lambda: _web3_mint(w3, contract, minters[1], web3_key, edition, recipients, 0.1),
    }
    for _ in range(5):  # warm-up: connections and caches
        for run in runs.values():
            run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(MINT_ROUNDS):
        order = list(runs)
        order = order[round_ % 3 :] + order[: round_ % 3]  # each path goes first, second and last in turn
        for name in order:
            started = time.perf_counter()
            runs[name]()
            times[name].append(time.perf_counter() - started)
    figures = {f"{name}_mint_seconds": statistics.fmean(t) for name, t in times.items()}
    figures.update({f"{name}_mint_median_seconds": statistics.median(t) for name, t in times.items()})
    figures["client_vs_web3_mint_ratio"] = figures["client_mint_seconds"] / figures["web3_mint_seconds"]
    figures["client_vs_web3_default_poll_mint_ratio"] = (
        figures["client_mint_seconds"] / figures["web3_default_poll_mint_seconds"]
    )
    return figures


def measure_reads(client: Client, collection: Collection, minter: LocalSigner, holders: list[str]) -> dict[str, float]:
    """Token info for READ_TOKENS tokens: batched against one request per view call."""
    edition = collection.create_edition("Reads", READ_TOKENS, uri="ipfs://reads").edition_id
    as_minter = collection.using(minter)
    tokens: list[int] = []
    for start in range(0, READ_TOKENS, 250):
        owners = [holders[i % len(holders)] for i in range(start, min(start + 250, READ_TOKENS))]
        tokens += as_minter.mint(edition, owners).token_ids
    functions = [collection.abi.function(name) for name in READ_FUNCTIONS]

    def batched() -> None:
        infos = collection.tokens(tokens)
        if len(infos) != READ_TOKENS:
            raise RuntimeError("the batched read lost tokens")

    def naive() -> None:
        for token in tokens:
            for fn in functions:
                fn.decode(client.node.call(collection.address, fn.encode(token)))

    def best(run: Any, rounds: int) -> float:
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            run()
            timings.append(time.perf_counter() - started)
        return min(timings)

    batched_s, naive_s = best(batched, READ_ROUNDS), best(naive, 1)  # the naive read is long enough to time once
    started = time.perf_counter()
    for token in tokens:
        collection.token(token)
    loop_s = time.perf_counter() - started
    return {
        "batched_read_seconds": batched_s,
        "naive_read_seconds": naive_s,
        "token_loop_seconds": loop_s,
        "batched_vs_naive_read_ratio": naive_s / batched_s,
    }


def _print_table(figures: dict[str, float]) -> None:
    print(f"{'figure':<42} {'value':>12}  target")
    for key, value in figures.items():
        shown = f"{value * 1000:>10.2f}ms" if key.endswith("seconds") and value < 1 else f"{value:>12.3f}"
        print(f"{key:<42} {shown}  {TARGETS.get(key, '')}")


def run() -> dict[str, float]:
    """Measures the client's mint and read speed on a fresh managed Anvil chain.

    Returns:
        Seconds per mint through the client and bare web3 (mean and median) and their ratio;
        seconds to read token info for READ_TOKENS tokens batched, one call at a time, and with
        `Collection.token` in a loop; and the naive-over-batched ratio.
    """
    with bench_suite(zero_gas=False) as bench:
        # Two minters, one per path, so that neither path's nonce counter is disturbed by the other.
        web3_minter = bench.spare[0]
        collection = bench.suite.collection.using(bench.issuer)
        collection.grant_role("MINTER_ROLE", web3_minter.address)
        recipients = [c.address for c in bench.customers(MINT_RECIPIENTS)]
        minters = [bench.minter, web3_minter]
        figures = measure_mint(bench.client, collection, minters, bench.chain.accounts[7].private_key, recipients)
        figures.update(measure_reads(bench.client, collection, bench.minter, recipients))
    figures = {k: round(v, 6) for k, v in figures.items()}
    _print_table(figures)
    return figures


if __name__ == "__main__":
    run()
