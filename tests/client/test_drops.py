"""Blind-box drops: commit, sell, close, reveal, verify; every way a drop refuses; set redemption."""

from __future__ import annotations

import dataclasses
import logging
import secrets
from collections import Counter

import pytest

from bank_collectibles import DropCreated, Recipe, drop_commitment, token_id
from bank_collectibles.errors import (
    BoxIndexOutOfRange,
    DeadlineNotReached,
    DropAlreadyClosed,
    DropAlreadyRevealed,
    DropNotClosed,
    DropNotEnded,
    DropNotOpen,
    DropNotRevealed,
    DropSoldOut,
    InvalidDropConfig,
    InvalidInput,
    NoChange,
    NotConsortiumAuthority,
    NonexistentToken,
    NotTokenOwner,
    RecipeInactive,
    RevealTooEarly,
    RevealWindowMissed,
    RevealWindowOpen,
    SecretMismatch,
    SetMismatch,
    UnknownDrop,
    UnknownRecipe,
    WalletCapExceeded,
)
from bank_collectibles.fairness import permute

from ._suite import Suite, call_view, nothing_sent, raises, send_call

SCHEDULED, OPEN, ENDED, CLOSED, REVEALED = range(5)


def new_drop(s: Suite, editions: dict[int, int], *, scheduled: bool = False, **options) -> DropCreated:
    """A drop of `editions` open for an hour, open now unless `scheduled` (opening in an hour).

    It opens a few seconds ahead and chain time is moved there: a drop may not open in the past,
    and the next block's time may be a second later than when it was asked for.
    """
    lead = 3600 if scheduled else 5
    opens_at = s.next_time() + lead
    created = s.collection.create_drop(
        f"Spring box {secrets.token_hex(4)}",  # drop names are unique in a collection
        editions, opens_at=opens_at, closes_at=opens_at + 3600, placeholder_uri="ipfs://box", **options
    )
    if not scheduled:
        s.warp(lead)
    return created


def test_a_created_drop_keeps_its_secret_out_of_its_repr(suite: Suite, caplog):
    s = suite
    drop = new_drop(s, {s.edition(): 1}, scheduled=True)
    assert len(drop.secret) == 32 and drop_commitment(drop.secret) == drop.commitment  # still an attribute
    caplog.set_level(logging.INFO)
    logging.getLogger("test").info("created %s", drop)
    for text in (repr(drop), str(drop), f"{drop}", caplog.text):
        assert f"drop_id={drop.drop_id}" in text and "secret" not in text
        assert drop.secret.hex() not in text and repr(drop.secret) not in text and str(drop.secret) not in text
    assert drop == dataclasses.replace(drop) and drop != dataclasses.replace(drop, secret=b"\x00" * 32)


def test_a_drop_is_revealed_fairly_and_anyone_can_verify_it(any_suite: Suite):
    s = any_suite
    jade = s.edition(1000, uri="ipfs://jade")
    moon = s.edition(10, hidden_uri="ipfs://moon")
    drop = new_drop(s, {jade: 18, moon: 2})
    assert len(drop.secret) == 32 and drop.commitment == drop_commitment(drop.secret)
    state = s.collection.drop(drop.drop_id)
    assert (state.phase, state.box_count, state.commitment, state.edition_ids, state.counts) == (
        "open", 20, drop.commitment, (jade, moon), (18, 2))  # fmt: skip
    holders = s.holders(10)
    minter = s.collection.using(s.minter)
    first = minter.mint_boxes(drop.drop_id, holders)
    second = minter.mint_boxes(drop.drop_id, holders)
    boxes = [*first.token_ids, *second.token_ids]
    assert boxes == [token_id(drop.drop_id, n) for n in range(1, 21)]
    unrevealed = s.collection.token(boxes[0])
    assert (unrevealed.serial, unrevealed.label, unrevealed.drop_id, unrevealed.uri) == (
        None, "unrevealed box", drop.drop_id, "ipfs://box")  # fmt: skip
    assert s.collection.drop(drop.drop_id).phase == "ended"  # sold out

    s.collection.close_drop(drop.drop_id, drop.secret)
    assert s.collection.drop(drop.drop_id).phase == "closed"
    revealed = s.collection.reveal(drop.drop_id)  # mines the reveal block on a development chain
    state = s.collection.drop(drop.drop_id)
    assert state.phase == "revealed" and revealed.seed == state.seed and state.secret == drop.secret

    report = s.collection.verify_reveal(drop.drop_id)
    assert report.fair and report.commitment_honoured and report.seed_recomputed and not report.mismatches
    assert not report.closed_without_secret
    assert report.boxes_checked == 20 and report.counts_by_edition == {jade: 18, moon: 2}
    infos = s.collection.tokens(boxes)
    assert Counter(i.serial.edition_id for i in infos) == {jade: 18, moon: 2}  # exact, every box sold
    assert sorted(i.serial.serial for i in infos if i.serial.edition_id == moon) == [1, 2]
    assert {i.uri for i in infos if i.serial.edition_id == jade} == {"ipfs://jade"}
    assert {i.uri for i in infos if i.serial.edition_id == moon} == {"ipfs://box"}  # hidden URI not out yet
    s.collection.reveal_edition_uri(moon, "ipfs://moon")
    moon_boxes = [i.token_id for i in infos if i.serial.edition_id == moon]
    assert {i.uri for i in s.collection.tokens(moon_boxes)} == {"ipfs://moon"}


