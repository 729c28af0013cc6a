"""Sending transactions: sign locally, broadcast idempotently, await receipts, decode failures.

- A single send is checked first by `eth_estimateGas`, so a call that would revert raises its
  typed error and never reaches the chain; the estimate also refreshes the gas cache.
- A pipeline signs many calls with consecutive nonces, broadcasts them in one JSON-RPC batch and
  collects receipts afterwards. Its gas comes from the cache, estimated once per call shape
  (contract, function, array lengths) with a margin.
- Sending a signed transaction again (`rebroadcast`, or `resend=True`) first asks the node for it
  by hash and sends only if the node does not have it: Ganache 7 executes a replay of a mined
  transaction a second time (ganache#3794; measured: when its nonce is 0, which Ganache does not
  check), so a node's refusal cannot be relied on. "Already known", or
  "nonce too low" for a transaction the node has, count as success. Nothing is ever re-signed
  after a timeout. The same holds for `broadcast`'s own retries after the node stopped answering:
  the node may have taken the transaction before its answer was lost.
- A signer that fails (an HSM or KMS raising, or returning another transaction than the one asked:
  signed by another key, with other fields, or not a transaction at all; checked for every signer
  but `LocalSigner`) gives its nonces back and raises `SignerError`: nothing was sent, and the
  next send uses the same nonce.
- A failure after signing (unreachable node, timeout, refusal) carries the transaction's hash and
  nonce, and says to wait for it (`Client.wait_for_receipt`) before retrying.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from ._fees import FeeOracle
from ._nonces import NonceManager
from ._rpc import AlreadyKnown, Node, Receipt
from .errors import (
    CollectiblesError,
    ContractError,
    InvalidInput,
    NodeError,
    NodeUnreachable,
    NonceTooHigh,
    NonceTooLow,
    OutOfGas,
    SignedTransactionMismatch,
    SignerError,
    TransactionTimeout,
    UnknownRevert,
)
from ._signed_check import check_signed
from .signers import ExternalSigner, LocalSigner, Signer, tx_hash


@dataclass(frozen=True)
class ContractCall:
    """One contract call to send.

    Attributes:
        to: The contract; empty for a contract creation (then `data` is the init code).
        data: Selector and encoded arguments.
        shape: What the gas depends on besides the state: (function, array lengths...).
        label: A name for messages ("Collection.mintBatch").
    """

    to: str
    data: bytes
    shape: Hashable
    label: str
    value: int = 0


@dataclass(frozen=True)
class SignedTx:
    call: ContractCall
    sender: str
    nonce: int
    gas: int
    raw: bytes
    hash: str


def _target(call: ContractCall) -> dict[str, str]:
    return {"to": call.to} if call.to else {}


def _about(error: NodeError, signed: SignedTx) -> NodeError:
    """`error` naming the transaction it is about (attributes and message), raised from a send.

    An unreachable node may have taken the transaction before it stopped answering: the message
    says to wait for it before anything is sent again.
    """
    if error.tx_hash is not None:
        return error
    if isinstance(error, NodeUnreachable):
        about = NodeUnreachable(
            f"{error}; transaction {signed.hash} (nonce {signed.nonce}) may have reached the node: wait for it "
            f"with client.wait_for_receipt({signed.hash!r}) before retrying, and never sign the call again "
            "unless that says the node does not have it",
            tx_hash=signed.hash,
            nonce=signed.nonce,
        )
        about.__cause__ = error
        return about
    error.tx_hash, error.nonce = signed.hash, signed.nonce
    if error.args and isinstance(error.args[0], str):
        error.args = (f"{error.args[0]} (transaction {signed.hash}, nonce {signed.nonce})", *error.args[1:])
    return error


class GasCache:
    """Gas limits per call shape: the largest estimate seen, with a margin."""

    def __init__(self, margin: float = 1.2, headroom: int = 10_000) -> None:
        self._limits: dict[tuple[str, Hashable], int] = {}
        self._margin = margin
        self._headroom = headroom
        self._lock = threading.Lock()

    def get(self, call: ContractCall) -> int | None:
        return self._limits.get((call.to, call.shape))

    def record(self, call: ContractCall, estimate: int) -> int:
        limit = int(estimate * self._margin) + self._headroom
        with self._lock:
            key = (call.to, call.shape)
            self._limits[key] = max(limit, self._limits.get(key, 0))
            return self._limits[key]

    def forget(self, call: ContractCall) -> None:
        self._limits.pop((call.to, call.shape), None)


class Sender:
    """Sends contract calls for one signer.

    Args:
        node: The node.
        signer: Signs for the sending account.
        chain_id: The chain's id (put into every transaction: EIP-155 replay protection).
        nonces: Shared nonce counters (one per client, so signers sharing it stay consistent).
        fees: Fee fields for new transactions.
        gas: Gas limits per call shape.
        receipt_timeout: Seconds to wait for a receipt before raising `TransactionTimeout`.
    """

    def __init__(
        self,
        node: Node,
        signer: Signer,
        chain_id: int,
        nonces: NonceManager,
        fees: FeeOracle,
        gas: GasCache,
        receipt_timeout: float = 120.0,
    ) -> None:
        self.node = node
        self.signer = signer
        self.address = signer.address
        self.chain_id = chain_id
        self.nonces = nonces
        self.fees = fees
        self.gas = gas
        self.receipt_timeout = receipt_timeout
        self._highest_first = node.supports_batch  # see `broadcast_many`
        # What a signer returns is checked, except a local key's (made by eth-account from the
        # dictionary itself) and an ExternalSigner's (which checks its own).
        self._check_signed = not isinstance(signer, (LocalSigner, ExternalSigner))

    # ------------------------------------------------------------------------------ one call

    def estimate(self, call: ContractCall) -> int:
        """Checks `call` against the current state and returns its gas limit (cached per shape).

        The estimate carries the fee fields the transaction will have: a node that is not told
        the price assumes its own default (eth-tester: 1 gwei) and refuses an account without
        ether on a zero-gas chain.

        Raises:
            ContractError: The call would revert; nothing is sent.
            InsufficientFunds: The signer cannot pay the gas at the quoted price.
        """
        tx = {"from": self.address, **_target(call), "data": call.data, "value": call.value, **self.fees.quote().fields}
        estimate = self.node.estimate_gas(tx)
        return self.gas.record(call, estimate)

    def send(self, call: ContractCall, *, preflight: bool = True) -> Receipt:
        """Sends one call and waits for its receipt.

        When another process took the nonce first (the node refuses ours as "nonce too low" and
        does not hold it), the counter is read again and the call signed once more: the refused
        transaction can never be mined, so this cannot send the call twice.

        Raises:
            ContractError: The call reverts (before sending when `preflight`, else on chain).
            SignerError: The signer failed, or returned another transaction than the one asked;
                nothing was sent.
            NonceTooLow, NonceTooHigh: The nonce was refused again on the second attempt.
            NodeUnreachable: The node stopped answering. When its `tx_hash` is set, the
                transaction may have reached the node: wait for it with
                `Client.wait_for_receipt(error.tx_hash)` before retrying.
            TransactionTimeout: Not mined in time; it may still land (wait for `error.tx_hash`).
            NodeError: The node refused the transaction (`tx_hash` and `nonce` say which).
        """
        gas = self.estimate(call) if preflight or self.gas.get(call) is None else self.gas.get(call)
        assert gas is not None
        with self.nonces.lock(self.address):
            (signed,) = self.sign([call], gas_limits=[gas])
            try:
                self.broadcast(signed)
            except (NonceTooLow, NonceTooHigh):  # broadcast() re-read the counter from the node: one more try
                (signed,) = self.sign([call], gas_limits=[gas])
                self.broadcast(signed)
        try:
            receipt = self.wait([signed])[0]
        except NodeError as error:
            raise _about(error, signed)  # noqa: B904  (a new error names the old one as its cause)
        return self.check(signed, receipt)

    # ------------------------------------------------------------------------------ pipeline

    def sign(self, calls: Sequence[ContractCall], gas_limits: Sequence[int] | None = None) -> list[SignedTx]:
        """Signs `calls` with the next consecutive nonces; nothing is sent.

        Gas comes from `gas_limits`, else the per-shape cache, else one estimate per new shape.
        Callers that broadcast later must do so in nonce order (hold `nonces.lock(address)`).

        Raises:
            SignerError: The signer failed, or returned another transaction than the one asked
                (its exception is the cause; `SignedTransactionMismatch` for the latter);
                the nonces were given back and nothing was sent.
        """
        limits = list(gas_limits) if gas_limits is not None else [self._cached_gas(call) for call in calls]
        fee_fields = self.fees.quote().fields
        # The lock is held while signing, so that no other allocation comes between: a failed
        # signature gives its nonces back exactly (an HSM that is down must not leave a gap).
        with self.nonces.lock(self.address):
            first = self.nonces.allocate(self.address, len(calls))
            signed: list[SignedTx] = []
            for offset, (call, gas) in enumerate(zip(calls, limits)):
                tx = {
                    "chainId": self.chain_id,
                    "nonce": first + offset,
                    **_target(call),
                    "data": call.data,
                    "value": call.value,
                    "gas": gas,
                    **fee_fields,
                }
                try:
                    raw = self.signer.sign_transaction(tx)
                    if self._check_signed:
                        raw = check_signed(raw, tx, self.address)
                    signed.append(SignedTx(call, self.address, first + offset, gas, raw, tx_hash(raw)))
                except Exception as error:  # noqa: BLE001  (whatever an HSM or KMS client raises)
                    self.nonces.release(self.address, first, len(calls))
                    # A signer's own message may echo key material; a mismatch's is ours and says what differs.
                    detail = str(error) if isinstance(error, SignedTransactionMismatch) else ""
                    raise SignerError(self.address, first + offset, call.label, type(error).__name__, detail) from error
            return signed

    def _cached_gas(self, call: ContractCall) -> int:
        return self.gas.get(call) or self.estimate(call)

    def broadcast(self, signed: SignedTx, retries: int = 3) -> None:
        """Sends a signed transaction; sending one the node already has is a success.

        When the node does not answer, the transaction may still have reached it: before each new
        attempt the node is asked for it by hash, and it is sent again only if the node does not
        have it (Ganache 7 executes a replay of a mined transaction a second time, ganache#3794).

        Raises:
            NonceTooLow: Another transaction took this nonce (ours is unknown to the node).
            NodeUnreachable: After `retries` attempts; the transaction may or may not have arrived:
                wait for `error.tx_hash` (`Client.wait_for_receipt`) before retrying, and never
                sign the call again unless that says the node does not have it.
            NodeError: The node refused it (`tx_hash` and `nonce` say which).
        """
        for attempt in range(retries):
            try:
                if attempt and self.node.transaction(signed.hash) is not None:
                    return  # the attempt that failed to answer had delivered it
                self.node.send_raw(signed.raw)
                return
            except AlreadyKnown:
                return
            except NonceTooLow as error:
                if self.node.transaction(signed.hash) is not None:
                    return
                self.nonces.resync(self.address)
                raise _about(error, signed)
            except NodeUnreachable as error:
                if attempt == retries - 1:
                    self.nonces.resync(self.address)
                    raise _about(error, signed)  # noqa: B904
                time.sleep(0.2 * 2**attempt)
            except NodeError as error:
                self.nonces.resync(self.address)
                raise _about(error, signed)
            except CollectiblesError:
                self.nonces.resync(self.address)
                raise

    def rebroadcast(self, signed: SignedTx) -> None:
        """Sends a transaction that may have been sent before, unless the node already has it."""
        if self.node.transaction(signed.hash) is None:
            self.broadcast(signed)

    def broadcast_many(self, signed: Sequence[SignedTx], *, resend: bool = False) -> list[CollectiblesError | None]:
        """Broadcasts in one batch; per transaction, None if the node has it, else the error.

        The batch goes highest nonce first: the node queues each until the lowest arrives, then
        all are ready together, so a node that mines on arrival (Anvil) mines them as one block
        instead of racing its miner transaction by transaction (measured on Anvil: 51 campaign
        batches in one block instead of 8 to 40). A node that refuses a nonce gap gets
        the refused ones again in nonce order, and every later batch in that order.

        With `resend`, transactions the node already has are not sent again. After a refused
        transaction, later nonces cannot be mined, so the counter is resynchronised from the node.
        """
        if resend:
            known = {tx.hash for tx in signed if self.node.transaction(tx.hash) is not None}
            missing = [tx for tx in signed if tx.hash not in known]
            outcomes_missing = iter(self.broadcast_many(missing) if missing else [])
            return [None if tx.hash in known else next(outcomes_missing) for tx in signed]
        highest_first = self._highest_first and len(signed) > 1
        order = sorted(signed, key=lambda tx: tx.nonce, reverse=highest_first)
        results = dict(zip((tx.hash for tx in order), self._outcomes(order)))
        refused = sorted((tx for tx in signed if results[tx.hash] is not None), key=lambda tx: tx.nonce)
        if highest_first and refused:
            self._highest_first = False  # perhaps a gap refused: the node gets nonce order from now on
            results.update(zip((tx.hash for tx in refused), self._outcomes(refused)))
        outcomes = [results[tx.hash] for tx in signed]
        if any(outcomes):
            self.nonces.resync(self.address)
        return outcomes

    def _outcomes(self, signed: Sequence[SignedTx]) -> list[CollectiblesError | None]:
        outcomes: list[CollectiblesError | None] = []
        for tx, result in zip(signed, self.node.send_raws([tx.raw for tx in signed])):
            if isinstance(result, AlreadyKnown) or not isinstance(result, BaseException):
                outcomes.append(None)
            elif isinstance(result, NonceTooLow) and self.node.transaction(tx.hash) is not None:
                outcomes.append(None)
            else:
                outcomes.append(result if isinstance(result, CollectiblesError) else NodeError(str(result)))
        return outcomes

    def wait(self, signed: Sequence[SignedTx], timeout: float | None = None) -> list[Receipt]:
        """Receipts of `signed`, in order, polling all pending hashes together.

        Raises:
            TransactionTimeout: One was not mined within `timeout` (default `receipt_timeout`).
        """
        timeout = self.receipt_timeout if timeout is None else timeout
        receipts: dict[str, Receipt] = {}
        started = time.monotonic()
        deadline = started + timeout
        newest = max(signed, key=lambda tx: tx.nonce).hash if signed else None
        while True:
            # Read once per round: the round that raises must be the one that polled every hash.
            past_deadline = time.monotonic() > deadline
            # One sender's nonces are mined in order: until the newest is mined, polling it alone
            # tells as much as polling all, for one cheap request (all are polled at the deadline).
            if len(signed) > 1 and newest not in receipts and not past_deadline:
                receipt = self.node.receipts([newest])[0]
                pending = [tx.hash for tx in signed if tx.hash not in receipts] if receipt else []
            else:
                pending = [tx.hash for tx in signed if tx.hash not in receipts]
            for start in range(0, len(pending), 500):
                chunk = pending[start : start + 500]
                receipts.update((h, r) for h, r in zip(chunk, self.node.receipts(chunk)) if r is not None)
            if len(receipts) == len(signed):
                return [receipts[tx.hash] for tx in signed]
            if past_deadline:
                missing = next(tx for tx in signed if tx.hash not in receipts)
                known = _known(self.node, missing.hash)
                if known is False:  # its nonce is free again: later ones would queue behind the gap forever
                    self.nonces.resync(self.address)
                raise TransactionTimeout(missing.hash, timeout, nonce=missing.nonce, known=known)
            # Polled more often early, and never later than a tenth of the wait so far past the receipt.
            time.sleep(min(max((time.monotonic() - started) / 10, 0.002), 0.05))

    def check(self, signed: SignedTx, receipt: Receipt) -> Receipt:
        """`receipt` if the transaction succeeded, else its failure as a typed exception."""
        if receipt.status == 1:
            return receipt
        raise self.failure(signed, receipt)

    def failure(self, signed: SignedTx, receipt: Receipt) -> CollectiblesError:
        """Why a mined transaction reverted: out of gas, or the error a replay reproduces."""
        error = _failure(self.node, signed, receipt)
        if isinstance(error, OutOfGas):
            self.gas.forget(signed.call)
        return error

    def describe(self) -> dict[str, Any]:
        return {"address": self.address, "chain_id": self.chain_id, "fees": self.fees.describe()}


def _failure(node: Node, signed: SignedTx, receipt: Receipt) -> CollectiblesError:
    if receipt.gas_used >= signed.gas * 0.98:
        return OutOfGas(
            f"{signed.call.label} ran out of gas ({receipt.gas_used} of {signed.gas}) in {receipt.tx_hash}; "
            "it changed nothing, and the next send estimates its gas again"
        )
    try:
        node.call(signed.call.to, signed.call.data, sender=signed.sender, block=receipt.block_number)
    except ContractError as error:
        error.tx_hash = receipt.tx_hash
        return error
    return UnknownRevert(b"", tx_hash=receipt.tx_hash)


def _known(node: Node, hash_: str) -> bool | None:
    """Whether the node holds the transaction (pending or mined); None when it cannot tell."""
    try:
        return node.transaction(hash_) is not None
    except NodeError:
        return None


def wait_for_receipt(node: Node, hash_: str, timeout: float) -> Receipt:
    """The receipt of transaction `hash_` once mined, its failure as a typed exception if it reverted.

    Raises:
        InvalidInput: `hash_` is not a transaction hash.
        TransactionTimeout: Not mined within `timeout` seconds; `known` says whether the node
            still holds it (when False, sending the call again is safe).
        ContractError, OutOfGas: It was mined and reverted.
        NodeUnreachable: The node does not answer.
    """
    if not (isinstance(hash_, str) and len(hash_) == 66 and hash_[:2] in ("0x", "0X")):
        raise InvalidInput(f"{hash_!r} is not a transaction hash (0x and 64 hex digits)")
    try:
        bytes.fromhex(hash_[2:])
    except ValueError:
        raise InvalidInput(f"{hash_!r} is not a transaction hash (0x and 64 hex digits)") from None
    hash_ = hash_.lower()
    started = time.monotonic()
    while (receipt := node.receipt(hash_)) is None:
        if time.monotonic() - started > timeout:
            tx = node.transaction(hash_)
            raise TransactionTimeout(hash_, timeout, nonce=tx["nonce"] if tx else None, known=tx is not None)
        time.sleep(min(max((time.monotonic() - started) / 10, 0.002), 0.05))
    if receipt.status == 1:
        return receipt
    tx = node.transaction(hash_)
    if tx is None:  # mined, and gone from the node's index since: nothing to replay
        raise UnknownRevert(b"", tx_hash=hash_)
    to = tx.get("to") or ""
    call = ContractCall(to=to, data=bytes(tx.get("input") or b""), shape=None, label=f"transaction {hash_}")
    raise _failure(node, SignedTx(call, tx["from"], tx["nonce"], tx["gas"], b"", hash_), receipt)
