"""The node behind a web3 connection, with its failures mapped to the library's exceptions.

Single requests go through web3's API, which formats results the same way for every provider
(HTTP nodes and the embedded eth-tester chain). Batches go as one JSON-RPC batch request where
the provider supports it (HTTP), else one request at a time.

- The in-process eth-tester chain is not thread-safe: requests to it are serialised (one lock per
  chain, shared by every connection to it). So are requests to Ganache 7: with eager instamine it
  leaves an `eth_estimateGas` that arrives while it mines unanswered until the client's timeout
  (measured: 8 threads x 10 sends took 5 minutes, 3 s serialised). Other nodes take concurrent
  requests.
- A node's URL is shown as scheme://host:port only: gateway URLs carry API keys in their path,
  query or user info, and those never appear in a message or a repr.
- HTTP providers the library builds (`http_provider`) retry idempotent reads only: web3's default
  also retries `eth_sendRawTransaction` after a timeout, blindly, and Ganache 7 executes such a
  replay of a mined transaction a second time (ganache#3794). The sender decides about resends.
"""

from __future__ import annotations

import ast
import functools
import re
import threading
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import ContractLogicError, TransactionNotFound, Web3RPCError
from web3.providers.rpc.utils import ExceptionRetryConfiguration

from ._abi import decode_revert
from ._addresses import checksum
from .errors import (
    CollectiblesError,
    ContractError,
    InsufficientFunds,
    NodeError,
    NodeUnreachable,
    NonceTooHigh,
    NonceTooLow,
    ReplacementUnderpriced,
    RpcError,
)

T = TypeVar("T")
BATCH_LIMIT = 1000  # JSON-RPC calls per batch request
# Receipts fetched in this many concurrent batch requests: a node answers a batch on one thread,
# and a campaign group's receipts (thousands of logs, megabytes of JSON) take it tens of
# milliseconds to write; concurrent requests use its cores while this process reads.
RECEIPT_REQUESTS = 4

# What an HTTP provider may retry by itself after a timeout or a dropped connection: reads, whose
# repetition changes nothing. Never eth_sendRawTransaction (see the module docstring) nor evm_*
# (a repeated evm_mine mines twice).
READ_METHODS = (
    "eth_chainId", "eth_blockNumber", "eth_getBlockByNumber", "eth_getBlockByHash", "eth_getTransactionCount",
    "eth_gasPrice", "eth_maxPriorityFeePerGas", "eth_feeHistory", "eth_getBalance", "eth_getCode",
    "eth_getStorageAt", "eth_call", "eth_estimateGas", "eth_getLogs", "eth_getTransactionByHash",
    "eth_getTransactionReceipt", "eth_syncing", "net_version",
)


def http_provider(url: str, timeout: float, proxies: dict[str, str | None] | None = None) -> Any:
    """A web3 HTTP provider for `url` that retries reads only, never a send (see READ_METHODS).

    Args:
        url: The node's JSON-RPC URL.
        timeout: Seconds for one HTTP request.
        proxies: `requests` proxies (``{"http": None, "https": None}`` bypasses any proxy).
    """
    from web3 import Web3

    kwargs: dict[str, Any] = {"timeout": timeout}
    if proxies is not None:
        kwargs["proxies"] = proxies
    retry = ExceptionRetryConfiguration(
        errors=(ConnectionError, requests.ConnectionError, requests.Timeout), method_allowlist=list(READ_METHODS)
    )
    return Web3.HTTPProvider(url, request_kwargs=kwargs, exception_retry_configuration=retry)


