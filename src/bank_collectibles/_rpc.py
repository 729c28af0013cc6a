"""The node behind a web3 connection, with its failures mapped to the library's exceptions.

Single requests go through web3's API, which formats results the same way for every provider
(HTTP nodes and the embedded eth-tester chain). Batches go as one JSON-RPC batch request where
the provider supports it (HTTP), else one request at a time.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import ContractLogicError, TransactionNotFound, Web3RPCError

from ._abi import decode_revert
from ._addresses import checksum
from .errors import (
    CollectiblesError,
    ContractError,
    InsufficientFunds,
    NodeError,
    NodeUnreachable,
    NonceTooLow,
    ReplacementUnderpriced,
    RpcError,
)

T = TypeVar("T")
BATCH_LIMIT = 1000  # JSON-RPC calls per batch request


class AlreadyKnown(NodeError):
    """The node already holds this exact transaction: sending it again is a success."""


# Receipts arrive as JSON-RPC hex strings (HTTP batches) or as web3's formatted values (ints,
# HexBytes); the campaign's hot path parses thousands of logs, so plain strings take a fast path.


def _int(value: Any) -> int:
    return int(value, 16) if isinstance(value, str) else int(value)


def _bytes(value: Any) -> bytes:
    return bytes.fromhex(value[2:]) if isinstance(value, str) else bytes(HexBytes(value))


def _hex(value: Any) -> str:
    return value.lower() if isinstance(value, str) else "0x" + bytes(value).hex()


@dataclass(frozen=True)
class Log:
    address: str
    topics: tuple[bytes, ...]
    data: bytes
    log_index: int
    block_number: int
    tx_hash: str

    @classmethod
    def from_rpc(cls, log: Any) -> Log:
        return cls(
            address=checksum(log["address"]),
            topics=tuple(map(_bytes, log["topics"])),
            data=_bytes(log["data"]),
            log_index=_int(log["logIndex"]),
            block_number=_int(log["blockNumber"]),
            tx_hash=_hex(log["transactionHash"]),
        )


@dataclass(frozen=True)
class Receipt:
    tx_hash: str
    status: int
    block_number: int
    gas_used: int
    contract_address: str | None
    logs: tuple[Log, ...]

    @classmethod
    def from_rpc(cls, receipt: Any) -> Receipt:
        address = receipt.get("contractAddress")
        return cls(
            tx_hash=_hex(receipt["transactionHash"]),
            status=_int(receipt["status"]),
            block_number=_int(receipt["blockNumber"]),
            gas_used=_int(receipt["gasUsed"]),
            contract_address=checksum(address) if address else None,
            logs=tuple(Log.from_rpc(log) for log in receipt["logs"]),
        )


def revert_data(error: BaseException | dict[str, Any]) -> bytes | None:
    """The revert data a node attached to an error, in any of the shapes nodes use.

    `error` is an exception from web3 or eth-tester, or a JSON-RPC error object from a batch.
    """
    data: Any = error.get("data") if isinstance(error, dict) else getattr(error, "data", None)
    if isinstance(data, dict):  # Ganache's estimateGas puts it under "result"
        data = data.get("result") or data.get("data")
    if isinstance(data, str) and data.startswith("0x") and len(data) >= 10:
        return _bytes(data)
    if isinstance(error, dict):
        return None
    raw = _tester_revert_bytes(error) if type(error).__module__.startswith("eth_tester") else None
    if raw is not None:
        return raw
    message = str(error.args[0]) if error.args else ""
    prefix = "execution reverted: b"  # eth-tester: the data as a Python bytes literal
    if message.startswith(prefix):
        try:
            return ast.literal_eval(message[len("execution reverted: ") :])
        except (ValueError, SyntaxError):
            return None
    return None


def _tester_revert_bytes(error: BaseException) -> bytes | None:
    """The raw revert data behind an eth-tester failure, from the exceptions it was raised from.

    web3's tester provider re-raises a revert as text, decoding any data whose arguments parse as
    one string as if it were `Error(string)`: `InvalidDropConfig("schedule")` would arrive as
    "execution reverted: schedule", its selector lost. py-evm's `Revert(data)` is still in the
    chain of exceptions that led to it.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        first = current.args[0] if current.args else None
        if isinstance(first, BaseException):  # eth-tester wraps py-evm's exception
            first = first.args[0] if first.args else None
        if isinstance(first, (bytes, bytearray)):
            return bytes(first)
        current = current.__cause__ or current.__context__
    return None


