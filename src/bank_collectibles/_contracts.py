"""The base of the suite's contract wrappers: a deployed contract bound to a client and a signer."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, ClassVar, Self

from ._abi import ContractAbi
from ._addresses import checksum, has_valid_case, is_hex_address
from ._rpc import Receipt
from ._sending import ContractCall
from .errors import ContractError, InvalidAddress, InvalidInput
from .results import TxResult

if TYPE_CHECKING:
    from .client import Client
    from .signers import Signer

ZERO_ADDRESS = "0x" + "00" * 20


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
    return ContractAbi(load_artifact(name)["abi"])


def checked_address(value: Any, what: str = "address", *, allow_zero: bool = False) -> str:
    """`value` as a checksummed address, refusing typos.

    Lower- or upper-case hex is accepted as is (no checksum to check); mixed case must carry a
    valid EIP-55 checksum, since a wrong one is most likely a typo.

    Raises:
        InvalidAddress: Not an address, a bad checksum, or the zero address (unless allowed).
    """
    if not is_hex_address(value):
        raise InvalidAddress(f"{what} {value!r} is not an address (0x and 40 hex digits)")
    if not has_valid_case(value):
        raise InvalidAddress(f"{what} {value} has a bad EIP-55 checksum: check it for a typo")
    address = checksum(value)
    if address == ZERO_ADDRESS and not allow_zero:
        raise InvalidAddress(f"{what} is the zero address")
    return address


def checked_addresses(values: Iterable[Any], what: str) -> list[str]:
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
        """This contract, with writes signed by `signer`."""
        bound = copy.copy(self)
        bound.signer = signer
        return bound

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.address})"

    # -------------------------------------------------------------------------------- reads

    def _read(self, function: str, *args: Any, block: int | str = "latest") -> Any:
        fn = self.abi.function(function)
        return fn.decode(self.client.node.call(self.address, fn.encode(*args), block=block))

    def _read_many(self, function: str, arg_lists: Sequence[Sequence[Any]]) -> list[Any]:
        """One call per argument list, batched; a reverted call's entry is its error."""
        fn = self.abi.function(function)
        results = self.client.node.calls([(self.address, fn.encode(*args)) for args in arg_lists])
        return [r if isinstance(r, ContractError) else fn.decode(r) for r in results]

    # ------------------------------------------------------------------------------- writes

    def _call(self, function: str, *args: Any) -> ContractCall:
        fn = self.abi.function(function)
        shape = (fn.name, *(len(a) for a in args if isinstance(a, (list, tuple))))
        return ContractCall(self.address, fn.encode(*args), shape, f"{type(self).__name__}.{fn.name}")

    def _send(self, function: str, *args: Any) -> Receipt:
        if self.signer is None:
            raise InvalidInput(f"{self!r} has no signer: use .using(signer) to write")
        return self.client.sender(self.signer).send(self._call(function, *args))

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