def redact_url(url: str) -> str:
    """`url` as scheme://host:port: no user info, path or query, where gateways put API keys."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return "<a malformed URL>"
    if not parts.scheme or not host:
        return url if "://" not in url else "<a malformed URL>"
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")


def _secrets_of(url: str) -> tuple[tuple[str, str], ...]:
    """The parts of `url` that must not be shown, each with what to show instead, longest first:
    the URL itself (shown redacted), its user info, path, query and fragment."""
    shown = redact_url(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return ((url, shown),)
    found = {url: shown}
    for part in (parts.netloc.rpartition("@")[0], parts.query, parts.fragment, parts.path):
        if part and part != "/" and part not in shown:
            found.setdefault(part, "<redacted>")
    if len(found) == 1:  # nothing but a trailing slash to drop
        return ()
    return tuple(sorted(((k, v) for k, v in found.items() if k != shown), key=lambda kv: len(kv[0]), reverse=True))


# Requests that must not overlap: one lock per eth-tester chain (weakly held) or Ganache URL.
_TESTER_LOCKS: weakref.WeakKeyDictionary[Any, threading.RLock] = weakref.WeakKeyDictionary()
_URL_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


@functools.cache
def _pool() -> ThreadPoolExecutor:
    """Threads for concurrent requests (web3's HTTP provider keeps a session per thread)."""
    return ThreadPoolExecutor(max_workers=RECEIPT_REQUESTS, thread_name_prefix="collectibles-rpc")


def _serialising_lock(provider: Any) -> threading.RLock | None:
    """The lock that serialises requests to the node behind `provider`, or None (concurrent)."""
    tester = getattr(provider, "ethereum_tester", None)
    if tester is not None:
        with _LOCKS_GUARD:
            try:
                return _TESTER_LOCKS.setdefault(tester, threading.RLock())
            except TypeError:  # not weakly referenceable: a lock per connection, still better than none
                return threading.RLock()
    url = getattr(provider, "endpoint_uri", None)
    if url and _is_ganache(provider):
        with _LOCKS_GUARD:
            return _URL_LOCKS.setdefault(str(url), threading.RLock())
    return None


def _is_ganache(provider: Any) -> bool:
    try:
        version = provider.make_request("web3_clientVersion", []).get("result")
    except Exception:  # noqa: BLE001  (a node without the method, or not answering: not Ganache)
        return False
    return isinstance(version, str) and version.lower().startswith("ganache")


_UNKNOWN: Any = object()


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
    """A mined transaction's receipt: status 1 succeeded, 0 reverted (and changed nothing).

    Attributes:
        rpc_logs: The logs as the answer held them: hex strings from a batch request, web3's
            formatted values (bytes, ints) from a single one. `logs` decodes them on first use: a
            campaign batch has hundreds and reads four fields of each (`collection.mints_in`).
    """

    tx_hash: str
    status: int
    block_number: int
    gas_used: int
    contract_address: str | None
    rpc_logs: Sequence[Any] = field(default=(), repr=False, compare=False)

    @functools.cached_property
    def logs(self) -> tuple[Log, ...]:
        """The decoded logs, in the order the transaction emitted them."""
        return tuple(Log.from_rpc(log) for log in self.rpc_logs)

    @classmethod
    def from_rpc(cls, receipt: Any) -> Receipt:
        """A receipt from a node's `eth_getTransactionReceipt` answer.

        Args:
            receipt: The JSON-RPC result (hex quantities) or web3's attribute dict.

        Returns:
            The receipt, with its logs.
        """
        address = receipt.get("contractAddress")
        return cls(
            tx_hash=_hex(receipt["transactionHash"]),
            status=_int(receipt["status"]),
            block_number=_int(receipt["blockNumber"]),
            gas_used=_int(receipt["gasUsed"]),
            contract_address=checksum(address) if address else None,
            rpc_logs=receipt["logs"],
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
    if "nonce too high" in lowered or "too far in future" in lowered or _expected_nonce_below(lowered):
        return NonceTooHigh(f"{message}: the node has no transaction of the nonces before it (one was lost, "
                            "e.g. by a node restart); the nonce counter is read from the node again: send again")
    if "nonce too low" in lowered or "correct nonce" in lowered or "invalid transaction nonce" in lowered:
        return NonceTooLow(f"{message}: another transaction used this nonce (is another process signing for this "
                           "account?); the nonce counter is read from the node again: send again")
    if "underpriced" in lowered or "replacement fee too low" in lowered:
        return ReplacementUnderpriced(f"{message}: a pending transaction holds this nonce with a higher fee")
    if "insufficient funds" in lowered or "cannot afford" in lowered:
        return InsufficientFunds(f"{message}: fund the signer's account or use a zero-gas-price chain profile")
    if "execution reverted" in lowered or "processing transaction: revert" in lowered:
        return decode_revert(None)  # a revert without data (Ganache: "VM Exception ...: revert")
    return RpcError(method, code, message)


_EXPECTED_NONCE = re.compile(r"expected (\d+), but got (\d+)")  # eth-tester: "Invalid transaction nonce: Expected 3, but got 5"


def _expected_nonce_below(message: str) -> bool:
    found = _EXPECTED_NONCE.search(message)
    return found is not None and int(found[1]) < int(found[2])


def _message_and_code(error: BaseException) -> tuple[str, int | None]:
    if isinstance(error, Web3RPCError) and isinstance(error.rpc_response, dict):
        rpc_error = error.rpc_response.get("error") or {}
        return str(rpc_error.get("message", error)), rpc_error.get("code")
    if isinstance(error, dict):
        return str(error.get("message")), error.get("code")
    return str(error.args[0] if error.args else error), None


class Node:
    """JSON-RPC access to one node, every failure raised as the library's own exception.

    Attributes:
        url: The node's URL as scheme://host:port (never its path, query or user info).
    """

    def __init__(self, w3: Web3, url: str | None = None) -> None:
        self.w3 = w3
        full = url or getattr(w3.provider, "endpoint_uri", None)
        self.url = redact_url(str(full)) if full else "the embedded chain"
        self._secrets = _secrets_of(str(full)) if full else ()
        self._provider = w3.provider
        self.supports_batch = hasattr(self._provider, "make_batch_request") and url is not None
        # The lock serialising requests to this node (eth-tester, Ganache), else None; asked for
        # on the first request, so that a node that is down fails there with its usual message.
        self._lock_of_node: threading.RLock | None = _UNKNOWN

    @property
    def _lock(self) -> threading.RLock | None:
        if self._lock_of_node is _UNKNOWN:
            self._lock_of_node = _serialising_lock(self._provider)
        return self._lock_of_node

    def request(self, method: str, fn: Callable[..., T], *args: Any) -> T:
        try:
            lock = self._lock
            if lock is None:
                return fn(*args)
            with lock:
                return fn(*args)
        except (ContractError, NodeError, TransactionNotFound):
            raise
        except Exception as error:  # noqa: BLE001  (every failure is classified)
            raise self._mapped(method, error) from self._cause(error)

    def _mapped(self, method: str, error: BaseException | dict[str, Any]) -> CollectiblesError:
        """`classify`, with a message that says what to do when the node is not answering, and
        without any secret part of the URL."""
        mapped = classify(method, error)
        if isinstance(mapped, NodeUnreachable):
            return NodeUnreachable(
                f"the node at {self.url} is not answering: start it (`collectibles chain up` for the "
                f"managed chain) or check the URL ({type(error).__name__} on {method})"
            )
        if self._secrets and any(self._leaks(arg) for arg in mapped.args if isinstance(arg, str)):
            mapped.args = tuple(self._scrub(arg) if isinstance(arg, str) else arg for arg in mapped.args)
            if isinstance(mapped, RpcError):
                mapped.rpc_message = self._scrub(mapped.rpc_message)
        return mapped

    def _cause(self, error: BaseException) -> BaseException | None:
        """`error`, to chain, unless its text shows a secret part of the URL (requests puts it there)."""
        seen: set[int] = set()
        current: BaseException | None = error
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            if self._leaks(str(current)):
                return None
            current = current.__cause__ or current.__context__
        return error

    def _leaks(self, text: str) -> bool:
        return any(secret in text for secret, _ in self._secrets)

    def _scrub(self, text: str) -> str:
        for secret, shown in self._secrets:
            text = text.replace(secret, shown)
        return text

    def raw_batch(self, calls: Sequence[tuple[str, list[Any]]], parts: int = 1) -> list[Any]:
        """Results of raw JSON-RPC `calls` in batch requests of at most `BATCH_LIMIT` (nodes cap a
        request's size), in up to `parts` concurrent requests; a failed call's entry is its exception."""
        size = min(BATCH_LIMIT, -(-len(calls) // max(parts, 1)) or 1)
        chunks = [calls[start : start + size] for start in range(0, len(calls), size)]
        if len(chunks) == 1:
            return self._batch(chunks[0])
        if parts > 1:
            return [result for chunk in _pool().map(self._batch, chunks) for result in chunk]
        return [result for chunk in chunks for result in self._batch(chunk)]

    def _batch(self, calls: Sequence[tuple[str, list[Any]]]) -> list[Any]:
        if not calls:
            return []  # nodes reject an empty batch
        try:
            lock = self._lock
            if lock is None:
                responses = self._provider.make_batch_request(list(calls))  # type: ignore[attr-defined]
            else:
                with lock:
                    responses = self._provider.make_batch_request(list(calls))  # type: ignore[attr-defined]
        except Exception as error:  # noqa: BLE001
            raise self._mapped("batch", error) from self._cause(error)
        if isinstance(responses, dict):  # the node rejected the whole batch
            raise RpcError("batch", responses.get("error", {}).get("code"), str(responses.get("error")))
        return [self._mapped(m, r["error"]) if "error" in r else r.get("result") for (m, _), r in zip(calls, responses)]

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
        """`eth_call`; an empty `to` runs `data` as init code (replaying a contract creation)."""
        tx: dict[str, Any] = {"to": to, "data": data} if to else {"data": data}
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
        return [Log.from_rpc(log) for log in self.rpc_logs(filter_params)]

    def rpc_logs(self, filter_params: dict[str, Any]) -> list[Any]:
        """`eth_getLogs`, the logs undecoded (see `Receipt.rpc_logs`). A node that takes batch
        requests is asked directly: web3's formatting of the answer costs ten times the request."""
        if not self.supports_batch:
            return list(self.request("eth_getLogs", self.w3.eth.get_logs, filter_params))
        params = {key: hex(value) if isinstance(value, int) else value for key, value in filter_params.items()}
        (logs,) = self.raw_batch([("eth_getLogs", [params])])
        if isinstance(logs, BaseException):
            raise logs
        return logs

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
        calls = [("eth_getTransactionReceipt", [h]) for h in tx_hashes]
        results = self.raw_batch(calls, parts=RECEIPT_REQUESTS if self._lock is None else 1)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return [Receipt.from_rpc(r) if r else None for r in results]

    # -------------------------------------------------------------------------------- sending

    def send_raw(self, raw: bytes) -> str:
        """Broadcasts a signed transaction and returns its hash.

        Raises:
            AlreadyKnown: The node holds this exact transaction already (a success for callers).
            NonceTooLow, NonceTooHigh, ReplacementUnderpriced, InsufficientFunds, ContractError, NodeUnreachable.
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
