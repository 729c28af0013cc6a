"""Every exception the library raises derives from :class:`CollectiblesError`.

The families:

- :class:`ContractError`: a contract reverted (or would revert) with one of the suite's custom
  errors. Each Solidity error is a subclass of the same name whose attributes are its decoded
  arguments in snake case: ``except HoldingPeriodActive as e: e.transferable_at``. The classes
  are generated from the contracts' ABIs into ``_contract_errors`` and re-exported here. The
  client raises the same classes when it catches bad input before sending anything (an unknown
  edition raises ``UnknownEdition`` either way).
- :class:`NodeError`: the node is unreachable, refused a transaction, or did not mine it in time.
  Each message says what to do.
- :class:`SignerError`: the signer (a key, an HSM or KMS callable) failed; nothing was sent.
- :class:`InvalidInput`: an argument the client rejected before anything was sent; among them
  :class:`NoChange`, a write that would leave things as they are (pausing a paused collection),
  and :class:`AlreadyListed`, a second listing of a token its seller has listed already.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._errors_base import CollectiblesError, ContractError


class RevertedWithReason(ContractError):
    """A contract reverted with a string reason (`Error(string)`): not one of the suite's contracts."""

    signature = "Error(string)"
    selector = bytes.fromhex("08c379a0")
    fields = ("reason",)
    abi_types = ("string",)


class Panic(ContractError):
    """A contract hit a Solidity panic (`Panic(uint256)`): an assertion, overflow or bad index."""

    signature = "Panic(uint256)"
    selector = bytes.fromhex("4e487b71")
    fields = ("code",)
    abi_types = ("uint256",)


class UnknownRevert(ContractError):
    """A revert whose data matches no known error (or carries no data at all)."""

    fields = ("data",)
    abi_types = ("bytes",)


# ---------------------------------------------------------------------------------- node errors


class NodeError(CollectiblesError):
    """The node failed us: unreachable, refused the transaction, or did not mine it.

    Attributes:
        tx_hash: The signed transaction concerned, when the failure came from sending one
            (look for it with ``Client.wait_for_receipt``); None otherwise.
        nonce: That transaction's nonce; None otherwise.
    """

    tx_hash: str | None = None
    nonce: int | None = None


class NodeUnreachable(NodeError):
    """No answer from the node's JSON-RPC endpoint.

    Raised from a send (``tx_hash`` set), the transaction may have reached the node before it
    stopped answering: wait for it with ``Client.wait_for_receipt(tx_hash)`` before retrying.
    """

    def __init__(self, message: str, *, tx_hash: str | None = None, nonce: int | None = None) -> None:
        self.tx_hash, self.nonce = tx_hash, nonce
        super().__init__(message)


class RpcError(NodeError):
    """The node answered a JSON-RPC request with an error we have no better name for.

    Attributes:
        code: The JSON-RPC error code.
        rpc_message: The node's message.
    """

    def __init__(self, method: str, code: int | None, rpc_message: str) -> None:
        self.method, self.code, self.rpc_message = method, code, rpc_message
        super().__init__(f"{method} failed: {rpc_message} (code {code})")


class NonceTooLow(NodeError):
    """The node has already seen a transaction with this nonce from another sender process."""


class NonceTooHigh(NodeError):
    """The node refuses a nonce ahead of the account's next one instead of queuing it (eth-tester;
    Besu past its future-nonce limit): a transaction before it was lost, e.g. by a node restart."""


class ReplacementUnderpriced(NodeError):
    """A pending transaction with the same nonce has a higher fee than ours."""


class InsufficientFunds(NodeError):
    """The signer cannot pay for the transaction's gas."""


class OutOfGas(NodeError):
    """The transaction ran out of gas on chain (it reverted and changed nothing)."""


