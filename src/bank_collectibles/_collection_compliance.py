"""The compliance side of a collection: pause, token freezes, forced transfers and burns.

A pause, freeze or forced transfer that would leave things as they are is refused before sending
(`NoChange`): the contract accepts it, but it costs gas and leaves an event in the audit trail
that records a change that never happened.
"""

from __future__ import annotations

from typing import Any

from ._collection_queries import PAUSE_HOLDERS, token_label
from ._contracts import checked_address, checked_id, positive
from .errors import NoChange
from .registry import Registry
from .results import TxResult


class CollectionCompliance:
    """The compliance writes of :class:`bank_collectibles.collection.Collection`."""

    address: str
    client: Any
    _signer: Any
    _read: Any
    paused_by: Any
    _preflight: Any
    _transact: Any

    def pause(self) -> TxResult:
        """Stops every mint, transfer and redemption. Requires `ISSUER_ROLE` or a compliance authority.

        The pause holds at the signer's level (issuer, compliance officer, regulator: `paused_by`):
        only that level or a higher one lifts it, and a pause on top of a lower one upgrades it.

        Returns:
            The transaction.

        Raises:
            NoChange: The collection is paused already at the signer's level or a higher one.
            InvalidInput: No signer.
            NotComplianceAuthority: The signer is neither the issuer nor a compliance authority.
        """
        holder = self.paused_by()
        if holder is not None and PAUSE_HOLDERS.index(holder) >= self._signer_pause_level():
            self._preflight("pause")
            raise NoChange(f"collection {self.address} is already paused by {_HOLDER_WORDS[holder]}: pausing it "
                           "again would change nothing", [self.address], "paused")
        return self._transact("pause")

    def unpause(self) -> TxResult:
        """Lifts the pause. Requires the pause's level or a higher one (see `pause`).

        Returns:
            The transaction.

        Raises:
            NoChange: The collection is not paused.
            NotComplianceAuthority: The signer is the issuer and the pause a compliance pause, or
                the signer may not pause at all.
            NotRegulator: The pause is a regulator's and the signer is not a regulator.
        """
        if not self.paused():
            self._preflight("unpause")
            raise NoChange(f"collection {self.address} is not paused: there is no pause to lift", [self.address],
                           "not paused")
        return self._transact("unpause")

    def freeze_token(self, token_id: int, reason_code: int = 0) -> TxResult:
        """Freezes a token (no transfer, no sale, no redemption). Requires a compliance authority.

        Args:
            token_id: The token.
            reason_code: The bank's reason (0-255), recorded in the event.

        Returns:
            The transaction.

        Raises:
            InvalidInput: A bad token id or reason code.
            NoChange: The token is frozen already.
            NonexistentToken: No such token, before sending.
            NotComplianceAuthority: From the pre-flight.
        """
        return self._set_token_frozen(token_id, True, reason_code)

    def unfreeze_token(self, token_id: int, reason_code: int = 0) -> TxResult:
        """Lifts a token's freeze. Requires a compliance authority.

        Args:
            token_id: The token.
            reason_code: The bank's reason (0-255), recorded in the event.

        Returns:
            The transaction.

        Raises:
            InvalidInput: A bad token id or reason code.
            NoChange: The token is not frozen.
            NonexistentToken: No such token, before sending.
            NotComplianceAuthority: From the pre-flight.
        """
        return self._set_token_frozen(token_id, False, reason_code)

    def _set_token_frozen(self, token_id: int, frozen: bool, reason_code: int) -> TxResult:
        token = checked_id(token_id, "token id")
        positive(reason_code, "reason", maximum=255, allow_zero=True)
        if self._read("tokenState", token)["frozen"] == frozen:
            self._preflight("setTokenFrozen", token, frozen, reason_code)
            if frozen:
                raise NoChange(f"token {token_label(token)} is already frozen: freezing it again would change nothing", [token], "frozen")
            raise NoChange(f"token {token_label(token)} is not frozen: there is no freeze to lift", [token], "not frozen")
        return self._transact("setTokenFrozen", token, frozen, reason_code)

    def force_transfer(self, token_id: int, to: str, reason_code: int) -> TxResult:
        """Moves a token whatever its policy (a court order, a lost wallet). Requires a compliance authority.

        Args:
            token_id: The token.
            to: The verified recipient.
            reason_code: The bank's reason (0-255), recorded in the event.

        Returns:
            The transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad token id, recipient or reason code.
            NoChange: `to` holds the token already.
            NonexistentToken: No such token, before sending.
            NotComplianceAuthority, AccountNotVerified: From the pre-flight.
        """
        token = checked_id(token_id, "token id")
        positive(reason_code, "reason", maximum=255, allow_zero=True)
        recipient = checked_address(to, "recipient")
        holder = self._read("tokenState", token)["owner"]
        if holder == recipient:  # the contract would "move" it anyway, restarting its holding period
            self._preflight("forceTransfer", token, recipient, reason_code)
            raise NoChange(f"token {token_label(token)} is already held by {recipient}: a forced transfer to its holder would move "
                           "nothing and only restart the token's holding period", [token], f"held by {recipient}")
        return self._transact("forceTransfer", token, recipient, reason_code)

    def force_burn(self, token_id: int, reason_code: int) -> TxResult:
        """Burns a token whatever its policy. Requires a compliance authority.

        Args:
            token_id: The token.
            reason_code: The bank's reason (0-255), recorded in the event.

        Returns:
            The transaction.

        Raises:
            InvalidInput: A bad token id or reason code.
            NotComplianceAuthority, NonexistentToken: From the pre-flight.
        """
        token = checked_id(token_id, "token id")
        positive(reason_code, "reason", maximum=255, allow_zero=True)
        return self._transact("forceBurn", token, reason_code)

    def _signer_pause_level(self) -> int:
        """The signer's pause level, as `PAUSE_HOLDERS` numbers it (1 for anyone else: the contract
        refuses who may not pause at all)."""
        registry, signer = Registry(self.client, self._read("registry")), self._signer().address
        if registry.has_role("REGULATOR_ROLE", signer):
            return PAUSE_HOLDERS.index("regulator")
        return PAUSE_HOLDERS.index("compliance" if registry.is_compliance_authority(signer) else "issuer")


_HOLDER_WORDS = {"issuer": "its issuer", "compliance": "a compliance officer", "regulator": "a regulator"}
