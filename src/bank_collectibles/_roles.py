"""OpenZeppelin AccessControl roles, shared by the registry, the deposit token and each collection:
grant, revoke, check, and who holds each role now, from the contract's own events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eth_utils import keccak

from ._contracts import checked_address
from .errors import InvalidInput, NoChange
from .results import TxResult


def role_id(name: str) -> bytes:
    """The bytes32 id of an OpenZeppelin AccessControl role named `name` (DEFAULT_ADMIN_ROLE is 0)."""
    return b"\x00" * 32 if name == "DEFAULT_ADMIN_ROLE" else keccak(text=name)


def checked_role(name: object, allowed: Sequence[str], what: str = "role") -> bytes:
    """The id of role `name` if it is one of `allowed` (a contract's roles), else `InvalidInput`."""
    if not isinstance(name, str) or name not in allowed:
        raise InvalidInput(f"unknown {what} {name!r}: one of {', '.join(allowed)}")
    return role_id(name)


class AccessControlled:
    """The roles of a `BoundContract` whose contract is an OpenZeppelin AccessControl.

    A subclass names its roles (`ROLE_NAMES`, DEFAULT_ADMIN_ROLE included) and what they are
    roles of (`ROLE_SCOPE`, for messages). Granting a role its holder has, or revoking one its
    account lacks, would change nothing: it is refused (`NoChange`) after the signer's own check.
    """

    ROLE_NAMES: ClassVar[tuple[str, ...]]
    ROLE_SCOPE: ClassVar[str]
    address: str
    _read: Any
    _preflight: Any
    _transact: Any
    client: Any

    def grant_role(self, role: str, account: str) -> TxResult:
        """Grants `role` to `account`. Requires the role's admin (DEFAULT_ADMIN_ROLE).

        Args:
            role: One of the contract's roles (`ROLE_NAMES`).
            account: Who receives it.

        Returns:
            The transaction.

        Raises:
            InvalidInput: An unknown role.
            InvalidAddress: A bad account.
            AccessControlUnauthorizedAccount: The signer lacks the role's admin role.
            NoChange: `account` holds the role already (after the signer's check).
        """
        return self._change_role("grantRole", role, account, holds=True)

    def revoke_role(self, role: str, account: str) -> TxResult:
        """Revokes `role` from `account`. Requires the role's admin (DEFAULT_ADMIN_ROLE).

        Args:
            role: One of the contract's roles (`ROLE_NAMES`).
            account: Who loses it.

        Returns:
            The transaction.

        Raises:
            InvalidInput: An unknown role.
            InvalidAddress: A bad account.
            AccessControlUnauthorizedAccount: The signer lacks the role's admin role.
            NoChange: `account` does not hold the role (after the signer's check).
        """
        return self._change_role("revokeRole", role, account, holds=False)

    def has_role(self, role: str, account: str) -> bool:
        """Whether `account` holds `role`.

        Args:
            role: One of the contract's roles (`ROLE_NAMES`).
            account: Any account.

        Returns:
            True when it holds the role.

        Raises:
            InvalidInput: An unknown role.
            InvalidAddress: A bad account.
        """
        return bool(self._read("hasRole", self._role_id(role), checked_address(account, "account")))

    def role_holders(self) -> dict[str, tuple[str, ...]]:
        """Who holds each role now, from the contract's RoleGranted and RoleRevoked events.

        Returns:
            Role name to its holders, in the order they were granted; roles nobody holds are left
            out. A role outside `ROLE_NAMES` appears by its id in hex.
        """
        names = {role_id(name): name for name in self.ROLE_NAMES}
        granted, revoked = (keccak(text=f"{event}(bytes32,address,address)") for event in ("RoleGranted", "RoleRevoked"))
        topics = [["0x" + granted.hex(), "0x" + revoked.hex()]]
        logs = self.client.node.logs({"address": self.address, "fromBlock": 0, "toBlock": "latest", "topics": topics})
        holders: dict[str, dict[str, None]] = {}
        for log in logs:  # oldest first: a later event decides
            role = names.get(log.topics[1], "0x" + log.topics[1].hex())
            account = checked_address("0x" + log.topics[2][12:].hex())
            if log.topics[0] == granted:
                holders.setdefault(role, {})[account] = None
            else:
                holders.get(role, {}).pop(account, None)
        return {role: tuple(accounts) for role, accounts in holders.items() if accounts}

    def _role_id(self, role: str) -> bytes:
        return checked_role(role, self.ROLE_NAMES, f"{self.ROLE_SCOPE} role")

    def _change_role(self, function: str, role: str, account: str, *, holds: bool) -> TxResult:
        role_bytes, holder = self._role_id(role), checked_address(account, "account")
        if bool(self._read("hasRole", role_bytes, holder)) == holds:
            self._preflight(function, role_bytes, holder)
            state = f"holds {role}" if holds else f"does not hold {role}"
            raise NoChange(f"{holder} {state} on this {self.ROLE_SCOPE}{' already' if holds else ''}: "
                           f"{'granting' if holds else 'revoking'} it would change nothing", [holder], state)
        return self._transact(function, role_bytes, holder)
