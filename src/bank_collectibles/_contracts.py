"""The base of the suite's contract wrappers: a deployed contract bound to a client and a signer."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, ClassVar, Self

from ._abi import AbiFunction, ContractAbi
from ._addresses import checked_address  # noqa: F401  (re-exported: every module takes it from here)
from ._rpc import Receipt
from ._sending import ContractCall
from .errors import ContractError, DeploymentError, InvalidInput
from .results import TxResult
from .signers import Signer

if TYPE_CHECKING:
    from .client import Client



@functools.cache
def load_artifact(name: str) -> dict[str, Any]:
    """The compiled artifact (ABI, bytecode) of contract `name`, shipped inside the package."""
    try:
        text = resources.files("bank_collectibles").joinpath("artifacts", f"{name}.json").read_text()
    except FileNotFoundError:
        raise InvalidInput(f"no compiled artifact for {name}: run `make artifacts`") from None
    return json.loads(text)


@functools.cache
def contract_abi(name: str) -> ContractAbi:
    return ContractAbi(load_artifact(name)["abi"], name)


UINT256_MAX = 2**256 - 1


def checked_addresses(values: Iterable[Any], what: str) -> list[str]:
    """Each of `values` through :func:`checked_address`; a list of at least one.

    Raises:
        InvalidAddress: One of them is not a valid address.
        InvalidInput: None given, or one string instead of a list of them.
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidInput(f"{what}s must be a list of addresses, not {values!r}")
    addresses = [checked_address(value, what) for value in values]
    if not addresses:
        raise InvalidInput(f"no {what}s given")
    return addresses


def positive(value: Any, what: str, *, maximum: int | None = None, allow_zero: bool = False) -> int:
    """`value` as an int that is positive (or zero) and at most `maximum`.

    Raises:
        InvalidInput: Not an int, negative, zero (unless allowed) or above `maximum`.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{what} must be an integer, not {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise InvalidInput(f"{what} must be {'zero or ' if allow_zero else ''}positive, not {value}")
    if maximum is not None and value > maximum:
        raise InvalidInput(f"{what} must be at most {maximum}, not {value}")
    return value


def checked_id(value: Any, what: str, *, maximum: int = UINT256_MAX, allow_zero: bool = False) -> int:
    """A token, listing, edition, drop or recipe id: a positive int that fits its ABI type.

    Raises:
        InvalidInput: Not an int, zero (unless allowed), negative or too large.
    """
    return positive(value, what, maximum=maximum, allow_zero=allow_zero)


def checked_ids(values: Any, what: str, *, maximum: int = UINT256_MAX) -> list[int]:
    """A non-empty list of ids, each through :func:`checked_id`.

    Raises:
        InvalidInput: None given, not a list, or a bad id.
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidInput(f"{what}s must be a list of integers, not {values!r}")
    ids = [checked_id(value, what, maximum=maximum) for value in values]
    if not ids:
        raise InvalidInput(f"no {what}s given")
    return ids


def checked_text(value: Any, what: str, *, required: bool = False) -> str:
    """`value` as a str that ABI-encodes (UTF-8); non-blank when `required`.

    Raises:
        InvalidInput: Not a str, not encodable as UTF-8, or blank when required.
    """
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be a string, not {value!r}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what} {value!r} is not valid Unicode text (it cannot be encoded as UTF-8)") from None
    if required and not value.strip():
        raise InvalidInput(f"{what} must not be empty")
    return value


def checked_flag(value: Any, what: str) -> bool:
    """`value` if it is a bool (True or False): a string such as "false" is refused, not taken as True.

    Raises:
        InvalidInput: Not a bool.
    """
    if not isinstance(value, bool):
        raise InvalidInput(f"{what} must be True or False, not {value!r}")
    return value


def checked_bytes32(value: Any, what: str) -> bytes:
    """`value` as exactly 32 bytes (a secret, a commitment).

    Raises:
        InvalidInput: Not bytes, or not 32 of them.
    """
    if not isinstance(value, (bytes, bytearray)) or len(value) != 32:
        shown = f"{len(value)} bytes" if isinstance(value, (bytes, bytearray)) else repr(value)
        raise InvalidInput(f"{what} must be 32 bytes, not {shown}")
    return bytes(value)


