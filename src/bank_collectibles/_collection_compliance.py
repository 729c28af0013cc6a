"""The compliance side of a collection: pause, token freezes, forced transfers and burns."""

from __future__ import annotations

from typing import Any

from ._contracts import checked_address, checked_id, positive
from .results import TxResult

class CollectionCompliance:
    """The compliance writes of :class:`bank_collectibles.collection.Collection`."""

    _transact: Any

    def pause(self) -> TxResult:
        """Stops every mint, transfer and redemption. Requires `ISSUER_ROLE` or a compliance authority.

        A compliance authority's pause can only be lifted by a compliance authority.

        Returns:
            The transaction.

        Raises:
            NotComplianceAuthority: The signer is neither the issuer nor a compliance authority.
        """
        return self._transact("pause")

    def unpause(self) -> TxResult:
        """Lifts the pause. Requires a compliance authority, or `ISSUER_ROLE` for the issuer's own pause.

        Returns:
            The transaction.

        Raises:
            NotComplianceAuthority: The signer may not lift this pause.
        """
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
            NotComplianceAuthority, NonexistentToken: From the pre-flight.
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
            NotComplianceAuthority, NonexistentToken: From the pre-flight.
        """
        return self._set_token_frozen(token_id, False, reason_code)

    def _set_token_frozen(self, token_id: int, frozen: bool, reason_code: int) -> TxResult:
        token = checked_id(token_id, "token id")
        return self._transact("setTokenFrozen", token, frozen, positive(reason_code, "reason", maximum=255, allow_zero=True))

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
            NotComplianceAuthority, NonexistentToken, AccountNotVerified: From the pre-flight.
        """
        token = checked_id(token_id, "token id")
        positive(reason_code, "reason", maximum=255, allow_zero=True)
        return self._transact("forceTransfer", token, checked_address(to, "recipient"), reason_code)

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
