"""Bad input is refused before anything is sent: no transaction, no nonce used."""

from __future__ import annotations

import pytest

from bank_collectibles import Collection, InvalidAddress, InvalidInput, Registry
from bank_collectibles.errors import EditionNotDirectlyMintable, UnknownDrop, UnknownEdition

from ._suite import YEAR, Suite, nothing_sent, raises

ZERO = "0x" + "00" * 20


def bad_checksum(address: str) -> str:
    """`address` with the case of one letter flipped: still hex, no longer its EIP-55 checksum."""
    i = next(i for i, ch in enumerate(address[2:], 2) if ch.isalpha())
    return address[:i] + address[i].swapcase() + address[i + 1 :]


def staff(s: Suite) -> list[str]:
    return [x.address for x in (s.admin, s.issuer, s.kyc_officer, s.compliance, s.regulator, s.treasury, s.minter)]


def test_addresses_are_checked_before_sending(any_suite: Suite):
    s = any_suite
    edition = s.edition()
    (customer,) = s.customers(1)
    minter = s.collection.using(s.minter)
    with nothing_sent(s.client, *staff(s), customer.address):
        with pytest.raises(InvalidAddress, match="checksum"):
            minter.mint(edition, [customer.address, bad_checksum(customer.address)])
        with pytest.raises(InvalidAddress, match="zero address"):
            minter.mint(edition, [ZERO])
        with pytest.raises(InvalidAddress, match="not an address"):
            s.registry.approve_kyc(["0x1234"], s.now() + YEAR)
        with pytest.raises(InvalidAddress, match="checksum"):
            s.collection.using(customer).transfer(1, bad_checksum(s.issuer.address))
        with pytest.raises(InvalidAddress):
            s.deposit.mint(ZERO, 1)
    # Lower- and upper-case hex carry no checksum and are accepted as they are.
    assert minter.mint(edition, [customer.address.lower()]).recipients == (customer.address,)


def test_unknown_series_are_refused_before_sending(any_suite: Suite):
    s = any_suite
    (customer,) = s.customers(1)
    hidden = s.edition(5, hidden_uri="ipfs://h")
    minter = s.collection.using(s.minter)
    with nothing_sent(s.client, *staff(s)):
        with raises(UnknownEdition, edition_id=987_654):
            minter.mint(987_654, [customer.address])
        with raises(UnknownDrop, drop_id=987_654):
            minter.mint_boxes(987_654, [customer.address])
        with raises(UnknownDrop, drop_id=hidden):  # an edition is not a drop
            minter.mint_boxes(hidden, [customer.address])
        with raises(EditionNotDirectlyMintable, edition_id=hidden):
            minter.mint(hidden, [customer.address])
        with pytest.raises(InvalidInput, match="series id"):
            minter.mint(0, [customer.address])


def test_amounts_and_settings_are_checked_before_sending(suite: Suite):
    s = suite
    (customer,) = s.customers(1)
    edition = s.edition()
    now = s.next_time() + 60
    drop = s.collection.create_drop("D", {edition: 1}, opens_at=now, closes_at=now + 60, placeholder_uri="ipfs://p")
    with nothing_sent(s.client, *staff(s), customer.address):
        for amount in (0, -5, True, 1.5):
            with pytest.raises(InvalidInput, match="amount"):
                s.deposit.mint(customer.address, amount)
        with pytest.raises(InvalidInput, match="price"):
            s.marketplace.using(customer).list(s.collection.address, 1, 0)
        with pytest.raises(InvalidInput, match="price"):
            s.marketplace.using(customer).buy(1, -1)
        with pytest.raises(InvalidInput, match="max_supply"):
            s.collection.create_edition("Zero", 0, uri="ipfs://z")
        with pytest.raises(InvalidInput, match="not both"):
            s.collection.create_edition("Both", 5, uri="ipfs://a", hidden_uri="ipfs://b")
        with pytest.raises(InvalidInput, match="bps"):
            s.collection.set_default_royalty(s.issuer.address, 1001)
        with pytest.raises(InvalidInput, match="reason"):
            s.collection.using(s.compliance).freeze_token(1, reason_code=256)
        with pytest.raises(InvalidInput, match="no recipients"):
            s.collection.using(s.minter).mint(edition, [])
        with pytest.raises(InvalidInput, match="closes_at"):
            s.collection.create_drop("D", {edition: 1}, opens_at=now, closes_at=now, placeholder_uri="ipfs://p")
        with pytest.raises(InvalidInput, match="placeholder"):
            s.collection.create_drop("D", {edition: 1}, opens_at=now, closes_at=now + 9, placeholder_uri="")
        with pytest.raises(InvalidInput, match="32 bytes"):
            s.collection.close_drop(drop.drop_id, b"short")
        with pytest.raises(InvalidInput, match="in the past"):
            s.registry.approve_kyc([customer.address], 1)
        with pytest.raises(InvalidInput, match="unknown collection role"):
            s.collection.grant_role("KYC_OFFICER_ROLE", customer.address)