class TransactionTimeout(NodeError):
    """A sent transaction was not mined in time. It may still land: never re-sign it with a new nonce.

    Attributes:
        tx_hash: The hash to wait for (``Client.wait_for_receipt(tx_hash)``).
        nonce: Its nonce, when known.
        known: Whether the node still holds the transaction (None: not asked). When False it was
            never received or was dropped, and sending the call again is safe.
    """

    def __init__(self, tx_hash: str, timeout: float, *, nonce: int | None = None, known: bool | None = None) -> None:
        self.tx_hash, self.timeout, self.nonce, self.known = tx_hash, timeout, nonce, known
        at = f" (nonce {nonce})" if nonce is not None else ""
        if known is False:
            advice = (
                "the node does not have it (never received, or dropped from its pool), so it cannot land "
                "there: sending the call again is safe"
            )
        else:
            advice = (
                "the node may be stalled or the chain halted; it may still land, so wait for it with "
                f"client.wait_for_receipt({tx_hash!r}), never sign the call again with a new nonce"
            )
        super().__init__(f"transaction {tx_hash}{at} not mined after {timeout:g} s: {advice}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_timeout, (self.tx_hash, self.timeout, self.nonce, self.known))


def _timeout(tx_hash: str, timeout: float, nonce: int | None, known: bool | None) -> TransactionTimeout:
    return TransactionTimeout(tx_hash, timeout, nonce=nonce, known=known)


class WrongChain(NodeError):
    """The node's chain id differs from the one expected (by a manifest or a signer)."""


# -------------------------------------------------------------------------------- signer errors


class SignerError(CollectiblesError):
    """The signer (a local key, or an external HSM / KMS callable) failed to sign a transaction.

    Nothing was sent and the nonces reserved for the transaction were released, so the next send
    uses them. The signer's own exception is chained as ``__cause__``; the message names only its
    type (a signer's message may echo key material).

    Attributes:
        address: The signing account.
        nonce: The nonce of the transaction that was not signed.
        label: The call ("Collection.mintBatch").
        cause: The type name of the signer's exception.
        detail: What differs, when the signer returned another transaction than the one asked
            (`SignedTransactionMismatch`, whose message is the library's own); else empty.
    """

    def __init__(self, address: str, nonce: int, label: str, cause: str, detail: str = "") -> None:
        self.address, self.nonce, self.label, self.cause, self.detail = address, nonce, label, cause, detail
        super().__init__(
            f"the signer for {address} failed to sign {label} (nonce {nonce}) with {cause}"
            f"{f' ({detail})' if detail else ''}: nothing was sent and the nonce was released; check that "
            "the HSM/KMS is reachable and holds the key for this address, then send again"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.address, self.nonce, self.label, self.cause, self.detail))


class SignedTransactionMismatch(CollectiblesError):
    """A signer (an `ExternalSigner`'s callable, or a `Signer` of one's own) returned something
    other than the transaction it was asked to sign: not bytes, bytes that are not a signed
    transaction, a signature by another account, or a transaction whose fields (chain id, nonce,
    recipient, data, value, gas, fees) differ. A send reports it as :class:`SignerError` (its
    ``__cause__``); nothing was sent."""


# --------------------------------------------------------------------------------- input errors


class InvalidInput(CollectiblesError, ValueError):
    """An argument was rejected before anything was sent."""


class InvalidAddress(InvalidInput):
    """Not a valid account address: malformed, a bad EIP-55 checksum, or the zero address."""


class NoChange(InvalidInput):
    """The write would leave things as they are (freezing a frozen token, pausing a paused
    collection, a forced transfer to the token's holder). The contract would accept it, so it is
    refused before sending: it would only cost gas and leave a misleading event in the audit trail.
    A caller that wants the state, not the transaction, may take this as done.

    Attributes:
        subjects: What is in that state already: token ids, account addresses, or the collection's
            address.
        state: The state they are in ("frozen", "not frozen", "paused", "not paused", "held by 0x...").
    """

    def __init__(self, message: str, subjects: Sequence[int | str], state: str) -> None:
        self.subjects, self.state = tuple(subjects), state
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.args[0], self.subjects, self.state))


class AlreadyListed(InvalidInput):
    """The seller has an active listing of the token already. The marketplace would record a
    second one at another price, and a buyer could then pay either: the client refuses it, so that
    a token has at most one live price. Cancel the listing first to change its price or expiry.

    Attributes:
        listing_id: The active listing.
        token_id: Its token.
        price: Its price, in the deposit token's smallest units.
    """

    def __init__(self, message: str, listing_id: int, token_id: int, price: int) -> None:
        self.listing_id, self.token_id, self.price = listing_id, token_id, price
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.args[0], self.listing_id, self.token_id, self.price))


class DeploymentError(CollectiblesError):
    """A deployment manifest is missing, malformed, or does not match the chain."""


from ._contract_errors import *  # noqa: E402,F403  (the generated Solidity error classes)
from ._contract_errors import CONTRACT_ERRORS  # noqa: E402,F401
