"""Gas of the market paths and of creating a collection, measured from receipts on a managed Anvil.

`run()` deploys the whole suite from the compiled artifacts (`make artifacts`) on a fresh Anvil
chain with the consortium profile, then measures, each as one transaction's `gasUsed` (refunds
included, as a bank pays them):

- `list_gas`: a seller lists a token (her first listing on this marketplace);
- `buy_gas`: a buyer buys it with royalty and platform fee paid in the deposit token, in the steady
  state the targets are defined for: buyer, seller, royalty receiver and platform already hold
  deposit tokens, the buyer already holds a collectible and has given an unlimited allowance;
- `cancel_all_gas`: a seller's first `cancelAll` (it writes her nonce slot for the first time);
- `clone_deploy_gas`: `CollectionFactory.createCollection` (clone, initialize, catalog entry);
- `full_deploy_gas`: what a bank would pay without the factory: deploying a Collection (its
  constructor also deploys the set-up module) plus the `initialize` transaction. The deployed
  implementation locks its own initializer, so `initialize` is measured on a bare EIP-1167 proxy
  of it, which runs the same code on the same empty storage.

Run it with `python -m bench gas_market` (`make bench` runs every suite).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from web3 import Web3
from web3.contract import Contract

from bank_collectibles.chains import AnvilChain, ConsortiumProfile

ARTIFACTS = Path(__file__).resolve().parents[1] / "src" / "bank_collectibles" / "artifacts"
CONTRACTS = ("ConsortiumRegistry", "DepositToken", "Collection", "CollectionFactory", "Marketplace")

HOLDING_PERIOD = 86_400
PRICE = 1_000 * 10**18
ROYALTY_BPS = 500
FEE_BPS = 250
MAX_UINT = 2**256 - 1
TARGETS = {"buy_gas": "<= 150,000", "clone_deploy_gas": "<= full_deploy_gas / 4"}


def _artifact(name: str, artifacts_dir: Path) -> dict[str, Any]:
    path = artifacts_dir / f"{name}.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `make artifacts` first")
    return json.loads(path.read_text())


class _Deployer:
    """Sends transactions from Anvil's unlocked dev accounts and keeps each receipt's gas."""

    def __init__(self, w3: Web3, artifacts_dir: Path) -> None:
        self.w3 = w3
        self.artifacts = {name: _artifact(name, artifacts_dir) for name in CONTRACTS}

    def wait(self, tx_hash: bytes) -> int:
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash)
        if receipt["status"] != 1:
            raise RuntimeError(f"transaction {tx_hash.hex()} reverted")
        return int(receipt["gasUsed"])

    def deploy(self, name: str, sender: str, *args: Any) -> tuple[Contract, int]:
        art = self.artifacts[name]
        factory = self.w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
        tx_hash = factory.constructor(*args).transact({"from": sender})
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash)
        if receipt["status"] != 1:
            raise RuntimeError(f"deploying {name} reverted")
        return self.at(name, receipt["contractAddress"]), int(receipt["gasUsed"])

    def at(self, name: str, address: str) -> Contract:
        return self.w3.eth.contract(address=address, abi=self.artifacts[name]["abi"])

    def send(self, call: Any, sender: str) -> int:
        return self.wait(call.transact({"from": sender}))

    def bare_clone(self, implementation: str, sender: str) -> str:
        """Deploys a plain EIP-1167 proxy of `implementation` (the runtime code `Clones` makes)."""
        runtime = bytes.fromhex("363d3d373d3d3d363d73") + bytes.fromhex(implementation[2:]) + bytes.fromhex(
            "5af43d82803e903d91602b57fd5bf3"
        )
        # OpenZeppelin Clones' creation prefix: copy the 45 runtime bytes that follow it and return them.
        initcode = bytes.fromhex("3d602d80600a3d3981f3") + runtime
        receipt = self.w3.eth.wait_for_transaction_receipt(self.w3.eth.send_transaction({"from": sender, "data": initcode}))
        return receipt["contractAddress"]


def _warp(w3: Web3, seconds: int) -> None:
    w3.provider.make_request("evm_increaseTime", [seconds])
    w3.provider.make_request("evm_mine", [])


def _init_params(name: str, issuer: str, registry: str, royalty_receiver: str) -> tuple[Any, ...]:
    # ICollection.InitParams: name, symbol, contractURI, registry, issuer, royaltyReceiver,
    # royaltyBps, holdingPeriod, maxTransfers.
    return (name, "JADE", "ipfs://collection", registry, issuer, royalty_receiver, ROYALTY_BPS, HOLDING_PERIOD, 0)


def measure(w3: Web3, accounts: list[str], artifacts_dir: Path = ARTIFACTS) -> dict[str, int]:
    """Deploys the suite on `w3` and measures the figures `run()` reports.

    Args:
        w3: A connection to a chain whose `accounts` are unlocked (Anvil's dev accounts).
        accounts: At least ten funded accounts.
        artifacts_dir: Where the compiled artifacts are.

    Returns:
        The five gas figures, keyed as in the module docstring.
    """
    d = _Deployer(w3, artifacts_dir)
    admin, operator, issuer, officer, treasury, alice, bob, artist, platform, _ = accounts[:10]

    registry, _ = d.deploy("ConsortiumRegistry", admin, admin)
    for role, who in (("OPERATOR_ROLE", operator), ("ISSUER_ROLE", issuer), ("KYC_OFFICER_ROLE", officer)):
        d.send(registry.functions.grantRole(getattr(registry.functions, role)().call(), who), admin)
    parties = [alice, bob, artist, platform, issuer]
    expiry = w3.eth.get_block("latest")["timestamp"] + 3650 * 86_400
    d.send(registry.functions.approveKyc(parties, [expiry] * len(parties), [1] * len(parties)), officer)

    deposit, _ = d.deploy("DepositToken", admin, "Digital deposit", "DDEP", registry.address, admin)
    d.send(deposit.functions.grantRole(deposit.functions.TREASURY_ROLE().call(), treasury), admin)

    implementation, implementation_gas = d.deploy("Collection", admin)
    factory, _ = d.deploy("CollectionFactory", admin, registry.address, implementation.address)
    market, _ = d.deploy("Marketplace", admin, registry.address, deposit.address, factory.address)
    d.send(registry.functions.setApprovedOperator(market.address, True), operator)
    d.send(market.functions.setPlatformFee(platform, FEE_BPS), operator)

    # Creating a collection: through the factory, and what the factory saves.
    params = _init_params("Jade Rabbit", issuer, registry.address, artist)
    collection_address = factory.functions.createCollection(params).call({"from": issuer})
    clone_deploy_gas = d.send(factory.functions.createCollection(params), issuer)
    bare = d.at("Collection", d.bare_clone(implementation.address, admin))
    initialize_gas = d.send(bare.functions.initialize(params), issuer)
    full_deploy_gas = implementation_gas + initialize_gas

    # The market's steady state: every party already holds deposit tokens, the buyer a collectible.
    collection = d.at("Collection", collection_address)
    edition = ("Jade Rabbit", 8888, 0, "ipfs://jade", b"\x00" * 32, 0, False)
    d.send(collection.functions.createEdition(edition), issuer)
    first = collection.functions.mintBatch(1, [alice, alice, bob]).call({"from": issuer})
    d.send(collection.functions.mintBatch(1, [alice, alice, bob]), issuer)
    for who in (alice, bob, artist, platform):
        d.send(deposit.functions.mint(who, 1_000_000 * 10**18), treasury)
    d.send(deposit.functions.approve(market.address, MAX_UINT), bob)
    d.send(collection.functions.setApprovalForAll(market.address, True), alice)
    _warp(w3, HOLDING_PERIOD)

    expires_at = w3.eth.get_block("latest")["timestamp"] + 7 * 86_400
    listing_id = market.functions.list(collection.address, first, PRICE, expires_at).call({"from": alice})
    list_gas = d.send(market.functions.list(collection.address, first, PRICE, expires_at), alice)
    buy_gas = d.send(market.functions.buy(listing_id, PRICE), bob)
    if collection.functions.ownerOf(first).call() != bob:
        raise RuntimeError("the benchmark's purchase did not move the token")
    cancel_all_gas = d.send(market.functions.cancelAll(), alice)

    return {
        "list_gas": list_gas,
        "buy_gas": buy_gas,
        "cancel_all_gas": cancel_all_gas,
        "clone_deploy_gas": clone_deploy_gas,
        "full_deploy_gas": full_deploy_gas,
    }


def _print_table(figures: dict[str, int]) -> None:
    print(f"{'figure':<20} {'gas':>12}  target")
    for key, value in figures.items():
        print(f"{key:<20} {value:>12,}  {TARGETS.get(key, '')}")
    ratio = figures["clone_deploy_gas"] / figures["full_deploy_gas"]
    print(f"{'clone / full':<20} {ratio:>12.1%}")


def run(artifacts_dir: Path = ARTIFACTS) -> dict[str, int]:
    """Measures the market and factory gas figures on a fresh managed Anvil chain.

    Args:
        artifacts_dir: Where the compiled artifacts are (`make artifacts` writes them).

    Returns:
        `{"list_gas", "buy_gas", "cancel_all_gas", "clone_deploy_gas", "full_deploy_gas"}`, each
        one transaction's `gasUsed` (for `full_deploy_gas`, the sum of two).

    Raises:
        FileNotFoundError: An artifact is missing.
    """
    with tempfile.TemporaryDirectory(prefix="gas_market-") as state_dir:
        profile = ConsortiumProfile(persist=False, state_dir=Path(state_dir))
        with AnvilChain(profile) as chain:
            figures = measure(chain.web3(), [account.address for account in chain.accounts], artifacts_dir)
    _print_table(figures)
    return figures


if __name__ == "__main__":
    run()