def classify(method: str, error: BaseException | dict[str, Any]) -> CollectiblesError:
    """The library's exception for a node-side failure of `method` (an exception or an RPC error object)."""
    if isinstance(error, (requests.ConnectionError, requests.Timeout, ConnectionError)):
        return NodeUnreachable(f"no answer from the node ({error.__class__.__name__})")
    data = revert_data(error)
    if data is not None or isinstance(error, ContractLogicError) or "TransactionFailed" in type(error).__name__:
        return decode_revert(data)
    message, code = _message_and_code(error)
    lowered = message.lower()
    if "already known" in lowered or "already imported" in lowered or "known transaction" in lowered:
        return AlreadyKnown(message)
    if "nonce too low" in lowered or "correct nonce" in lowered or "invalid transaction nonce" in lowered:
        return NonceTooLow(f"{message}: another transaction used this nonce; the client resynchronises and retries")
    if "underpriced" in lowered or "replacement fee too low" in lowered:
        return ReplacementUnderpriced(f"{message}: a pending transaction holds this nonce with a higher fee")
    if "insufficient funds" in lowered or "cannot afford" in lowered:
        return InsufficientFunds(f"{message}: fund the signer's account or use a zero-gas-price chain profile")
    return RpcError(method, code, message)


def _message_and_code(error: BaseException) -> tuple[str, int | None]:
    if isinstance(error, Web3RPCError) and isinstance(error.rpc_response, dict):
        rpc_error = error.rpc_response.get("error") or {}
        return str(rpc_error.get("message", error)), rpc_error.get("code")
    if isinstance(error, dict):
        return str(error.get("message")), error.get("code")
    return str(error.args[0] if error.args else error), None


