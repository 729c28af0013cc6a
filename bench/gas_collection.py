"""Gas of the collection's hot paths, from transaction receipts on a managed Anvil chain.

Through a collection the factory created (an EIP-1167 clone), with the client library:

- `mint_gas_per_token`: one `mintBatch` to 100 distinct new verified holders, receipt gas / 100,
  in steady state (an earlier batch has already touched the edition's counters);
- `oz_baseline_mint_gas_per_token`: the same batch on `bench/contracts/OzBaselineCollection.sol`,
  a plain OpenZeppelin ERC721 with the same registry KYC check and the acquisition time in a
  `mapping(uint256 => uint64)`; `oz_single_mint_gas`: that baseline minting one token per transaction;
- `reveal_gas_100` and `reveal_gas_10000`: `reveal` of a drop of 100 and of 10,000 boxes;
- `redeem_gas`: `redeem` of a two-edition set into a hidden reward (the collection's second).

The baseline is not part of the suite: it is compiled here with foundry.toml's settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eth_abi import encode

from bank_collectibles._abi import ContractAbi
from bank_collectibles._build import CompilerSettings
from bank_collectibles._sending import ContractCall

from ._suite import BenchSuite, bench_suite

ROOT = Path(__file__).resolve().parents[1]
BASELINE_SOURCE = "bench/contracts/OzBaselineCollection.sol"
HOLDERS = 100
TARGETS = {"mint_gas_per_token": 50_500, "reveal_gas_100": 80_000, "reveal_gas_10000": 80_000}


def run() -> dict[str, Any]:
    """Start Anvil, deploy, measure, print a table and return the figures (gas units)."""
    with bench_suite() as bench:
        figures = {**_mints(bench), **_baseline(bench), **_reveals(bench), "redeem_gas": _redeem(bench)}
    _print_table(figures)
    return figures


def _mints(bench: BenchSuite) -> dict[str, int]:
    collection = bench.suite.collection
    edition = collection.using(bench.issuer).create_edition("Jade Rabbit", 1_000_000, uri="ipfs://jade").edition_id
    first, steady = (
        collection.using(bench.minter).mint(edition, [c.address for c in bench.customers(HOLDERS)]) for _ in range(2)
    )
    return {"mint_gas_per_token_first_batch": first.tx.gas_used // HOLDERS, "mint_gas_per_token": steady.tx.gas_used // HOLDERS}


def _baseline(bench: BenchSuite) -> dict[str, int]:
    abi, bytecode = _compile_baseline()
    baseline = ContractAbi(abi)
    sender = bench.client.sender(bench.admin)
    init_code = bytecode + encode(["address", "address"], [bench.suite.registry.address, bench.admin.address])
    address = sender.send(ContractCall("", init_code, "deploy", "deploy baseline")).contract_address
    assert address is not None

    def gas(function: str, *args: Any) -> int:
        data = baseline.function(function).encode(*args)
        return sender.send(ContractCall(address, data, (function, len(data)), function)).gas_used

    gas("mintBatch", [c.address for c in bench.customers(HOLDERS)])
    steady = gas("mintBatch", [c.address for c in bench.customers(HOLDERS)])
    singles = [gas("mint", c.address) for c in bench.customers(3)]
    return {"oz_baseline_mint_gas_per_token": steady // HOLDERS, "oz_single_mint_gas": singles[-1]}


def _reveals(bench: BenchSuite) -> dict[str, int]:
    """Reveal gas of a 100-box and a 10,000-box drop (ten boxes sold in each)."""
    issuer = bench.suite.collection.using(bench.issuer)
    limited = issuer.create_edition("Lantern Rabbit", 20_000, uri="ipfs://lantern").edition_id
    hidden = issuer.create_edition("Moon Rabbit", 200, hidden_uri="ipfs://moon").edition_id
    closes = bench.client.node.block("latest")["timestamp"] + 3_600
    drops = [
        issuer.create_drop(f"{boxes} boxes", {limited: boxes - boxes // 100, hidden: boxes // 100}, closes_at=closes,
                           placeholder_uri="ipfs://box")
        for boxes in (100, 10_000)
    ]
    buyers = [c.address for c in bench.customers(10)]
    for drop in drops:
        bench.suite.collection.using(bench.minter).mint_boxes(drop.drop_id, buyers)
    bench.advance(3_600)
    for drop in drops:
        issuer.close_drop(drop.drop_id, drop.secret)
    small, large = (issuer.reveal(drop.drop_id).tx.gas_used for drop in drops)
    return {"reveal_gas_100": small, "reveal_gas_10000": large}


def _redeem(bench: BenchSuite) -> int:
    """Gas of a redemption (two burns, one reward mint), the second one of the collection."""
    issuer = bench.suite.collection.using(bench.issuer)
    a, b = (issuer.create_edition(name, 100, uri=f"ipfs://{name}").edition_id for name in ("Red", "Gold"))
    reward = issuer.create_edition("Reward", 10, hidden_uri="ipfs://reward").edition_id
    recipe = issuer.create_recipe([a, b], reward).recipe_id
    gas = 0
    for holder in bench.customers(2):
        tokens = [issuer.using(bench.minter).mint(edition, [holder.address]).token_ids[0] for edition in (a, b)]
        gas = issuer.using(holder).redeem(recipe, tokens).tx.gas_used
    return gas


def _compile_baseline() -> tuple[list[Any], bytes]:
    """The OpenZeppelin baseline's ABI and init code, compiled with foundry.toml's settings."""
    import solcx  # development dependency, as for `make artifacts`

    settings = CompilerSettings.from_foundry_toml(ROOT)
    standard_input = {
        "language": "Solidity",
        "sources": {BASELINE_SOURCE: {"content": (ROOT / BASELINE_SOURCE).read_text()}},
        "settings": {
            "evmVersion": settings.evm_version,
            "optimizer": {"enabled": True, "runs": settings.optimizer_runs},
            "remappings": list(settings.remappings),
            "outputSelection": {BASELINE_SOURCE: {"OzBaselineCollection": ["abi", "evm.bytecode.object"]}},
        },
    }
    output = solcx.compile_standard(standard_input, solc_binary=settings.solc, base_path=ROOT, allow_paths=[ROOT])
    contract = output["contracts"][BASELINE_SOURCE]["OzBaselineCollection"]
    return contract["abi"], bytes.fromhex(contract["evm"]["bytecode"]["object"])


def _print_table(figures: dict[str, Any]) -> None:
    mint, oz_batch, oz_single = figures["mint_gas_per_token"], figures["oz_baseline_mint_gas_per_token"], figures["oz_single_mint_gas"]
    rows = [
        ("mint per token, 100-holder batch", mint, f"{mint / oz_batch:.2f}x OZ batch, {mint / oz_single:.2f}x OZ single"),
        ("  same, first batch of the edition", figures["mint_gas_per_token_first_batch"], ""),
        ("OZ baseline per token, same batch", oz_batch, "KYC check + mapping(uint256 => uint64)"),
        ("OZ baseline, one token per tx", oz_single, f"{oz_single / oz_batch:.2f}x OZ batch per token"),
        ("reveal, 100 boxes", figures["reveal_gas_100"], ""),
        ("reveal, 10,000 boxes", figures["reveal_gas_10000"],
         f"{figures['reveal_gas_10000'] / figures['reveal_gas_100']:.3f}x the 100-box reveal"),
        ("redeem (2 burns + reward)", figures["redeem_gas"], ""),
    ]
    print(f"{'collection gas (receipts, Anvil)':<38}{'gas':>10}  notes")
    for label, gas, note in rows:
        print(f"{label:<38}{gas:>10,}  {note}")
    for key, target in TARGETS.items():
        verdict = "within" if figures[key] <= target else "ABOVE"
        print(f"target {key} <= {target:,}: {verdict} ({figures[key]:,})")
