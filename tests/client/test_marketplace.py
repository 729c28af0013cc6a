"""The marketplace (list, cancel, cancel all, buy with royalty and platform fee) and the deposit token."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bank_collectibles import Collection
from bank_collectibles.errors import (
    AccessControlUnauthorizedAccount,
    AlreadyListed,
    BuyerIsSeller,
    DepositNotVerified,
    EnforcedPause,
    ERC20InsufficientAllowance,
    ERC20InsufficientBalance,
    ExpectedPause,
    ExpiryInPast,
    FeeTooHigh,
    ListingExpired,
    ListingStale,
    MarketplaceNotApproved,
    NoChange,
    NotCatalogCollection,
    NotCollectionIssuer,
    NotPlatformOperator,
    NotSeller,
    NotTradable,
    PriceAboveCeiling,
    PriceMismatch,
    PriceTooHigh,
    SellerNotOwner,
    UnknownListing,
    ZeroPrice,
)
from bank_collectibles.registry import role_id
from bank_collectibles.results import PlatformFee

from ._suite import FEE_BPS, ROYALTY_BPS, Suite, nothing_sent, raises, send_call
from .test_drops import new_drop

PRICE = 100 * 10**18


def seller_with_token(s: Suite, *, approve: bool = True, collection=None):
    (seller,) = s.customers(1)
    if collection is None:
        (token,) = s.mint(s.edition(), [seller])
        collection = s.collection
    else:
        edition = collection.create_edition("M", 10, uri="ipfs://m").edition_id
        (token,) = s.mint(edition, [seller], collection=collection)
    if approve:
        collection.using(seller).approve_operator(s.marketplace.address)
    return seller, token


def funded_buyer(s: Suite, amount: int = 10 * PRICE):
    (buyer,) = s.customers(1)
    s.deposit.mint(buyer.address, amount)
    return buyer


def test_a_sale_pays_royalty_platform_fee_and_seller(any_suite: Suite):
    s = any_suite
    seller, token = seller_with_token(s)
    buyer = funded_buyer(s)
    deposit = s.deposit
    listing = s.marketplace.using(seller).list(s.collection.address, token, PRICE)
    assert s.collection.token(token).listed
    (shown,) = s.marketplace.listings(seller=seller.address)
    assert (shown.listing_id, shown.token_id, shown.price, shown.active) == (listing.listing_id, token, PRICE, True)

    payees = [s.issuer.address, s.admin.address, seller.address, buyer.address]
    before = [deposit.balance_of(a) for a in payees]
    sale = s.marketplace.using(buyer).buy(listing.listing_id, PRICE)
    royalty, fee = PRICE * ROYALTY_BPS // 10_000, PRICE * FEE_BPS // 10_000
    assert (sale.seller, sale.buyer, sale.token_id, sale.price) == (seller.address, buyer.address, token, PRICE)
    assert (sale.royalty_receiver, sale.royalty, sale.platform_fee) == (s.issuer.address, royalty, fee)
    assert sale.seller_proceeds == PRICE - royalty - fee
    after = [deposit.balance_of(a) for a in payees]
    assert [b - a for a, b in zip(before, after)] == [royalty, fee, PRICE - royalty - fee, -PRICE]
    assert s.collection.token(token).owner == buyer.address
    assert not s.marketplace.listing(listing.listing_id).active
    assert s.collection.provenance(token)[-1].event == "Transferred"


def test_the_buyer_is_protected_against_a_changed_price(any_suite: Suite):
    s = any_suite
    seller, token = seller_with_token(s)
    buyer = funded_buyer(s)
    listing = s.marketplace.using(seller).list(s.collection.address, token, PRICE)
    nonce = s.client.node.nonce(buyer.address)
    with raises(PriceMismatch, listing_id=listing.listing_id, price=PRICE, expected_price=PRICE // 2):
        s.marketplace.using(buyer).buy(listing.listing_id, PRICE // 2)
    assert s.client.node.nonce(buyer.address) == nonce, "something was sent for a refused quote"
    assert s.deposit.balance_of(buyer.address) == 10 * PRICE
    assert s.collection.token(token).owner == seller.address


def test_listings_are_cancelled_one_by_one_or_all_at_once(suite: Suite):
    s = suite
    seller, token = seller_with_token(s)
    (other,) = s.mint(s.edition(), [seller])
    market = s.marketplace.using(seller)
    first = market.list(s.collection.address, token, PRICE).listing_id
    second = market.list(s.collection.address, other, 2 * PRICE).listing_id
    assert [l.listing_id for l in s.marketplace.listings(seller=seller.address)] == [first, second]
    buyer = funded_buyer(s)
    with raises(NotSeller, listing_id=first, caller=buyer.address):
        s.marketplace.using(buyer).cancel(first)
    market.cancel(first)
    assert not s.marketplace.listing(first).active
    with raises(UnknownListing, listing_id=first):
        market.cancel(first)
    market.cancel_all()
    assert s.marketplace.listings(seller=seller.address) == []
    assert [l.listing_id for l in s.marketplace.listings(seller=seller.address, active_only=False)] == [second]
    with raises(ListingStale, listing_id=second):
        s.marketplace.using(buyer).buy(second, 2 * PRICE)


def test_a_token_has_one_live_listing_at_a_time(suite: Suite):
    s = suite
    seller, token = seller_with_token(s)
    market = s.marketplace.using(seller)
    first = market.list(s.collection.address, token, PRICE).listing_id
    assert s.collection.token(token).listed
    assert Collection(s.client, s.collection.address).token(token).listed is None  # no marketplace given: unknown
    for relist in (lambda: market.list(s.collection.address, token, 2 * PRICE),
                   lambda: market.check_listing(s.collection.address, token, 2 * PRICE, s.next_time() + 600)):
        with nothing_sent(s.client, seller.address), pytest.raises(AlreadyListed, match=f"listing {first}, price {PRICE}") as info:
            relist()
        assert (info.value.listing_id, info.value.token_id, info.value.price) == (first, token, PRICE)
    market.cancel(first)
    second = market.list(s.collection.address, token, 2 * PRICE).listing_id
    assert [(l.listing_id, l.price) for l in s.marketplace.listings(seller=seller.address)] == [(second, 2 * PRICE)]


def test_a_blind_box_listed_before_its_drop_closed_cannot_be_bought_after(suite: Suite):
    s = suite
    drop = new_drop(s, {s.edition(): 1, s.edition(): 1})
    (seller,) = s.customers(1)
    (box, other) = s.collection.using(s.minter).mint_boxes(drop.drop_id, [seller.address, s.holders(1)[0]]).token_ids
    s.collection.using(seller).approve_operator(s.marketplace.address)
    listing = s.marketplace.using(seller).list(s.collection.address, box, PRICE).listing_id
    assert s.marketplace.listing(listing).active
    s.collection.close_drop(drop.drop_id, drop.secret)  # sold out: its contents can be computed now
    buyer = funded_buyer(s)
    assert not s.marketplace.listing(listing).active
    with nothing_sent(s.client, buyer.address), raises(ListingStale, listing_id=listing):
        s.marketplace.using(buyer).buy(listing, PRICE)
    s.marketplace.using(seller).cancel(listing)
    relisted = s.marketplace.using(seller).list(s.collection.address, box, 2 * PRICE).listing_id  # at a price that knows
    assert s.marketplace.using(buyer).buy(relisted, 2 * PRICE).token_id == box


def test_what_cannot_be_listed(suite: Suite):
    s = suite
    seller, token = seller_with_token(s, approve=False)
    market = s.marketplace.using(seller)
    with raises(MarketplaceNotApproved, collection=s.collection.address, token_id=token):
        market.list(s.collection.address, token, PRICE)
    # Checked before the approval: everything but the approval passes, or the approval would be wasted.
    assert market.check_listing(s.collection.address, token, PRICE, s.next_time() + 600) is None
    (other,) = s.customers(1)
    with nothing_sent(s.client, other.address), raises(SellerNotOwner, collection=s.collection.address, token_id=token,
                                                       caller=other.address):
        s.marketplace.using(other).check_listing(s.collection.address, token, PRICE, s.next_time() + 600)
    s.collection.using(seller).approve_operator(s.marketplace.address)
    registry = s.deployment.registry.address
    with raises(NotCatalogCollection, collection=registry):
        market.list(registry, token, PRICE)
    (stranger,) = s.customers(1)
    with raises(SellerNotOwner, collection=s.collection.address, token_id=token, caller=stranger.address):
        s.marketplace.using(stranger).list(s.collection.address, token, PRICE)
    with raises(ExpiryInPast, expires_at=1):
        market.list(s.collection.address, token, PRICE, expires_at=1)
    expiry = s.now() + 86_400
    with raises(ZeroPrice):
        send_call(s.marketplace, seller, "list", s.collection.address, token, 0, expiry)
    with raises(PriceTooHigh, price=2**96, max_price=2**96 - 1):
        send_call(s.marketplace, seller, "list", s.collection.address, token, 2**96, expiry)
    s.collection.using(s.compliance).freeze_token(token)
    with raises(NotTradable, collection=s.collection.address, token_id=token):
        market.list(s.collection.address, token, PRICE)


def test_what_cannot_be_bought(suite: Suite):
    s = suite
    seller, token = seller_with_token(s)
    market = s.marketplace.using(seller)
    listing = market.list(s.collection.address, token, PRICE, expires_at=s.now() + 600).listing_id
    with raises(BuyerIsSeller, listing_id=listing):
        market.buy(listing, PRICE)
    (broke,) = s.customers(1)
    with raises(ERC20InsufficientAllowance, spender=s.marketplace.address, allowance=0, needed=PRICE * ROYALTY_BPS // 10_000):
        s.marketplace.using(broke).buy(listing, PRICE, approve=False)
    with raises(ERC20InsufficientBalance, sender=broke.address, balance=0, needed=PRICE * ROYALTY_BPS // 10_000):
        s.marketplace.using(broke).buy(listing, PRICE)  # the purchase's checks fail first: no approval is sent
    buyer = funded_buyer(s)
    s.warp(601)
    with raises(ListingExpired, listing_id=listing, expires_at=s.marketplace.listing(listing).expires_at):
        s.marketplace.using(buyer).buy(listing, PRICE)
    with raises(UnknownListing, listing_id=999_999):
        s.marketplace.using(buyer).buy(999_999, PRICE)
    # Open in the latest block, expired by the time the approval and the buy are mined: refused first.
    late = funded_buyer(s)
    other_seller, other = seller_with_token(s)
    closing = s.marketplace.using(other_seller).list(s.collection.address, other, PRICE, expires_at=s.next_time() + 2).listing_id
    expires_at = s.marketplace.listing(closing).expires_at
    with nothing_sent(s.client, late.address), raises(ListingExpired, listing_id=closing, expires_at=expires_at):
        s.marketplace.using(late).buy(closing, PRICE)


def test_a_listing_the_next_block_would_find_expired_is_not_active(suite: Suite, monkeypatch: pytest.MonkeyPatch):
    s = suite
    seller, token = seller_with_token(s)
    expires_at = s.next_time() + 60
    listing = s.marketplace.using(seller).list(s.collection.address, token, PRICE, expires_at=expires_at).listing_id
    assert s.marketplace.listing(listing).active
    # No block since: the contract still sees it open, but the clock has passed its expiry.
    monkeypatch.setattr("bank_collectibles.marketplace.time", SimpleNamespace(time=lambda: expires_at + 1))
    assert s.marketplace._read("isListingActive", listing)
    assert not s.marketplace.listing(listing).active
    assert listing not in [l.listing_id for l in s.marketplace.listings(seller=seller.address)]


def test_a_price_ceiling_set_by_the_issuer_caps_listings(suite: Suite):
    s = suite
    collection = s.new_collection()
    seller, token = seller_with_token(s, collection=collection)
    (stranger,) = s.customers(1)
    with raises(NotCollectionIssuer, collection=collection.address, caller=stranger.address):
        s.marketplace.using(stranger).set_price_ceiling(collection.address, PRICE)
    assert s.marketplace.price_ceiling(collection.address) == 0
    s.marketplace.using(s.issuer).set_price_ceiling(collection.address, PRICE)
    assert s.marketplace.price_ceiling(collection.address) == PRICE
    with raises(NotCollectionIssuer, collection=collection.address, caller=stranger.address):  # the role before NoChange
        s.marketplace.using(stranger).set_price_ceiling(collection.address, PRICE)
    with nothing_sent(s.client, s.issuer.address), pytest.raises(NoChange, match=f"has price ceiling {PRICE} already"):
        s.marketplace.using(s.issuer).set_price_ceiling(collection.address, PRICE)
    with raises(PriceAboveCeiling, collection=collection.address, price=PRICE + 1, ceiling=PRICE):
        s.marketplace.using(seller).list(collection.address, token, PRICE + 1)
    assert s.marketplace.using(seller).list(collection.address, token, PRICE).listing_id


def test_only_the_operator_sets_the_platform_fee(suite: Suite):
    s = suite
    with raises(NotPlatformOperator, caller=s.issuer.address):
        s.marketplace.using(s.issuer).set_platform_fee(s.issuer.address, 100)
    with raises(FeeTooHigh, bps=1001, max_bps=1000):
        send_call(s.marketplace, s.admin, "setPlatformFee", s.admin.address, 1001)
    s.marketplace.using(s.admin).set_platform_fee(s.admin.address, FEE_BPS)  # unchanged: other tests rely on it
    assert s.marketplace.platform_fee() == PlatformFee(s.admin.address, FEE_BPS)


def test_the_deposit_token_moves_only_between_verified_accounts(any_suite: Suite):
    s = any_suite
    alice, bob = s.customers(2)
    deposit = s.deposit
    assert deposit.decimals() == 18
    deposit.mint(alice.address, 500)
    deposit.using(alice).transfer(bob.address, 200)
    assert (deposit.balance_of(alice.address), deposit.balance_of(bob.address)) == (300, 200)
    deposit.using(alice).approve(s.marketplace.address, 50)
    assert deposit.allowance(alice.address, s.marketplace.address) == 50
    deposit.burn(bob.address, 200)
    assert deposit.balance_of(bob.address) == 0
    (unverified,) = s.addresses(1)
    with raises(DepositNotVerified, account=unverified):
        deposit.mint(unverified, 1)
    with raises(AccessControlUnauthorizedAccount, account=alice.address, needed_role=role_id("TREASURY_ROLE")):
        deposit.using(alice).mint(alice.address, 1)


def test_a_paused_deposit_token_stops_payments(suite: Suite):
    s = suite
    seller, token = seller_with_token(s)
    buyer = funded_buyer(s)
    listing = s.marketplace.using(seller).list(s.collection.address, token, PRICE).listing_id
    pauser = s.deployment.deposit_token.using(s.compliance)  # PAUSER_ROLE went to the compliance officer
    with raises(ExpectedPause):
        pauser.unpause()
    pauser.pause()
    try:
        with raises(EnforcedPause):
            s.marketplace.using(buyer).buy(listing, PRICE)
    finally:
        pauser.unpause()
    assert s.marketplace.using(buyer).buy(listing, PRICE).buyer == buyer.address


def test_pausing_a_paused_deposit_token_or_unpausing_a_running_one_is_explained_unsent(suite: Suite):
    s = suite
    pauser = s.deployment.deposit_token.using(s.compliance)
    with nothing_sent(s.client, s.compliance.address), raises(ExpectedPause) as refused:
        pauser.unpause()
    assert str(refused.value) == "ExpectedPause(): the deposit token is not paused: there is no pause to lift"
    pauser.pause()
    try:
        with nothing_sent(s.client, s.compliance.address), raises(EnforcedPause) as refused:
            pauser.pause()
        assert str(refused.value).startswith("EnforcedPause(): the deposit token is paused")
    finally:
        pauser.unpause()
