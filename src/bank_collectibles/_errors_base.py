"""The two exception classes the generated contract errors derive from (see `errors`)."""

from __future__ import annotations

from typing import Any, ClassVar

from eth_utils import keccak

from .results import DROP_PHASES


# Attributes every contract error has (or inherits from Exception): never a field's attribute.
_RESERVED = frozenset({"values", "tx_hash", "fields", "selector", "signature", "abi_types", "args"})


class CollectiblesError(Exception):
    """The root of every exception raised by bank_collectibles."""


class ContractError(CollectiblesError):
    """A contract reverted with a custom error; subclasses carry its decoded arguments.

    Each decoded argument is an attribute named after its field; a field whose name is one of
    these attributes gets a trailing underscore instead (`BatchLengthMismatch.values_`), so that
    `values` stays the tuple of all arguments.

    Attributes:
        values: Every decoded argument, in the error's order.
        tx_hash: The hash of the mined transaction that reverted, or None when the revert was
            caught before sending (gas estimation, a call) or by the client's own checks.
    """

    signature: ClassVar[str] = ""
    selector: ClassVar[bytes] = b""
    fields: ClassVar[tuple[str, ...]] = ()
    abi_types: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *values: Any, tx_hash: str | None = None) -> None:
        if len(values) != len(self.fields):
            raise TypeError(f"{type(self).__name__} takes {len(self.fields)} values, got {len(values)}")
        for name, value in zip(self.attribute_names(), values):
            setattr(self, name, value)
        self.values = values
        self.tx_hash = tx_hash
        super().__init__(self._describe())

    @classmethod
    def attribute_names(cls) -> tuple[str, ...]:
        """The attribute of each field, in order: its name, or its name and `_` where it would
        shadow an attribute every error has.

        Returns:
            One name per field.
        """
        return tuple(f"{name}_" if name in _RESERVED else name for name in cls.fields)

    @classmethod
    def hint(cls) -> str | None:
        """What a user should do about this error, when the library knows (also in the message).

        Returns:
            The advice, or None.
        """
        return _HINTS.get(cls.__name__)

    def _describe(self) -> str:
        name = type(self).__name__
        args = ", ".join(f"{field}={_show(value, _ENUM_NAMES.get((name, field)))}" for field, value in zip(self.fields, self.values))
        hint = self.hint()
        return f"{name}({args})" + (f": {hint}" if hint else "")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.values, self.tx_hash))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.values == self.values  # type: ignore[attr-defined]

    __hash__ = Exception.__hash__


def _rebuild(cls: type[ContractError], values: tuple[Any, ...], tx_hash: str | None) -> ContractError:
    return cls(*values, tx_hash=tx_hash)


# The suite's AccessControl roles by id, so that an error shows `needed_role` by name too.
_ROLE_NAMES = {b"\x00" * 32: "DEFAULT_ADMIN_ROLE"} | {
    keccak(text=name): name
    for name in ("OPERATOR_ROLE", "ISSUER_ROLE", "KYC_OFFICER_ROLE", "COMPLIANCE_ROLE", "REGULATOR_ROLE",
                 "MINTER_ROLE", "TREASURY_ROLE", "PAUSER_ROLE")
}


# Enum arguments by error and field: the ABI carries them as bare numbers (`phase=4`).
_ENUM_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("DropNotOpen", "phase"): DROP_PHASES,
    ("AccountNotVerified", "reason"): ("no KYC", "KYC expired", "frozen by the issuer", "frozen by the operator"),
    ("NotAuthorizedForFreeze", "authority"): ("issuer", "operator"),
}


def _show(value: Any, enum_names: tuple[str, ...] | None = None) -> str:
    if enum_names is not None and isinstance(value, int) and 0 <= value < len(enum_names):
        return f"{value} ({enum_names[value]})"
    if isinstance(value, bytes):
        role = _ROLE_NAMES.get(value)
        return "0x" + value.hex() + (f" ({role})" if role else "")
    return repr(value) if isinstance(value, str) and not value.startswith("0x") else str(value)


# What a user should do about the errors a bank system meets most often.
_HINTS = {
    "AccountNotVerified": "approve or renew the account's KYC, or lift its freeze, first",
    "HoldingPeriodActive": "the token can move once the holding period has passed (transferable_at, Unix time)",
    "EditionSoldOut": "the edition has fewer serials left than requested",
    "DropSoldOut": "the drop has fewer boxes left than requested",
    "OperatorNotApproved": "only operators approved in the consortium registry may be approved or move tokens",
    "AccessControlUnauthorizedAccount": "the signer lacks the role; grant it or sign with an account that has it",
    "TokenFrozen": "a compliance authority must unfreeze the token first",
    "CollectionPaused": "the collection is paused by its issuer or a compliance authority",
    "NotRegulator": "a regulator's pause holds until a regulator lifts it",
    "FreezeHeldByCompliance": "a compliance officer froze the account: only a compliance officer lifts the freeze",
    "FreezeHeldByRegulator": "the regulator froze the account: only the regulator lifts the freeze",
    "NotConsortiumAuthority": "a missed reveal is drawn again only by the consortium's regulator or operator",
    "EnforcedPause": "the deposit token is paused: nothing moves until a pauser unpauses it (pausing it again changes nothing)",
    "ExpectedPause": "the deposit token is not paused: there is no pause to lift",
    "RevealTooEarly": "wait until the reveal block is mined (the client mines it on a local chain)",
    "PriceMismatch": "the listing's price is not the price you agreed to (a typo, or a change since your quote): quote it again and confirm",
}