def test_a_write_without_a_signer_sends_nothing(any_suite: Suite):
    s = any_suite
    (customer,) = s.customers(1)
    edition = s.edition()
    reader = Collection(s.client, s.collection.address)
    with nothing_sent(s.client, *staff(s), customer.address):
        for write in (
            lambda: reader.mint(edition, [customer.address]),
            lambda: reader.transfer(1, customer.address),
            lambda: Registry(s.client, s.registry.address).approve_kyc([customer.address], s.now() + YEAR),
            lambda: s.deployment.factory.create_collection(None),
            lambda: s.marketplace.cancel_all(),
        ):
            with pytest.raises(InvalidInput, match="no signer"):
                write()


def test_a_purchase_that_would_fail_sends_no_approval(any_suite: Suite):
    """`buy(approve=True)` runs every check of the purchase before the approval: a listing that
    cannot be bought raises its error, nothing is sent, and the buyer's allowance is unchanged."""
    from bank_collectibles.errors import ERC20InsufficientBalance, ListingExpired, NotTradable

    from .test_marketplace import PRICE, ROYALTY_BPS, funded_buyer, seller_with_token

    s = any_suite
    buyer, (broke,) = funded_buyer(s), s.customers(1)
    seller, token = seller_with_token(s)
    other_seller, frozen_token = seller_with_token(s)
    expiring = s.marketplace.using(seller).list(s.collection.address, token, PRICE, expires_at=s.next_time() + 30).listing_id
    frozen = s.marketplace.using(other_seller).list(s.collection.address, frozen_token, PRICE).listing_id
    s.collection.using(s.compliance).freeze_token(frozen_token, reason_code=7)
    s.warp(60)
    allowances = {a: s.deposit.allowance(a, s.marketplace.address) for a in (buyer.address, broke.address)}
    with nothing_sent(s.client, buyer.address, broke.address, seller.address, other_seller.address):
        with raises(ListingExpired, listing_id=expiring, expires_at=s.marketplace.listing(expiring).expires_at):
            s.marketplace.using(buyer).buy(expiring, PRICE, approve=True)
        with raises(NotTradable, collection=s.collection.address, token_id=frozen_token):
            s.marketplace.using(buyer).buy(frozen, PRICE, approve=True)
    fresh = s.marketplace.using(seller).list(s.collection.address, token, PRICE).listing_id  # passes every listing check
    with nothing_sent(s.client, broke.address):
        with raises(ERC20InsufficientBalance, sender=broke.address, balance=0, needed=PRICE * ROYALTY_BPS // 10_000):
            s.marketplace.using(broke).buy(fresh, PRICE, approve=True)  # the payment's own error, as the buy would raise
    assert {a: s.deposit.allowance(a, s.marketplace.address) for a in allowances} == allowances
    # The same buyer, a listing that can be bought: the approval and the purchase go through.
    assert s.marketplace.using(buyer).buy(fresh, PRICE, approve=True).buyer == buyer.address