def test_verify_reveal_reports_a_tampered_secret_or_seed(suite: Suite, monkeypatch: pytest.MonkeyPatch):
    s = suite
    edition, other = s.edition(), s.edition()
    drop = new_drop(s, {edition: 6, other: 6})
    s.collection.using(s.minter).mint_boxes(drop.drop_id, s.holders(12))
    s.collection.close_drop(drop.drop_id, drop.secret)
    s.collection.reveal(drop.drop_id)
    collection = s.collection
    honest = collection.drop(drop.drop_id)
    assert collection.verify_reveal(drop.drop_id).fair

    monkeypatch.setattr(collection, "drop", lambda _: dataclasses.replace(honest, secret=secrets.token_bytes(32)))
    report = collection.verify_reveal(drop.drop_id)
    assert not report.fair and not report.commitment_honoured and not report.seed_recomputed

    monkeypatch.setattr(collection, "drop", lambda _: dataclasses.replace(honest, seed=secrets.token_bytes(32)))
    report = collection.verify_reveal(drop.drop_id)
    assert not report.fair and report.commitment_honoured and not report.seed_recomputed
    assert report.mismatches  # the boxes do not hold what the forged seed would give them


def test_the_reveal_permutation_matches_the_contract(suite: Suite):
    seed = secrets.token_bytes(32)
    for index in (0, 1, 7, 99):
        assert call_view(suite.collection, "permute", seed, index, 100) == permute(seed, index, 100)
    with raises(BoxIndexOutOfRange, box_index=5, box_count=5):
        call_view(suite.collection, "permute", seed, 5, 5)


def test_a_drop_name_is_refused_while_another_drop_of_the_collection_has_it(suite: Suite):
    s = suite
    edition = s.edition()
    first = new_drop(s, {edition: 1})
    name = s.collection.drop(first.drop_id).name
    with nothing_sent(s.client, s.issuer.address), pytest.raises(InvalidInput) as info:
        s.collection.create_drop(f" {name}", {edition: 1}, closes_at=s.next_time() + 60, placeholder_uri="ipfs://box")
    assert type(info.value) is InvalidInput and str(info.value).startswith(f"drop {first.drop_id} is already named {name!r}")