class Node:
    """JSON-RPC access to one node, every failure raised as the library's own exception."""

    def __init__(self, w3: Web3, url: str | None = None) -> None:
        self.w3 = w3
        self.url = url or getattr(w3.provider, "endpoint_uri", None) or "the embedded chain"
        self._provider = w3.provider
        self.supports_batch = hasattr(self._provider, "make_batch_request") and url is not None

    def request(self, method: str, fn: Callable[..., T], *args: Any) -> T:
        try:
            return fn(*args)
        except (ContractError, NodeError, TransactionNotFound):
            raise
        except Exception as error:  # noqa: BLE001  (every failure is classified)
            mapped = classify(method, error)
            if isinstance(mapped, NodeUnreachable):
                mapped = NodeUnreachable(
                    f"the node at {self.url} is not answering: start it (`collectibles chain up` for the "
                    "managed chain) or check the URL"
                )
            raise mapped from error

    def raw_batch(self, calls: Sequence[tuple[str, list[Any]]]) -> list[Any]:
        """Results of raw JSON-RPC `calls` in batch requests of at most `BATCH_LIMIT` (nodes cap a
        request's size); a failed call's entry is its exception."""
        results: list[Any] = []
        for start in range(0, len(calls), BATCH_LIMIT):
            results += self._batch(calls[start : start + BATCH_LIMIT])
        return results

    def _batch(self, calls: Sequence[tuple[str, list[Any]]]) -> list[Any]:
        if not calls:
            return []  # nodes reject an empty batch
        try:
            responses = self._provider.make_batch_request(list(calls))  # type: ignore[attr-defined]
        except Exception as error:  # noqa: BLE001
            raise classify("batch", error) from error
        if isinstance(responses, dict):  # the node rejected the whole batch
            raise RpcError("batch", responses.get("error", {}).get("code"), str(responses.get("error")))
        return [classify(m, r["error"]) if "error" in r else r.get("result") for (m, _), r in zip(calls, responses)]

    # -------------------------------------------------------------------------------- reads

    @property
    def chain_id(self) -> int:
        return self.request("eth_chainId", lambda: self.w3.eth.chain_id)

    def block_number(self) -> int:
        return self.request("eth_blockNumber", lambda: self.w3.eth.block_number)

    def block(self, number: int | str = "latest") -> Any:
        return self.request("eth_getBlockByNumber", self.w3.eth.get_block, number)

    def nonce(self, address: str, block: str = "pending") -> int:
        return self.request("eth_getTransactionCount", self.w3.eth.get_transaction_count, address, block)

    def gas_price(self) -> int:
        return self.request("eth_gasPrice", lambda: self.w3.eth.gas_price)

    def max_priority_fee(self) -> int:
        return self.request("eth_maxPriorityFeePerGas", lambda: self.w3.eth.max_priority_fee)

    def balance(self, address: str) -> int:
        return self.request("eth_getBalance", self.w3.eth.get_balance, address)

    def code(self, address: str) -> bytes:
        return bytes(self.request("eth_getCode", self.w3.eth.get_code, address))

    def call(self, to: str, data: bytes, sender: str | None = None, block: int | str = "latest") -> bytes:
        tx: dict[str, Any] = {"to": to, "data": data}
        if sender:
            tx["from"] = sender
        return bytes(self.request("eth_call", self.w3.eth.call, tx, block))

    def calls(self, requests_: Sequence[tuple[str, bytes]], block: int | str = "latest") -> list[bytes | ContractError]:
        """Many `eth_call`s, batched where the provider can; a reverted call's entry is its error."""
        if not self.supports_batch:
            out: list[bytes | ContractError] = []
            for to, data in requests_:
                try:
                    out.append(self.call(to, data, block=block))
                except ContractError as error:
                    out.append(error)
            return out
        tag = block if isinstance(block, str) else hex(block)
        results = self.raw_batch([("eth_call", [{"to": to, "data": _hex(data)}, tag]) for to, data in requests_])
        for result in results:
            if isinstance(result, NodeError):
                raise result
        return [r if isinstance(r, ContractError) else _bytes(r) for r in results]

    def estimate_gas(self, tx: dict[str, Any]) -> int:
        return self.request("eth_estimateGas", self.w3.eth.estimate_gas, tx)

    def logs(self, filter_params: dict[str, Any]) -> list[Log]:
        return [Log.from_rpc(log) for log in self.request("eth_getLogs", self.w3.eth.get_logs, filter_params)]

    def transaction(self, tx_hash: str) -> Any | None:
        try:
            return self.request("eth_getTransactionByHash", self.w3.eth.get_transaction, tx_hash)
        except TransactionNotFound:
            return None

    # ----------------------------------------------------------------------------- receipts

    def receipt(self, tx_hash: str) -> Receipt | None:
        try:
            raw = self.request("eth_getTransactionReceipt", self.w3.eth.get_transaction_receipt, tx_hash)
        except TransactionNotFound:
            return None
        return Receipt.from_rpc(raw) if raw else None

    def receipts(self, tx_hashes: Sequence[str]) -> list[Receipt | None]:
        if not self.supports_batch:
            return [self.receipt(h) for h in tx_hashes]
        results = self.raw_batch([("eth_getTransactionReceipt", [h]) for h in tx_hashes])
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return [Receipt.from_rpc(r) if r else None for r in results]

    # -------------------------------------------------------------------------------- sending

    def send_raw(self, raw: bytes) -> str:
        """Broadcasts a signed transaction and returns its hash.

        Raises:
            AlreadyKnown: The node holds this exact transaction already (a success for callers).
            NonceTooLow, ReplacementUnderpriced, InsufficientFunds, ContractError, NodeUnreachable.
        """
        return _hex(self.request("eth_sendRawTransaction", self.w3.eth.send_raw_transaction, raw))

    def send_raws(self, raws: Sequence[bytes]) -> list[str | BaseException]:
        """Broadcasts many signed transactions, in one batch where possible, in order."""
        if not self.supports_batch:
            out: list[str | BaseException] = []
            for raw in raws:
                try:
                    out.append(self.send_raw(raw))
                except (ContractError, NodeError) as error:
                    if isinstance(error, NodeUnreachable):
                        raise
                    out.append(error)
            return out
        results = self.raw_batch([("eth_sendRawTransaction", [_hex(raw)]) for raw in raws])
        return [r if isinstance(r, BaseException) else _hex(r) for r in results]

    # ---------------------------------------------------------------------- development chains

    def mine(self, blocks: int = 1) -> None:
        """Mines `blocks` empty blocks on a development chain (Anvil, Ganache, eth-tester)."""
        for _ in range(blocks):
            self.request("evm_mine", self.w3.provider.make_request, "evm_mine", [])
