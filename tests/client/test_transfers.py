"""Gifts and transfers under the transfer policy, operator approval, and the compliance powers
(pause, token freeze, forced transfer and burn) with their provenance."""

from __future__ import annotations

import pytest

from bank_collectibles.errors import (
    AccessControlUnauthorizedAccount,
    AccountNotVerified,
    CollectionPaused,
    EtherNotAccepted,
    HoldingPeriodActive,
    InvalidInput,
    NoChange,
    NotComplianceAuthority,
    NotRegulator,
    NotTokenOwner,
    OperatorNotApproved,
    TokenFrozen,
    TokenSoulbound,
    TransferLimitReached,
)

from bank_collectibles.registry import role_id

from ._suite import Suite, nothing_sent, raises, send_call


def test_a_customer_gifts_a_token_to_another_verified_customer(suite: Suite):
    s = suite
    alice, bob = s.customers(2)
    (token,) = s.mint(s.edition(), [alice])
    (stranger,) = s.addresses(1)
    with raises(AccountNotVerified, account=stranger, reason=0):
        s.collection.using(alice).gift(token, stranger)
    with nothing_sent(s.client, alice.address), pytest.raises(InvalidInput, match="a transfer to oneself"):
        s.collection.using(alice).transfer(token, alice.address.lower())
    with nothing_sent(s.client, bob.address), raises(NotTokenOwner, token_id=token, caller=bob.address, owner=alice.address):
        s.collection.using(bob).transfer(token, bob.address)  # not her token: that first, not the self-transfer
    tx = s.collection.using(alice).transfer(token, bob.address)
    info = s.collection.token(token)
    assert (info.owner, info.transfer_count) == (bob.address, 1)
    assert info.acquired_at == s.client.node.block(tx.block)["timestamp"]
    history = s.collection.provenance(token)
    assert [(e.event, e.from_address, e.to_address) for e in history] == [
        ("Minted", None, alice.address), ("Transferred", alice.address, bob.address)]  # fmt: skip
    assert history[1].tx_hash == tx.tx_hash and history[1].block == tx.block


def test_only_registry_approved_operators_can_be_approved(suite: Suite):
    s = suite
    (alice,) = s.customers(1)
    s.collection.using(alice).approve_operator(s.marketplace.address)
    assert s.collection.is_approved_for_all(alice.address, s.marketplace.address)
    (rogue,) = s.addresses(1)
    with raises(OperatorNotApproved, operator=rogue):
        s.collection.using(alice).approve_operator(rogue)
    s.collection.using(alice).approve_operator(s.marketplace.address, approved=False)
    assert not s.collection.is_approved_for_all(alice.address, s.marketplace.address)


def test_the_collection_takes_no_ether(suite: Suite):
    (token,) = suite.mint(suite.edition(), [suite.spare])  # the spare account holds ether
    with raises(EtherNotAccepted):
        send_call(suite.collection, suite.spare, "approve", suite.marketplace.address, token, value=1)


def test_holding_period_transfer_cap_and_soulbound_editions(suite: Suite):
    s = suite
    collection = s.new_collection(holding_period=3600)
    edition = collection.create_edition("Held", 10, uri="ipfs://held").edition_id
    alice, bob, carol = s.customers(3)
    (token,) = s.mint(edition, [alice], collection=collection)
    info = collection.token(token)
    assert info.transferable_at == info.acquired_at + 3600
    with raises(HoldingPeriodActive, token_id=token, transferable_at=info.acquired_at + 3600):
        collection.using(alice).transfer(token, bob.address)

    collection.set_transfer_policy(0, max_transfers=1)
    assert (collection.holding_period(), collection.max_transfers()) == (0, 1)
    with nothing_sent(s.client, s.issuer.address), pytest.raises(NoChange, match="has this transfer policy already"):
        collection.set_transfer_policy(0, max_transfers=1)
    with raises(AccessControlUnauthorizedAccount, account=alice.address, needed_role=role_id("ISSUER_ROLE")):
        collection.using(alice).set_transfer_policy(0, max_transfers=1)  # no role: told so, not "no change"
    collection.using(alice).transfer(token, bob.address)
    assert collection.token(token).transferable_at is None  # at the cap: its holder can never move it
    with raises(TransferLimitReached, token_id=token, max_transfers=1):
        collection.using(bob).transfer(token, carol.address)

    soulbound = collection.create_edition("Badge", 10, uri="ipfs://badge", soulbound=True).edition_id
    (badge,) = s.mint(soulbound, [alice], collection=collection)
    assert collection.token(badge).locked and collection.token(badge).transferable_at is None
    with raises(TokenSoulbound, token_id=badge):
        collection.using(alice).transfer(badge, bob.address)


def test_a_paused_collection_neither_mints_nor_moves(suite: Suite):
    s = suite
    collection = s.new_collection()
    edition = collection.create_edition("P", 10, uri="ipfs://p").edition_id
    alice, bob = s.customers(2)
    (token,) = s.mint(edition, [alice], collection=collection)
    with raises(NotComplianceAuthority, caller=alice.address):
        collection.using(alice).pause()
    collection.using(s.compliance).pause()
    assert collection.paused() and collection.paused_by() == "compliance"
    with raises(CollectionPaused):
        s.mint(edition, [bob], collection=collection)
    with raises(CollectionPaused):
        collection.using(alice).transfer(token, bob.address)
    with raises(NotComplianceAuthority, caller=s.issuer.address):
        collection.unpause()  # a compliance pause holds against the issuer
    collection.using(s.compliance).unpause()
    assert not collection.paused() and collection.paused_by() is None
    collection.pause()  # the issuer's own
    assert collection.paused_by() == "issuer"
    collection.unpause()
    collection.using(alice).transfer(token, bob.address)