class BoundContract:
    """A deployed contract of the suite, for reading through a client and writing as a signer.

    Args:
        client: The connection.
        address: The contract's address.
        signer: Who signs writes; `using(signer)` gives a copy for another signer.
    """

    artifact: ClassVar[str]

    def __init__(self, client: Client, address: str, signer: Signer | None = None) -> None:
        self.client = client
        self.address = checked_address(address, f"{type(self).__name__} address")
        self.signer = signer
        self.abi = contract_abi(self.artifact)

    def using(self, signer: Signer) -> Self:
        """This contract, with writes signed by `signer`.

        Args:
            signer: Who signs this copy's writes.

        Returns:
            A copy bound to `signer`; this object keeps its own signer.

        Raises:
            InvalidInput: `signer` is not a signer (it needs .address and .sign_transaction).
        """
        if not isinstance(signer, Signer):
            raise InvalidInput(f"{signer!r} is not a signer (it needs .address and .sign_transaction)")
        bound = copy.copy(self)
        bound.signer = signer
        return bound

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.address})"

    # -------------------------------------------------------------------------------- reads

    def _read(self, function: str, *args: Any, block: int | str = "latest") -> Any:
        fn = self.abi.function(function)
        return self._decode(fn, self.client.node.call(self.address, fn.encode(*args), block=block))

    def _read_many(self, function: str, arg_lists: Sequence[Sequence[Any]]) -> list[Any]:
        """One call per argument list, batched; a reverted call's entry is its error."""
        fn = self.abi.function(function)
        results = self.client.node.calls([(self.address, fn.encode(*args)) for args in arg_lists])
        return [r if isinstance(r, ContractError) else self._decode(fn, r) for r in results]

    def _read_batch(self, calls: Sequence[tuple[str, tuple[Any, ...]]]) -> list[Any]:
        """Many different view calls in batched round trips; a reverted call's entry is its error."""
        functions = [self.abi.function(name) for name, _ in calls]
        raw = self.client.node.calls([(self.address, fn.encode(*args)) for fn, (_, args) in zip(functions, calls)])
        return [r if isinstance(r, ContractError) else self._decode(fn, r) for fn, r in zip(functions, raw)]

    def _decode(self, fn: AbiFunction, data: bytes) -> Any:
        if not data and fn.output_types:  # an account without code answers every call with nothing
            raise self._not_here(bool(self.client.node.code(self.address)))
        return fn.decode(data)

    def _require_code(self) -> None:
        """Before a write: a transaction to an account without code would succeed and do nothing."""
        if not self.__dict__.get("_code_seen"):
            if not self.client.node.code(self.address):
                raise self._not_here(False)
            self._code_seen = True

    def _not_here(self, has_code: bool) -> DeploymentError:
        return DeploymentError(f"{self.address} is not a {type(self).__name__} on chain {self.client.chain_id}"
                               f"{'' if has_code else ' (no contract there)'}: check the address, or the manifest's chain")

    # ------------------------------------------------------------------------------- writes

    def _call(self, function: str, *args: Any) -> ContractCall:
        fn = self.abi.function(function)
        shape = (fn.name, *(len(a) for a in args if isinstance(a, (list, tuple))))
        return ContractCall(self.address, fn.encode(*args), shape, f"{type(self).__name__}.{fn.name}")

    def _signer(self) -> Signer:
        if self.signer is None:
            raise InvalidInput(f"{self!r} has no signer: use .using(signer) to write")
        return self.signer

    def _send(self, function: str, *args: Any) -> Receipt:
        self._require_code()
        return self.client.sender(self._signer()).send(self._call(function, *args))

    def _preflight(self, function: str, *args: Any) -> None:
        """Raises what the chain would refuse the call for (a missing role, say); sends nothing.
        A write found to change nothing runs it first: a signer without the right is told so."""
        self._require_code()
        self.client.sender(self._signer()).estimate(self._call(function, *args))

    def _transact(self, function: str, *args: Any) -> TxResult:
        return TxResult.of(self._send(function, *args))

    def _events(self, receipt: Receipt, name: str) -> list[dict[str, Any]]:
        """The decoded `name` events this contract emitted in `receipt`."""
        event = self.abi.events_by_name[name]
        return [
            event.decode(list(log.topics), log.data)
            for log in receipt.logs
            if log.address == self.address and log.topics and log.topics[0] == event.topic
        ]

    def _logs(self, name: str, from_block: int = 0, topics: Sequence[Any] = ()) -> list[tuple[Any, dict[str, Any]]]:
        """`(log, arguments)` of every `name` event this contract emitted, oldest first."""
        event = self.abi.events_by_name[name]
        logs = self.client.node.logs(
            {"address": self.address, "fromBlock": from_block, "toBlock": "latest", "topics": ["0x" + event.topic.hex(), *topics]}
        )
        return [(log, event.decode(list(log.topics), log.data)) for log in logs]
