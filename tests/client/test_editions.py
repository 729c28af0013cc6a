"""Editions (limited and hidden), minting with serials, token info in batches, holdings, royalties."""

from __future__ import annotations

import pytest

from bank_collectibles import Collection, token_id
from bank_collectibles._rpc import Node
from bank_collectibles.errors import (
    AccessControlUnauthorizedAccount,
    EditionNotDirectlyMintable,
    EditionSoldOut,
    EmptyBatch,
    InvalidEditionConfig,
    InvalidInput,
    InvalidRecipe,
    NonexistentToken,
    RoyaltyTooHigh,
    UnknownEdition,
    URIAlreadyRevealed,
    URICommitmentMismatch,
    WalletCapExceeded,
)
from bank_collectibles.registry import role_id
from bank_collectibles.results import RoyaltyInfo, SaleQuote

from ._suite import ROYALTY_BPS, Suite, call_view, nothing_sent, raises, send_call


def test_a_limited_edition_mints_consecutive_serials(any_suite: Suite):
    s = any_suite
    created = s.collection.create_edition("Jade Rabbit", 8888, uri="ipfs://jade")
    edition = s.collection.edition(created.edition_id)
    assert (edition.name, edition.kind, edition.max_supply, edition.uri, edition.uri_revealed) == (
        "Jade Rabbit", "limited", 8888, "ipfs://jade", True)  # fmt: skip
    customers = s.customers(5)
    minted = s.collection.using(s.minter).mint(created.edition_id, [c.address for c in customers[:3]])
    assert minted.token_ids == tuple(token_id(created.edition_id, n) for n in (1, 2, 3))
    assert minted.recipients == tuple(c.address for c in customers[:3])
    again = s.mint(created.edition_id, customers[3:])
    assert again == [token_id(created.edition_id, 4), token_id(created.edition_id, 5)]
    infos = s.collection.tokens([*minted.token_ids, *again])
    assert [str(i.serial) for i in infos] == ["#1/8888", "#2/8888", "#3/8888", "#4/8888", "#5/8888"]
    assert [i.owner for i in infos] == [c.address for c in customers]
    assert all(i.uri == "ipfs://jade" and i.drop_id is None and not i.locked and not i.frozen for i in infos)
    edition = s.collection.edition(created.edition_id)
    assert (edition.minted, edition.allocated, edition.remaining) == (5, 5, 8883)


def test_editions_are_listed_in_creation_order(suite: Suite):
    collection = suite.new_collection()
    first = collection.create_edition("A", 10, uri="ipfs://a").edition_id
    second = collection.create_edition("B", 5, hidden_uri="ipfs://b").edition_id
    assert [(e.edition_id, e.name, e.kind) for e in collection.editions()] == [(first, "A", "limited"), (second, "B", "hidden")]
    assert (collection.series_named("edition", "B"), collection.series_named("edition", " A ")) == (second, first)
    with pytest.raises(InvalidInput, match="no drop is named 'A' in this collection"):
        collection.series_named("drop", "A")  # editions and drops are looked up apart
    # Twins made by another tool (the contract takes any name): ambiguous, named by id instead.
    collection._transact("createEdition", ("A", 10, 0, "ipfs://a2", b"\x00" * 32, 0, False))
    with pytest.raises(InvalidInput, match=f"2 editions are named 'A' \\(ids {first}, {second + 1}\\): give its id"):
        collection.series_named("edition", "A")