def test_a_regulators_pause_holds_against_the_banks_compliance_officer(suite: Suite):
    s = suite
    collection = s.new_collection()
    collection.using(s.compliance).pause()
    collection.using(s.regulator).pause()  # upgrades the compliance pause
    assert collection.paused_by() == "regulator"
    for who in (s.compliance, s.issuer):
        with nothing_sent(s.client, who.address), pytest.raises(NoChange, match="already paused by a regulator"):
            collection.using(who).pause()  # a lower pause changes nothing
        with raises(NotRegulator, caller=who.address):
            collection.using(who).unpause()
    collection.using(s.regulator).unpause()
    assert collection.paused_by() is None


def test_compliance_freezes_moves_and_burns_with_an_audit_trail(suite: Suite):
    s = suite
    alice, bob, carol = s.customers(3)
    (token,) = s.mint(s.edition(), [alice])
    s.collection.using(alice).transfer(token, bob.address)
    with raises(NotComplianceAuthority, caller=s.issuer.address):
        s.collection.freeze_token(token, reason_code=3)
    s.collection.using(s.compliance).freeze_token(token, reason_code=3)
    assert s.collection.token(token).frozen
    with raises(TokenFrozen, token_id=token):
        s.collection.using(bob).transfer(token, carol.address)

    (unverified,) = s.addresses(1)
    with raises(AccountNotVerified, account=unverified, reason=0):
        s.collection.using(s.regulator).force_transfer(token, unverified, reason_code=7)
    moved = s.collection.using(s.regulator).force_transfer(token, carol.address, reason_code=7)  # frozen or not
    info = s.collection.token(token)
    assert (info.owner, info.frozen, info.transfer_count) == (carol.address, True, 1)
    supply = s.collection.total_supply()
    burned = s.collection.using(s.compliance).force_burn(token, reason_code=9)
    assert s.collection.total_supply() == supply - 1
    assert s.collection.tokens([token]) == []

    history = s.collection.provenance(token)
    assert [(e.event, e.from_address, e.to_address, e.reason_code) for e in history] == [
        ("Minted", None, alice.address, None),
        ("Transferred", alice.address, bob.address, None),
        ("ForcedTransfer", bob.address, carol.address, 7),
        ("ForcedBurn", carol.address, None, 9),
    ]
    assert (history[2].tx_hash, history[3].tx_hash) == (moved.tx_hash, burned.tx_hash)


def test_an_unfrozen_token_moves_again(suite: Suite):
    s = suite
    alice, bob = s.customers(2)
    (token,) = s.mint(s.edition(), [alice])
    s.collection.using(s.regulator).freeze_token(token, reason_code=1)
    s.collection.using(s.regulator).unfreeze_token(token, reason_code=2)
    s.collection.using(alice).transfer(token, bob.address)
    assert s.collection.token(token).owner == bob.address


def test_a_pause_freeze_or_forced_move_that_would_change_nothing_is_refused_unsent(suite: Suite):
    s = suite
    collection = s.new_collection()
    (alice,) = s.customers(1)
    (token,) = s.mint(collection.create_edition("Idle", 10, uri="ipfs://idle").edition_id, [alice], collection=collection)
    compliance = collection.using(s.compliance)
    staff = (s.issuer.address, s.compliance.address, s.regulator.address)

    def refused(action, subjects, state):
        with nothing_sent(s.client, *staff), pytest.raises(NoChange) as info:
            action()
        assert (info.value.subjects, info.value.state) == (subjects, state)
        return str(info.value)

    assert "is not paused" in refused(compliance.unpause, (collection.address,), "not paused")
    assert "is not frozen" in refused(lambda: compliance.unfreeze_token(token, 1), (token,), "not frozen")
    assert "already held by" in refused(lambda: compliance.force_transfer(token, alice.address, 1), (token,),
                                        f"held by {alice.address}")
    compliance.freeze_token(token, 1)
    assert "already frozen" in refused(lambda: compliance.freeze_token(token, 2), (token,), "frozen")

    collection.pause()  # the issuer's
    assert "already paused by its issuer" in refused(collection.pause, (collection.address,), "paused")
    stranger = collection.using(s.customers(1)[0])  # no role: told so, not that nothing would change
    with nothing_sent(s.client, *staff), raises(NotComplianceAuthority, caller=stranger.signer.address):
        stranger.pause()
    with nothing_sent(s.client, *staff), raises(NotComplianceAuthority, caller=s.issuer.address):
        collection.freeze_token(token, 2)
    compliance.pause()  # not the same pause: it upgrades the issuer's, which the issuer can then no longer lift
    with raises(NotComplianceAuthority, caller=s.issuer.address):
        collection.unpause()
    assert "already paused by a compliance officer" in refused(compliance.pause, (collection.address,), "paused")
    refused(collection.pause, (collection.address,), "paused")  # a lower level: nothing would change
    compliance.unpause()
    assert not collection.paused() and collection.token(token).frozen
