"""The consortium registry: roles, KYC records, account freezes and approved operators."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from datetime import datetime

from ._contracts import BoundContract, checked_address, checked_addresses, checked_flag, positive
from ._roles import AccessControlled, checked_role, role_id  # noqa: F401  (checked_role, role_id: re-exported)
from .errors import AccountNotVerified, InvalidInput, NoChange
from .results import KycRecord, TxResult

ROLES = ("OPERATOR_ROLE", "ISSUER_ROLE", "KYC_OFFICER_ROLE", "COMPLIANCE_ROLE", "REGULATOR_ROLE")
FREEZE_AUTHORITIES = {"issuer": 0, "operator": 1}
# Each flag's higher authority, whose freeze is a hold the lower one does not lift, and its record field.
_HOLDS = {"issuer": ("COMPLIANCE_ROLE", "complianceHold"), "operator": ("REGULATOR_ROLE", "regulatorHold")}
MAX_BATCH = 500  # accounts per transaction, well inside a 30M block gas limit
UINT64_MAX = 2**64 - 1


def unix_time(value: int | datetime, what: str) -> int:
    """`value` (Unix seconds, or a timezone-aware datetime) as Unix seconds that fit a uint64.

    Raises:
        InvalidInput: A naive datetime, or not a positive int below 2**64.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidInput(f"{what} must be timezone-aware (e.g. datetime(..., tzinfo=timezone.utc))")
        value = int(value.timestamp())
    return positive(value, what, maximum=UINT64_MAX)