def test_an_edition_name_is_refused_while_another_edition_of_the_collection_has_it(suite: Suite):
    collection = suite.new_collection()
    first = collection.create_edition("Twin Rabbit", 10, uri="ipfs://twin").edition_id
    for name in ("Twin Rabbit", " Twin Rabbit "):  # the same name in `edition list`
        with nothing_sent(suite.client, suite.issuer.address), pytest.raises(InvalidInput) as info:
            collection.create_edition(name, 5, hidden_uri="ipfs://other")
        assert type(info.value) is InvalidInput
        assert str(info.value).startswith(f"edition {first} is already named 'Twin Rabbit'")
    assert [e.name for e in collection.editions()] == ["Twin Rabbit"]
    spaced = collection.create_edition(" Twin Rabbit II ", 5, uri="ipfs://two").edition_id
    assert collection.edition(spaced).name == "Twin Rabbit II"  # stored as campaign files and lookups spell it
    suite.new_collection().create_edition("Twin Rabbit", 5, uri="ipfs://twin")  # another collection's names are its own


def test_a_hidden_edition_publishes_only_its_commitment_until_revealed(suite: Suite):
    s = suite
    hidden = s.edition(10, hidden_uri="ipfs://moon-rabbit")
    edition = s.collection.edition(hidden)
    assert (edition.kind, edition.uri, edition.uri_revealed) == ("hidden", "", False)
    with raises(InvalidEditionConfig, reason="hidden uri not revealed"):
        s.collection.set_edition_uri(hidden, "ipfs://early")
    with raises(URICommitmentMismatch, edition_id=hidden):
        s.collection.reveal_edition_uri(hidden, "ipfs://a-guess")
    (customer,) = s.customers(1)
    s.collection.using(customer).reveal_edition_uri(hidden, "ipfs://moon-rabbit")  # anyone may publish it
    edition = s.collection.edition(hidden)
    assert (edition.uri, edition.uri_revealed) == ("ipfs://moon-rabbit", True)
    with raises(URIAlreadyRevealed, edition_id=hidden):
        s.collection.reveal_edition_uri(hidden, "ipfs://moon-rabbit")
    s.collection.set_edition_uri(hidden, "ipfs://moon-rabbit-v2")
    assert s.collection.edition(hidden).uri == "ipfs://moon-rabbit-v2"


def test_a_hidden_edition_is_not_minted_directly(any_suite: Suite):
    s = any_suite
    hidden = s.edition(10, hidden_uri="ipfs://secret")
    (customer,) = s.customers(1)
    with raises(EditionNotDirectlyMintable, edition_id=hidden):  # the client knows before sending
        s.mint(hidden, [customer])
    with raises(EditionNotDirectlyMintable, edition_id=hidden):  # and the contract agrees
        send_call(s.collection, s.minter, "mintBatch", hidden, [customer.address])


def test_supply_and_wallet_caps_are_absolute(suite: Suite):
    s = suite
    edition = s.edition(3, wallet_cap=1)
    a, b, c, d = s.customers(4)
    s.mint(edition, [a, b])
    with raises(EditionSoldOut, edition_id=edition, max_supply=3, requested=2, available=1):
        s.mint(edition, [c, d])
    with raises(WalletCapExceeded, series_id=edition, wallet=a.address, cap=1):
        s.mint(edition, [a])
    s.mint(edition, [c])
    assert s.collection.edition(edition).remaining == 0


def test_only_the_issuer_creates_editions_and_only_minters_mint(suite: Suite):
    s = suite
    with raises(AccessControlUnauthorizedAccount, account=s.minter.address, needed_role=role_id("ISSUER_ROLE")):
        s.collection.using(s.minter).create_edition("Nope", 1, uri="ipfs://x")
    edition = s.edition()
    (customer,) = s.customers(1)
    with raises(AccessControlUnauthorizedAccount, account=customer.address, needed_role=role_id("MINTER_ROLE")):
        s.collection.using(customer).mint(edition, [customer.address])


def test_edition_and_recipe_checks_the_client_leaves_to_the_contract(suite: Suite):
    s = suite
    with raises(UnknownEdition, edition_id=999_999):
        s.collection.edition(999_999)  # a read that reverts
    edition = s.edition()
    with raises(InvalidRecipe, reason="2 to 16 editions"):
        s.collection.create_recipe([edition], edition)
    with raises(EmptyBatch):
        send_call(s.collection, s.minter, "mintBatch", edition, [])
    with raises(RoyaltyTooHigh, bps=1001, max_bps=1000):
        send_call(s.collection, s.issuer, "setDefaultRoyalty", s.issuer.address, 1001)