def test_a_drop_sells_only_while_open_and_only_what_it_has(suite: Suite):
    s = suite
    edition = s.edition()
    later = new_drop(s, {edition: 2}, scheduled=True)
    (holder,) = s.holders(1)
    minter = s.collection.using(s.minter)
    with raises(DropNotOpen, drop_id=later.drop_id, phase=SCHEDULED) as refused:
        minter.mint_boxes(later.drop_id, [holder])
    assert str(refused.value) == f"DropNotOpen(drop_id={later.drop_id}, phase=0 (scheduled))"
    drop = new_drop(s, {edition: 3}, wallet_cap=2)
    a, b = s.holders(2)
    with raises(DropSoldOut, drop_id=drop.drop_id, box_count=3, requested=4, available=3):
        minter.mint_boxes(drop.drop_id, [a, b, a, b])
    with raises(WalletCapExceeded, series_id=drop.drop_id, wallet=a, cap=2):
        minter.mint_boxes(drop.drop_id, [a, a, a])
    minter.mint_boxes(drop.drop_id, [a, a])
    with raises(DropNotEnded, drop_id=drop.drop_id, closes_at=s.collection.drop(drop.drop_id).closes_at):
        s.collection.close_drop(drop.drop_id, drop.secret)
    minter.mint_boxes(drop.drop_id, [b])
    with raises(SecretMismatch, drop_id=drop.drop_id):
        s.collection.close_drop(drop.drop_id, secrets.token_bytes(32))
    s.collection.close_drop(drop.drop_id, drop.secret)
    with raises(DropNotOpen, drop_id=drop.drop_id, phase=CLOSED):
        minter.mint_boxes(drop.drop_id, [b])
    with raises(DropAlreadyClosed, drop_id=drop.drop_id):
        s.collection.close_drop(drop.drop_id, drop.secret)


def test_a_drop_is_revealed_once_after_its_block_and_never_before_closing(suite: Suite):
    s = suite
    edition = s.edition()
    drop = new_drop(s, {edition: 2})
    boxes = s.collection.using(s.minter).mint_boxes(drop.drop_id, s.holders(2)).token_ids
    with raises(DropNotClosed, drop_id=drop.drop_id):
        s.collection.reveal(drop.drop_id)
    with raises(DropNotRevealed, drop_id=drop.drop_id):
        s.collection.serial(boxes[0])
    with pytest.raises(DropNotRevealed):
        s.collection.verify_reveal(drop.drop_id)
    closed = s.collection.close_drop(drop.drop_id, drop.secret)
    reveal_block = closed.block + 1
    with raises(RevealTooEarly, drop_id=drop.drop_id, reveal_block=reveal_block):  # the contract says so
        send_call(s.collection, s.spare, "reveal", drop.drop_id)
    with raises(RevealTooEarly, drop_id=drop.drop_id, reveal_block=reveal_block):  # the client gives up waiting
        s.collection.reveal(drop.drop_id, mine=False, timeout=0)
    with raises(RevealWindowOpen, drop_id=drop.drop_id, reveal_block=reveal_block):
        s.collection.using(s.regulator).move_reveal_target(drop.drop_id)
    s.collection.reveal(drop.drop_id)
    with raises(DropAlreadyRevealed, drop_id=drop.drop_id):
        s.collection.reveal(drop.drop_id)
    with raises(DropAlreadyRevealed, drop_id=drop.drop_id):
        s.collection.using(s.regulator).move_reveal_target(drop.drop_id)
    assert s.collection.serial(boxes[0]).edition_id == edition


def test_a_missed_reveal_window_is_moved_and_the_drop_still_reveals_fairly(suite: Suite):
    s = suite
    edition, other = s.edition(), s.edition()
    drop = new_drop(s, {edition: 3, other: 1})
    s.collection.using(s.minter).mint_boxes(drop.drop_id, s.holders(4))
    reveal_block = s.collection.close_drop(drop.drop_id, drop.secret).block + 1
    s.client.mine(258)  # the reveal block's hash is gone
    with raises(RevealWindowMissed, drop_id=drop.drop_id, reveal_block=reveal_block):
        s.collection.reveal(drop.drop_id)
    # The issuer, who could have seen the first outcome, gets no second draw: the consortium decides.
    with nothing_sent(s.client, s.issuer.address), raises(NotConsortiumAuthority, caller=s.issuer.address):
        s.collection.move_reveal_target(drop.drop_id)
    moved = s.collection.using(s.regulator).move_reveal_target(drop.drop_id)
    result = s.collection.reveal(drop.drop_id)
    assert result.reveal_block == moved.block + 1
    report = s.collection.verify_reveal(drop.drop_id)
    assert report.fair and report.counts_by_edition == {edition: 3, other: 1}


