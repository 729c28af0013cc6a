"""Gas of the market paths and of creating a collection, from receipts on a managed Anvil chain.

With the client library on a freshly deployed suite, each figure one transaction's `gasUsed`
(refunds included, as a bank pays them):

- `list_gas`: a seller lists a token (her first listing on this marketplace);
- `buy_gas`: a buyer buys it with royalty and platform fee paid in the deposit token, in the steady
  state the target is defined for: buyer, seller, royalty receiver and platform already hold
  deposit tokens, the buyer already holds a collectible and has given an unlimited allowance;
- `cancel_all_gas`: a seller's first `cancelAll` (it writes her nonce slot for the first time);
- `clone_deploy_gas`: `CollectionFactory.createCollection` by a bank creating its first collection
  (clone, initialize, catalog entry);
- `full_deploy_gas`: what a bank would pay without the factory: deploying a Collection (its
  constructor also deploys the set-up module) plus the `initialize` transaction, measured on a
  bare EIP-1167 proxy since the implementation locks its own initializer.
"""

from __future__ import annotations

from bank_collectibles import CollectionSpec
from bank_collectibles._contracts import load_artifact
from bank_collectibles._sending import ContractCall

from ._suite import BenchSuite, bench_suite

HOLDING_PERIOD = 86_400
PRICE = 1_000 * 10**18
FEE_BPS = 250
SPEC = CollectionSpec("Jade Rabbit", "JADE", contract_uri="ipfs://collection", royalty_bps=500, holding_period=HOLDING_PERIOD)
TARGETS = {"buy_gas": "<= 150,000", "clone_deploy_gas": "<= full_deploy_gas / 4"}


def run() -> dict[str, int]:
    """Deploys the suite on a fresh Anvil chain, measures, prints a table and returns the figures."""
    with bench_suite(collection=SPEC, fee_bps=FEE_BPS) as bench:
        figures = {**_market(bench), **_deploys(bench)}
    print(f"{'figure':<20} {'gas':>12}  target")
    for key, value in figures.items():
        print(f"{key:<20} {value:>12,}  {TARGETS.get(key, '')}")
    print(f"{'clone / full':<20} {figures['clone_deploy_gas'] / figures['full_deploy_gas']:>12.1%}")
    return figures


def _market(bench: BenchSuite) -> dict[str, int]:
    suite, collection = bench.suite, bench.suite.collection
    seller, buyer = bench.customers(2)
    royalty_receiver, platform = bench.issuer.address, bench.admin.address
    bench.approve([royalty_receiver, platform])
    edition = collection.using(bench.issuer).create_edition("Jade Rabbit", 8888, uri="ipfs://jade").edition_id
    token = collection.using(bench.minter).mint(edition, [seller.address, seller.address, buyer.address]).token_ids[0]
    deposit = suite.deposit_token
    for who in (seller.address, buyer.address, royalty_receiver, platform):
        deposit.using(bench.treasury).mint(who, 1_000_000 * 10**18)
    deposit.using(buyer).approve(suite.marketplace.address, 2**256 - 1)
    collection.using(seller).approve_operator(suite.marketplace.address)
    bench.advance(HOLDING_PERIOD)

    market = suite.marketplace
    listing = market.using(seller).list(collection.address, token, PRICE)
    sale = market.using(buyer).buy(listing.listing_id, PRICE)
    if collection.token(token).owner != buyer.address:
        raise RuntimeError("the benchmark's purchase did not move the token")
    return {"list_gas": listing.tx.gas_used, "buy_gas": sale.tx.gas_used, "cancel_all_gas": market.using(seller).cancel_all().gas_used}


def _deploys(bench: BenchSuite) -> dict[str, int]:
    second_bank = bench.spare[0]
    bench.suite.registry.using(bench.admin).grant_role("ISSUER_ROLE", second_bank.address)
    clone = bench.suite.factory.using(second_bank).create_collection(SPEC).tx

    sender = bench.client.sender(bench.admin)
    deployed = sender.send(ContractCall("", bytes.fromhex(load_artifact("Collection")["bytecode"][2:]), "deploy", "deploy Collection"))
    assert deployed.contract_address is not None
    # OpenZeppelin Clones' init code: it returns the 45-byte EIP-1167 runtime that follows it.
    proxy_code = bytes.fromhex("3d602d80600a3d3981f3363d3d373d3d3d363d73" + deployed.contract_address[2:] + "5af43d82803e903d91602b57fd5bf3")
    proxy = sender.send(ContractCall("", proxy_code, "proxy", "deploy proxy")).contract_address
    assert proxy is not None
    bare = bench.suite.collection_at(proxy).using(second_bank)
    initialized = bare._send("initialize", SPEC.init_params(bench.suite.registry.address, second_bank.address))
    return {"clone_deploy_gas": clone.gas_used, "full_deploy_gas": deployed.gas_used + initialized.gas_used}
