"""Every exception the library raises derives from :class:`CollectiblesError`.

Three families:

- :class:`ContractError`: a contract reverted (or would revert) with one of the suite's custom
  errors. Each Solidity error is a subclass of the same name whose attributes are its decoded
  arguments in snake case: ``except HoldingPeriodActive as e: e.transferable_at``. The classes
  are generated from the contracts' ABIs into ``_contract_errors`` and re-exported here. The
  client raises the same classes when it catches bad input before sending anything (an unknown
  edition raises ``UnknownEdition`` either way).
- :class:`NodeError`: the node is unreachable, refused a transaction, or did not mine it in time.
  Each message says what to do.
- :class:`InvalidInput`: an argument the client rejected before anything was sent.
"""

from __future__ import annotations

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
    """The node failed us: unreachable, refused the transaction, or did not mine it."""


class NodeUnreachable(NodeError):
    """No answer from the node's JSON-RPC endpoint."""


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


class ReplacementUnderpriced(NodeError):
    """A pending transaction with the same nonce has a higher fee than ours."""


class InsufficientFunds(NodeError):
    """The signer cannot pay for the transaction's gas."""


class OutOfGas(NodeError):
    """The transaction ran out of gas on chain (it reverted and changed nothing)."""


class TransactionTimeout(NodeError):
    """A sent transaction was not mined in time. It may still land: never re-sign it with a new nonce.

    Attributes:
        tx_hash: The hash to look for; resending the same signed transaction is always safe.
    """

    def __init__(self, tx_hash: str, timeout: float) -> None:
        self.tx_hash = tx_hash
        super().__init__(
            f"transaction {tx_hash} not mined after {timeout:g} s: the node may be stalled or the chain "
            "halted; it may still land, so wait or resend the same signed transaction, never a new one"
        )


class WrongChain(NodeError):
    """The node's chain id differs from the one expected (by a manifest or a signer)."""


# --------------------------------------------------------------------------------- input errors


class InvalidInput(CollectiblesError, ValueError):
    """An argument was rejected before anything was sent."""


class InvalidAddress(InvalidInput):
    """Not a valid account address: malformed, a bad EIP-55 checksum, or the zero address."""


class DeploymentError(CollectiblesError):
    """A deployment manifest is missing, malformed, or does not match the chain."""


from ._contract_errors import *  # noqa: E402,F403  (the generated Solidity error classes)
from ._contract_errors import CONTRACT_ERRORS  # noqa: E402,F401