def test_anyone_closes_a_drop_the_issuer_abandoned_after_the_deadline(suite: Suite):
    s = suite
    edition = s.edition()
    drop = new_drop(s, {edition: 4})
    s.collection.using(s.minter).mint_boxes(drop.drop_id, s.holders(1))
    state = s.collection.drop(drop.drop_id)
    (stranger,) = s.customers(1)
    deadline = state.closes_at + 7 * 86_400
    with raises(DeadlineNotReached, drop_id=drop.drop_id, deadline=deadline):
        s.collection.using(stranger).close_drop_after_deadline(drop.drop_id)
    s.warp(deadline - s.now() + 1)
    s.collection.using(stranger).close_drop_after_deadline(drop.drop_id)
    assert s.collection.drop(drop.drop_id).secret == drop.commitment  # the commitment stands in
    s.collection.using(stranger).reveal(drop.drop_id)
    report = s.collection.verify_reveal(drop.drop_id)
    assert report.fair and report.boxes_checked == 1 and report.counts_by_edition == {edition: 4}
    assert report.closed_without_secret  # said, so that nobody reads it as the issuer's published secret


def test_drop_configuration_the_contract_refuses(suite: Suite):
    s = suite
    soulbound = s.edition(soulbound=True)
    with raises(InvalidDropConfig, reason="soulbound edition"):
        new_drop(s, {soulbound: 2})
    with raises(UnknownDrop, drop_id=999_999):
        s.collection.drop(999_999)


def test_drops_are_listed_in_creation_order_with_their_state(suite: Suite):
    s = suite
    first = new_drop(s, {s.edition(): 2}).drop_id
    second = new_drop(s, {s.edition(): 3}, scheduled=True).drop_id
    drops = {d.drop_id: d for d in s.collection.drops()}
    assert list(drops)[-2:] == [first, second]
    assert (drops[first], drops[second]) == (s.collection.drop(first), s.collection.drop(second))
    assert (drops[first].phase, drops[second].phase, drops[second].box_count) == ("open", "scheduled", 3)


def test_a_full_set_is_redeemed_for_a_reward(suite: Suite):
    s = suite
    spring, summer, reward = s.edition(), s.edition(), s.edition(5)
    recipe = s.collection.create_recipe([spring, summer], reward).recipe_id
    alice, bob = s.customers(2)
    a_spring, a_summer, b_spring = s.mint(spring, [alice]) + s.mint(summer, [alice]) + s.mint(spring, [bob])
    as_alice = s.collection.using(alice)
    with raises(SetMismatch, recipe_id=recipe, index=0, token_id=a_summer, expected_edition_id=spring):
        as_alice.redeem(recipe, [a_summer, a_spring])
    with raises(SetMismatch, recipe_id=recipe, index=1, token_id=0, expected_edition_id=summer):
        as_alice.redeem(recipe, [a_spring])
    with raises(NotTokenOwner, token_id=b_spring, caller=alice.address, owner=bob.address):
        as_alice.redeem(recipe, [b_spring, a_summer])
    assert s.collection.recipe(recipe) == Recipe(recipe, (spring, summer), reward, True)
    with nothing_sent(s.client, s.issuer.address), pytest.raises(NoChange, match=f"recipe {recipe} is active already"):
        s.collection.set_recipe_active(recipe, True)
    s.collection.set_recipe_active(recipe, False)
    assert Recipe(recipe, (spring, summer), reward, False) in s.collection.recipes()
    with raises(RecipeInactive, recipe_id=recipe):
        as_alice.redeem(recipe, [a_spring, a_summer])
    s.collection.set_recipe_active(recipe, True)

    result = as_alice.redeem(recipe, [a_spring, a_summer])
    assert result.burned_token_ids == (a_spring, a_summer)
    assert result.reward_token_id == token_id(reward, 1) and str(result.reward_serial) == "#1/5"
    assert s.collection.token(result.reward_token_id).owner == alice.address
    with raises(NonexistentToken, token_id=a_spring):
        s.collection.token(a_spring)
    assert [e.event for e in s.collection.provenance(a_spring)] == ["Minted", "Redeemed"]
    assert s.collection.edition(spring).burned == 1
    with raises(UnknownRecipe, recipe_id=999_999):
        s.collection.set_recipe_active(999_999, True)
    with raises(UnknownRecipe, recipe_id=999_999):
        s.collection.recipe(999_999)
