"""The consortium registry: KYC approval, renewal and revocation in batches; account freezes."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bank_collectibles import InvalidInput
from bank_collectibles.errors import (
    AccessControlUnauthorizedAccount,
    AccountNotVerified,
    BatchLengthMismatch,
    EmptyBatch,
    FreezeHeldByCompliance,
    FreezeHeldByRegulator,
    KycExpiryInPast,
    NoChange,
    NotAuthorizedForFreeze,
    ZeroAddress,
)
from bank_collectibles.registry import role_id

from ._suite import YEAR, Suite, nothing_sent, raises, send_call

NO_KYC, KYC_EXPIRED, ISSUER_FROZEN, OPERATOR_FROZEN = range(4)


def test_kyc_is_approved_renewed_and_revoked_in_batches(any_suite: Suite):
    s = any_suite
    accounts = s.addresses(40)
    expiry = s.now() + YEAR
    tx = s.registry.approve_kyc(accounts, expiry, tier=2)
    assert s.registry.verified(accounts) == [True] * 40  # one transaction, one batched read
    record = s.registry.kyc(accounts[0])
    assert (record.expires_at, record.tier, record.verified) == (expiry, 2, True)

    renewed = s.registry.renew_kyc(accounts[:10], datetime.fromtimestamp(expiry + YEAR, timezone.utc), tier=3)
    assert renewed.block > tx.block
    assert (s.registry.kyc(accounts[0]).expires_at, s.registry.kyc(accounts[0]).tier) == (expiry + YEAR, 3)
    assert s.registry.kyc(accounts[10]).expires_at == expiry
    assert s.registry.kyc_records(accounts[0]) == [s.registry.kyc(accounts[0])]  # one address, as approve_kyc takes it
    s.registry.renew_kyc(accounts[10:12], expiry + 2 * YEAR)  # each keeps its tier
    assert [(r.expires_at, r.tier) for r in s.registry.kyc_records(accounts[9:12])] == [(expiry + YEAR, 3)] + [(expiry + 2 * YEAR, 2)] * 2
    (stranger,) = s.addresses(1)
    with nothing_sent(s.client, s.kyc_officer.address), pytest.raises(InvalidInput, match=f"{stranger} has no KYC record to renew"):
        s.registry.renew_kyc([accounts[12], stranger], expiry + 2 * YEAR)

    s.registry.revoke_kyc(accounts[:5])
    assert s.registry.verified(accounts[:6]) == [False] * 5 + [True]
    assert s.registry.kyc(accounts[0]).expires_at == 0
    edition = s.edition()
    with raises(AccountNotVerified, account=accounts[4], reason=NO_KYC):
        s.mint(edition, [accounts[5], accounts[4]])


def test_a_large_batch_is_one_transaction(suite: Suite):
    accounts = suite.addresses(500)
    before = suite.client.node.block_number()
    suite.registry.approve_kyc(accounts, suite.now() + YEAR)
    assert suite.client.node.block_number() == before + 1
    assert all(suite.registry.verified(accounts))
    with nothing_sent(suite.client, suite.kyc_officer.address), pytest.raises(InvalidInput, match="at most 500"):
        suite.registry.approve_kyc(accounts + suite.addresses(1), suite.now() + YEAR)
    with nothing_sent(suite.client, suite.kyc_officer.address), pytest.raises(InvalidInput, match="twice"):
        suite.registry.approve_kyc(accounts[:2] * 2, suite.now() + YEAR)
    with pytest.raises(InvalidInput, match="timezone-aware"):
        suite.registry.approve_kyc(accounts[:1], datetime(2100, 1, 1))


def test_account_freezes_by_issuer_and_operator_are_independent(suite: Suite):
    (customer,) = suite.customers(1)
    edition = suite.edition()
    registry = suite.deployment.registry
    registry.using(suite.issuer).set_account_freeze([customer.address], True)
    registry.using(suite.regulator).set_account_freeze([customer.address], True, authority="operator")
    record = registry.kyc(customer.address)
    assert (record.issuer_frozen, record.operator_frozen, record.verified) == (True, True, False)
    with raises(AccountNotVerified, account=customer.address, reason=ISSUER_FROZEN):
        suite.mint(edition, [customer])

    registry.using(suite.compliance).set_account_freeze([customer.address], False)  # lifts the issuer flag only
    with raises(AccountNotVerified, account=customer.address, reason=OPERATOR_FROZEN):
        suite.mint(edition, [customer])
    registry.using(suite.regulator).set_account_freeze([customer.address], False, authority="operator")
    assert registry.is_verified(customer.address)
    assert suite.mint(edition, [customer])

    # A renewal keeps the freeze flags.
    registry.using(suite.issuer).set_account_freeze([customer.address], True)
    suite.registry.renew_kyc([customer.address], suite.now() + 2 * YEAR)
    assert registry.kyc(customer.address).issuer_frozen
    with pytest.raises(InvalidInput, match="authority"):
        registry.using(suite.issuer).set_account_freeze([customer.address], True, authority="bank")


def test_an_account_freeze_that_would_change_nothing_is_refused_unsent(suite: Suite):
    a, b = suite.holders(2)
    compliance = suite.deployment.registry.using(suite.compliance)
    with nothing_sent(suite.client, suite.compliance.address), pytest.raises(NoChange) as info:
        compliance.set_account_freeze([a, b], False)
    assert (info.value.subjects, info.value.state) == ((a, b), "not frozen")
    compliance.set_account_freeze([a], True)
    with nothing_sent(suite.client, suite.compliance.address), pytest.raises(NoChange) as info:
        compliance.set_account_freeze([b, a], True)
    assert (info.value.subjects, info.value.state) == ((a,), "frozen")
    assert str(info.value).startswith(f"{a} is already frozen by the issuer flag")
    assert not suite.deployment.registry.kyc(b).issuer_frozen  # the rest of the batch was not sent either
    suite.deployment.registry.using(suite.regulator).set_account_freeze([a], True, authority="operator")  # the other flag
    compliance.set_account_freeze([a], False)
    assert (suite.deployment.registry.kyc(a).issuer_frozen, suite.deployment.registry.kyc(a).operator_frozen) == (False, True)
    with pytest.raises(NoChange, match="the operator flag holds: lifting it takes authority 'operator'"):
        compliance.set_account_freeze([a], False)


def test_a_compliance_or_regulator_freeze_holds_against_the_lower_authority(suite: Suite):
    (customer,) = suite.holders(1)
    registry = suite.deployment.registry
    registry.using(suite.issuer).set_account_freeze([customer], True)  # the bank's own freeze
    assert not registry.kyc(customer).compliance_hold
    registry.using(suite.compliance).set_account_freeze([customer], True)  # not the same: it makes it a hold
    assert registry.kyc(customer).compliance_hold
    with nothing_sent(suite.client, suite.issuer.address), raises(FreezeHeldByCompliance, account=customer):
        registry.using(suite.issuer).set_account_freeze([customer], False)
    assert not registry.is_verified(customer)
    registry.using(suite.compliance).set_account_freeze([customer], False)
    assert registry.is_verified(customer) and not registry.kyc(customer).compliance_hold
    # The operator flag likewise: the regulator's freeze holds against the operator.
    registry.using(suite.regulator).set_account_freeze([customer], True, authority="operator")
    assert registry.kyc(customer).regulator_hold
    with nothing_sent(suite.client, suite.admin.address), raises(FreezeHeldByRegulator, account=customer):
        registry.using(suite.admin).set_account_freeze([customer], False, authority="operator")  # the operator
    registry.using(suite.regulator).set_account_freeze([customer], False, authority="operator")
    assert registry.is_verified(customer)


def test_revoking_accounts_without_a_kyc_record_is_refused_unsent(suite: Suite):
    (known,) = suite.holders(1)
    strangers = suite.addresses(4)  # never onboarded
    officer = suite.deployment.registry.using(suite.kyc_officer)
    with nothing_sent(suite.client, suite.kyc_officer.address), pytest.raises(NoChange) as info:
        officer.revoke_kyc([known, *strangers])
    assert (info.value.subjects, info.value.state) == (tuple(strangers), "no KYC")
    assert str(info.value) == (f"{strangers[0]}, {strangers[1]}, {strangers[2]} and 1 more are without a KYC record: "
                               "revoking would change nothing for them (leave them out of the batch)")
    assert suite.deployment.registry.kyc(known).verified  # the rest of the batch was not sent either
    officer.revoke_kyc([known])
    with pytest.raises(NoChange, match="is without a KYC record: revoking would change nothing$"):
        officer.revoke_kyc([known])
    with raises(AccessControlUnauthorizedAccount, account=suite.issuer.address, needed_role=role_id("KYC_OFFICER_ROLE")):
        suite.deployment.registry.using(suite.issuer).revoke_kyc([known])


def test_freezing_needs_the_authority_of_the_flag(suite: Suite):
    (customer,) = suite.customers(1)
    registry = suite.deployment.registry
    with raises(NotAuthorizedForFreeze, caller=suite.kyc_officer.address, authority=0):
        registry.using(suite.kyc_officer).set_account_freeze([customer.address], True)
    with raises(NotAuthorizedForFreeze, caller=suite.issuer.address, authority=1):
        registry.using(suite.issuer).set_account_freeze([customer.address], True, authority="operator")


def test_kyc_needs_the_officer_role(any_suite: Suite):
    (customer,) = any_suite.customers(1, verified=False)
    with raises(AccessControlUnauthorizedAccount, account=customer.address, needed_role=role_id("KYC_OFFICER_ROLE")):
        any_suite.registry.using(customer).approve_kyc([customer.address], any_suite.now() + YEAR)
    assert not any_suite.registry.is_verified(customer.address)


def test_registry_checks_the_client_cannot_trip_are_still_typed(suite: Suite):
    """Arguments the client never builds, sent through its lower-level sender."""
    registry, officer = suite.registry, suite.kyc_officer
    (customer,) = suite.customers(1, verified=False)
    with raises(KycExpiryInPast, account=customer.address, expires_at=1):
        send_call(registry, officer, "approveKyc", [customer.address], [1], [0])
    with raises(BatchLengthMismatch, accounts=1, values_=2):
        send_call(registry, officer, "approveKyc", [customer.address], [suite.now() + YEAR] * 2, [0])
    with raises(EmptyBatch):
        send_call(registry, officer, "approveKyc", [], [], [])
    with raises(ZeroAddress):
        send_call(suite.deployment.registry, suite.admin, "setApprovedOperator", "0x" + "00" * 20, True)