class Registry(AccessControlled, BoundContract):
    """The consortium's registry (IConsortiumRegistry). Writes need the role each method names.

    Every write raises `InvalidInput` when no signer is bound, and may raise `SignerError` and
    `NodeError` (`TransactionTimeout` among them); reads may raise `NodeError`. A write the
    contract would reject raises that contract error by name, normally from the pre-flight
    (`eth_estimateGas`), before anything is sent.
    """

    artifact = "ConsortiumRegistry"
    ROLE_NAMES = ("DEFAULT_ADMIN_ROLE", *ROLES)
    ROLE_SCOPE = "registry"

    # ------------------------------------------------------------------------------------ KYC

    def approve_kyc(self, accounts: Sequence[str], expires_at: int | datetime, tier: int = 1) -> TxResult:
        """Approves or renews KYC for `accounts` until `expires_at` (Unix time or aware datetime).

        Requires `KYC_OFFICER_ROLE`. Freeze flags are kept.

        Args:
            accounts: Up to 500 customer addresses.
            expires_at: When the approval lapses; must be in the future.
            tier: The bank's KYC tier (0-255).

        Returns:
            The transaction.

        Raises:
            InvalidAddress: An address is malformed or zero.
            InvalidInput: An empty or too large batch, an expiry in the past, a bad tier.
            AccessControlUnauthorizedAccount: The signer is not a KYC officer.
            KycExpiryInPast: The expiry is not after the chain's clock (one running ahead of ours).
        """
        addresses, expiry = self._batch(accounts), _future(expires_at)
        positive(tier, "tier", maximum=255, allow_zero=True)
        return self._transact("approveKyc", addresses, [expiry] * len(addresses), [tier] * len(addresses))

    def renew_kyc(self, accounts: Sequence[str], expires_at: int | datetime, tier: int | None = None) -> TxResult:
        """Extends the KYC of `accounts` to `expires_at`, each keeping its tier unless `tier` is given.

        Requires `KYC_OFFICER_ROLE`. Freeze flags are kept. An account whose approval has lapsed
        can be renewed; one without a record must be approved (`approve_kyc`) with its tier.

        Args:
            accounts: Up to 500 customer addresses, each with a KYC record.
            expires_at: When the approval lapses; must be in the future.
            tier: A new tier for all of them (0-255); by default each keeps its own.

        Returns:
            The transaction.

        Raises:
            InvalidAddress: An address is malformed or zero.
            InvalidInput: An empty or too large batch, an expiry in the past, a bad tier, an
                account without a KYC record (nothing is sent).
            AccessControlUnauthorizedAccount: The signer is not a KYC officer.
            KycExpiryInPast: The expiry is not after the chain's clock.
        """
        addresses, expiry = self._batch(accounts), _future(expires_at)
        if tier is not None:
            positive(tier, "tier", maximum=255, allow_zero=True)
        records = self.kyc_records(addresses)
        missing = [r.account for r in records if r.expires_at == 0]
        if missing:
            raise InvalidInput(f"{_some(missing)} ha{'s' if len(missing) == 1 else 've'} no KYC record to renew: "
                               "approve them with approve_kyc and their tier")
        tiers = [r.tier if tier is None else tier for r in records]
        return self._transact("approveKyc", addresses, [expiry] * len(addresses), tiers)

    def revoke_kyc(self, accounts: Sequence[str]) -> TxResult:
        """Deletes the KYC records of `accounts`; their freeze flags are kept. Requires `KYC_OFFICER_ROLE`.

        Args:
            accounts: Up to 500 customer addresses.

        Returns:
            The transaction.

        Raises:
            InvalidAddress: An address is malformed or zero.
            InvalidInput: An empty or too large batch, or an account twice.
            NoChange: Accounts without a KYC record (the registry would record a revocation that
                revoked nothing); `subjects` names them all.
            AccessControlUnauthorizedAccount: The signer is not a KYC officer.
        """
        addresses = self._batch(accounts)
        records = self._read_many("kycOf", [(address,) for address in addresses])
        unchanged = [address for address, record in zip(addresses, records) if record["expiresAt"] == 0]
        if unchanged:
            self._preflight("revokeKyc", addresses)
            raise _no_change(unchanged, len(addresses), "without a KYC record", "revoking", "no KYC")
        return self._transact("revokeKyc", addresses)

    def set_account_freeze(self, accounts: Sequence[str], frozen: bool, authority: str = "issuer") -> TxResult:
        """Sets or lifts the `authority` ("issuer" or "operator") freeze flag of `accounts`.

        The issuer flag needs `ISSUER_ROLE` or `COMPLIANCE_ROLE`; the operator flag `OPERATOR_ROLE`
        or `REGULATOR_ROLE`. Lifting one flag never lifts the other. A compliance officer's issuer
        flag is a compliance hold, which no member bank's issuer lifts; the regulator's operator
        flag is a hold the operator does not lift.

        Args:
            accounts: Up to 500 customer addresses.
            frozen: Set (True) or lift (False) the flag.
            authority: Which flag: "issuer" or "operator".

        Returns:
            The transaction.

        Raises:
            InvalidAddress: An address is malformed or zero.
            InvalidInput: A bad authority or flag, an empty or too large batch, an account twice.
            NoChange: Accounts whose flag is already as asked (the registry would record a change
                for them that never happened); `subjects` names them all.
            NotAuthorizedForFreeze: The signer lacks the roles the flag needs.
            FreezeHeldByCompliance, FreezeHeldByRegulator: A lower authority lifting a hold.
        """
        if not isinstance(authority, str) or authority not in FREEZE_AUTHORITIES:
            raise InvalidInput(f"authority must be 'issuer' or 'operator', not {authority!r}")
        addresses = self._batch(accounts)
        checked_flag(frozen, "frozen")
        flag = "issuerFrozen" if authority == "issuer" else "operatorFrozen"
        records = self._read_many("kycOf", [(address,) for address in addresses])
        unchanged = [address for address, record in zip(addresses, records) if record[flag] == frozen]
        higher_role, hold = _HOLDS[authority]
        if unchanged and frozen and self.has_role(higher_role, self._signer().address):
            # The flag's higher authority freezing on the lower one's freeze is not the same: it makes it a hold.
            unchanged = [address for address, record in zip(addresses, records) if record[hold]]
        if unchanged:
            self._preflight("setAccountFreeze", addresses, FREEZE_AUTHORITIES[authority], frozen)
            state = f"{'already' if frozen else 'not'} frozen by the {authority} flag"
            other = "operator" if authority == "issuer" else "issuer"
            if not frozen and any(r[f"{other}Frozen"] for a, r in zip(addresses, records) if a in unchanged):
                state += f" (the {other} flag holds: lifting it takes authority {other!r})"
            raise _no_change(unchanged, len(addresses), state, "freezing again" if frozen else "unfreezing",
                             "frozen" if frozen else "not frozen")
        return self._transact("setAccountFreeze", addresses, FREEZE_AUTHORITIES[authority], frozen)

    def set_approved_operator(self, operator: str, approved: bool = True) -> TxResult:
        """Allows (or stops) `operator`, a marketplace, to move tokens for holders. Requires `OPERATOR_ROLE`.

        Args:
            operator: The marketplace.
            approved: Allow (True) or stop (False).

        Returns:
            The transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad operator or flag.
            AccessControlUnauthorizedAccount: The signer is not the consortium operator.
        """
        operator = checked_address(operator, "operator")
        return self._transact("setApprovedOperator", operator, checked_flag(approved, "approved"))

    # -------------------------------------------------------------------------------- queries

    def kyc(self, account: str) -> KycRecord:
        """The KYC record and freeze flags of `account`.

        Args:
            account: Any account.

        Returns:
            The record (expiry 0 when there is none) and whether the account is verified now.

        Raises:
            InvalidAddress: A bad account.
        """
        return self.kyc_records([checked_address(account, "account")])[0]

    def kyc_records(self, accounts: Sequence[str]) -> list[KycRecord]:
        """The KYC records of `accounts`, read in batched round trips.

        Args:
            accounts: One address or more.

        Returns:
            One record per account, in order (see `kyc`).

        Raises:
            InvalidInput: Not a list of addresses.
            InvalidAddress: A bad address.
        """
        addresses = checked_addresses([accounts] if isinstance(accounts, str) else accounts, "account")
        reads = self._read_batch([(fn, (a,)) for a in addresses for fn in ("kycOf", "isVerified")])
        return [
            KycRecord(a, r["expiresAt"], r["tier"], r["issuerFrozen"], r["operatorFrozen"], bool(v), r["complianceHold"],
                      r["regulatorHold"])
            for a, r, v in zip(addresses, reads[::2], reads[1::2])
        ]

    def is_verified(self, account: str) -> bool:
        """Whether `account` has a current KYC approval and no freeze.

        Args:
            account: Any account.

        Returns:
            True when the account is verified now.

        Raises:
            InvalidAddress: A bad account.
        """
        return bool(self._read("isVerified", checked_address(account, "account")))

    def verified(self, accounts: Sequence[str]) -> list[bool]:
        """Whether each of `accounts` is verified.

        One `requireVerified` call per 500 accounts answers for all of them when they are all
        verified (a campaign's usual case); a chunk that fails is asked account by account, in
        one batched round trip.

        Args:
            accounts: Any number of addresses (or one).

        Returns:
            One flag per account, in order.

        Raises:
            InvalidInput: Not a list of addresses.
            InvalidAddress: A bad address.
        """
        if isinstance(accounts, str):
            accounts = [accounts]
        if isinstance(accounts, bytes) or not isinstance(accounts, Iterable):
            raise InvalidInput(f"accounts must be a list of addresses, not {accounts!r}")
        addresses = [checked_address(a, "account") for a in accounts]
        answers: list[bool] = []
        for start in range(0, len(addresses), MAX_BATCH):
            chunk = addresses[start : start + MAX_BATCH]
            try:
                self._read("requireVerified", chunk)
                answers += [True] * len(chunk)
            except AccountNotVerified:
                answers += [bool(v) for v in self._read_many("isVerified", [(a,) for a in chunk])]
        return answers

    def is_compliance_authority(self, account: str) -> bool:
        """Whether `account` holds `COMPLIANCE_ROLE` or `REGULATOR_ROLE`: it may freeze, force
        moves and pause any collection of the consortium.

        Args:
            account: Any account.

        Returns:
            True when it is a compliance authority.

        Raises:
            InvalidAddress: A bad account.
        """
        return bool(self._read("isComplianceAuthority", checked_address(account, "account")))

    def is_approved_operator(self, operator: str) -> bool:
        """Whether `operator` (a marketplace) may move tokens for holders.

        Args:
            operator: Any account.

        Returns:
            True when the consortium operator approved it.

        Raises:
            InvalidAddress: A bad operator.
        """
        return bool(self._read("isApprovedOperator", checked_address(operator, "operator")))

    # -------------------------------------------------------------------------------- helpers

    @staticmethod
    def _batch(accounts: Sequence[str]) -> list[str]:
        if isinstance(accounts, str):
            accounts = [accounts]
        addresses = checked_addresses(accounts, "account")
        if len(addresses) > MAX_BATCH:
            raise InvalidInput(f"{len(addresses)} accounts in one call: at most {MAX_BATCH} (the campaign engine batches any number)")
        if len(set(addresses)) != len(addresses):
            twice = sorted({a for a in addresses if addresses.count(a) > 1})
            raise InvalidInput(f"{_some(twice)} appear{'s' if len(twice) == 1 else ''} twice in one batch: give each account once")
        return addresses



def _future(expires_at: int | datetime) -> int:
    expiry = unix_time(expires_at, "expires_at")
    if expiry <= time.time():
        raise InvalidInput(f"expires_at {expiry} is in the past")
    return expiry


def _some(accounts: Sequence[str]) -> str:
    """Up to three of `accounts`, and how many more."""
    return ", ".join(accounts[:3]) + (f" and {len(accounts) - 3} more" if len(accounts) > 3 else "")


def _no_change(unchanged: Sequence[str], batch: int, state: str, action: str, short_state: str) -> NoChange:
    """The refusal of a batch whose `unchanged` accounts are in `state` already: `action` would
    change nothing for them (the registry would still log a change)."""
    message = f"{_some(unchanged)} {'is' if len(unchanged) == 1 else 'are'} {state}: {action} would change nothing"
    if len(unchanged) < batch:
        message += f" for {'it' if len(unchanged) == 1 else 'them'} (leave {'it' if len(unchanged) == 1 else 'them'} out of the batch)"
    return NoChange(message, unchanged, short_state)