def test_token_info_for_many_tokens_is_read_in_batches(suite: Suite, monkeypatch: pytest.MonkeyPatch):
    s = suite
    edition = s.edition(1000)
    owners = s.customers(3)
    tokens = s.mint(edition, owners * 40)  # 120 tokens
    batches: list[int] = []
    real = Node.raw_batch

    def counting(self: Node, calls, **options):
        batches.append(len(calls))
        return real(self, calls, **options)

    monkeypatch.setattr(Node, "raw_batch", counting)
    missing = token_id(edition, 999)
    infos = s.collection.tokens([*tokens, missing])
    assert [i.token_id for i in infos] == tokens  # a token that does not exist is left out
    assert [i.serial.serial for i in infos] == list(range(1, 121))
    sent = [size for size in batches if size]  # an empty batch is never sent
    # 4 calls per token and the transfer policy's 2, then the listings: their events, their state
    assert sent[0] == 4 * 121 + 2 and len(sent) <= 3
    with raises(NonexistentToken, token_id=missing):
        s.collection.tokens([tokens[0], missing], strict=True)
    with raises(NonexistentToken, token_id=missing):
        s.collection.token(missing)


def test_holdings_are_what_an_account_holds_now(any_suite: Suite):
    s = any_suite
    edition = s.edition()
    alice, bob = s.customers(2)
    tokens = s.mint(edition, [alice, alice, alice, bob])
    assert [t.token_id for t in s.collection.holdings(alice.address)] == tokens[:3]
    s.collection.using(alice).gift(tokens[0], bob.address)
    assert [t.token_id for t in s.collection.holdings(alice.address)] == tokens[1:3]
    held = s.collection.holdings(bob.address)
    assert sorted(t.token_id for t in held) == [tokens[0], tokens[3]]
    assert {t.label for t in held} == {"#1/100", "#4/100"}


def test_royalties_default_and_per_edition(suite: Suite):
    s = suite
    edition, special = s.edition(), s.edition()
    (customer,) = s.customers(1)
    token, other = s.mint(edition, [customer]) + s.mint(special, [customer])
    assert s.collection.royalty_info(token, 10_000) == RoyaltyInfo(s.issuer.address, 10_000 * ROYALTY_BPS // 10_000)
    s.collection.set_edition_royalty(special, s.spare.address, 1000)
    assert s.collection.royalty_info(other, 10_000) == RoyaltyInfo(s.spare.address, 1000)
    assert s.collection.royalty_info(token, 10_000) == RoyaltyInfo(s.issuer.address, 500)
    s.collection.set_edition_royalty(special, "0x" + "00" * 20, 0)  # removes the override
    assert s.collection.royalty_info(other, 10_000) == RoyaltyInfo(s.issuer.address, 500)
    fresh = s.new_collection(royalty_bps=0)
    fresh.set_default_royalty(s.spare.address, 250)
    fresh_edition = fresh.create_edition("R", 5, uri="ipfs://r").edition_id
    (fresh_token,) = fresh.mint(fresh_edition, [customer.address]).token_ids
    assert fresh.royalty_info(fresh_token, 1000) == RoyaltyInfo(s.spare.address, 25)
    quote = s.marketplace.quote(fresh.address, fresh_token, 1000)
    assert quote == SaleQuote(royalty_receiver=s.spare.address, royalty=25, platform_fee=25, seller_proceeds=950)


def test_reads_through_a_bare_web3_connection_work_without_a_signer(suite: Suite):
    reader = Collection(suite.client, suite.collection.address)
    assert reader.total_supply() >= 0 and reader.holding_period() == 0
    assert call_view(reader, "name") == "Spring Festival"
