"""Member banks create their collections through the factory, which keeps the catalog."""

from __future__ import annotations

import pytest

from bank_collectibles import CollectionSpec
from bank_collectibles.errors import AccessControlUnauthorizedAccount, IssuerMismatch, NoChange, NotIssuer
from bank_collectibles.results import RoyaltyInfo

from ._suite import Suite, nothing_sent, raises, send_call


def test_an_issuer_creates_a_collection_in_the_catalog_and_grants_its_minter(suite: Suite):
    s = suite
    factory = s.deployment.factory
    collection = s.new_collection(contract_uri="ipfs://campaign", holding_period=60, max_transfers=3)
    assert factory.is_collection(collection.address)
    assert collection.address in factory.collections_of(s.issuer.address)
    assert factory.collections()[0] == s.collection.address and collection.address in factory.collections()
    assert (collection.holding_period(), collection.royalty_info(0, 1000)) == (60, RoyaltyInfo(s.issuer.address, 50))
    edition = collection.create_edition("Lantern", 8, uri="ipfs://lantern").edition_id
    collection.grant_role("MINTER_ROLE", s.minter.address)
    (customer,) = s.customers(1)
    assert s.mint(edition, [customer], collection=collection.using(s.minter)) == [(edition << 32) | 1]


def test_collection_roles_are_granted_revoked_and_listed_from_the_chain(suite: Suite):
    s = suite
    collection = s.new_collection()
    assert collection.role_holders()["DEFAULT_ADMIN_ROLE"] == (s.issuer.address,)
    collection.grant_role("MINTER_ROLE", s.minter.address)
    assert s.minter.address in collection.role_holders()["MINTER_ROLE"] and collection.has_role("MINTER_ROLE", s.minter.address)
    (customer,) = s.customers(1)
    with raises(AccessControlUnauthorizedAccount, account=customer.address, needed_role=bytes(32)):
        collection.using(customer).grant_role("MINTER_ROLE", s.minter.address)  # no role: told so, not "no change"
    with nothing_sent(s.client, s.issuer.address), pytest.raises(NoChange, match="holds MINTER_ROLE on this collection already"):
        collection.grant_role("MINTER_ROLE", s.minter.address)
    collection.revoke_role("MINTER_ROLE", s.minter.address)
    assert s.minter.address not in collection.role_holders().get("MINTER_ROLE", ())
    with nothing_sent(s.client, s.issuer.address), pytest.raises(NoChange, match="does not hold MINTER_ROLE on this collection: revoking"):
        collection.revoke_role("MINTER_ROLE", s.minter.address)
    assert s.registry.role_holders()["REGULATOR_ROLE"] == (s.regulator.address,)
    assert s.deposit.role_holders()["TREASURY_ROLE"] == (s.treasury.address,)


def test_only_a_registry_issuer_creates_and_only_for_itself(suite: Suite):
    s = suite
    (customer,) = s.customers(1)
    spec = CollectionSpec("Rogue", "RGE")
    with raises(NotIssuer, caller=customer.address):
        s.deployment.factory.using(customer).create_collection(spec)
    params = spec.init_params(s.registry.address, s.minter.address)  # issued in another account's name
    with raises(IssuerMismatch, caller=s.issuer.address, issuer=s.minter.address):
        send_call(s.deployment.factory, s.issuer, "createCollection", params)
