"""Encoding calls and decoding results, events and reverts from a contract's ABI.

A thin layer over eth_abi with selectors and type strings computed once per contract, so the hot
path (a campaign sending thousands of calls) pays for encoding only. The calls that carry thousands
of addresses (mints, KYC batches) take words and arrays of words: those are encoded directly when
every value is one eth_abi would accept, about 20 times faster; anything else goes to eth_abi.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eth_abi import decode, encode
from eth_abi.exceptions import EncodingError
from eth_utils import collapse_if_tuple, event_abi_to_log_topic, function_abi_to_4byte_selector

from ._addresses import checksum
from .errors import CONTRACT_ERRORS, ContractError, InvalidInput, Panic, RevertedWithReason, UnknownRevert

_BUILTIN_ERRORS: dict[bytes, type[ContractError]] = {cls.selector: cls for cls in (RevertedWithReason, Panic)}


def _types(params: list[dict[str, Any]]) -> list[str]:
    return [collapse_if_tuple(p) for p in params]


def _named(params: list[dict[str, Any]], values: tuple[Any, ...]) -> dict[str, Any]:
    """Decoded values keyed by their ABI names, structs (tuples) as nested dicts."""
    return {p["name"]: _shape(p, v) for p, v in zip(params, values)}


def _shape(param: dict[str, Any], value: Any) -> Any:
    """A decoded value as callers want it: structs as dicts, addresses checksummed."""
    kind = param["type"]
    if kind.endswith("]"):
        element = dict(param, type=kind[: kind.rindex("[")])
        return [_shape(element, v) for v in value]
    if kind == "tuple":
        return _named(param["components"], value)
    if kind == "address":
        return checksum(value)
    return value


class _NotWordShaped(Exception):
    """A value the direct encoder leaves to eth_abi (which accepts it or says why not)."""


def _uint(bits: int) -> Callable[[Any], bytes]:
    limit = 1 << bits

    def word(value: Any) -> bytes:
        if type(value) is not int or not 0 <= value < limit:  # `type`: a bool is not a uint to eth_abi
            raise _NotWordShaped
        return value.to_bytes(32, "big")

    return word


def _address(value: Any) -> bytes:
    # Checksums are checked where addresses enter the library, not here (nor by eth_abi).
    if type(value) is not str or len(value) != 42 or value[:2] != "0x":
        raise _NotWordShaped
    try:
        raw = bytes.fromhex(value[2:])
    except ValueError:
        raise _NotWordShaped from None
    if len(raw) != 20:  # fromhex skips spaces
        raise _NotWordShaped
    return b"\x00" * 12 + raw


def _bool(value: Any) -> bytes:
    if type(value) is not bool:
        raise _NotWordShaped
    return int(value).to_bytes(32, "big")


def _bytes32(value: Any) -> bytes:
    if type(value) is not bytes or len(value) != 32:
        raise _NotWordShaped
    return value


def _word_encoder(kind: str) -> Callable[[Any], bytes] | None:
    if kind == "address":
        return _address
    if kind == "bool":
        return _bool
    if kind == "bytes32":
        return _bytes32
    if kind.startswith("uint") and kind[4:].isdigit():
        return _uint(int(kind[4:]))
    return None


WordPlan = tuple[tuple[Callable[[Any], bytes], bool], ...]  # per argument: word encoder, is an array


def word_plan(types: tuple[str, ...]) -> WordPlan | None:
    """How to encode arguments of `types` directly, if each is a word type or an array of one."""
    plan = []
    for kind in types:
        is_array = kind.endswith("[]")
        encoder = _word_encoder(kind[:-2] if is_array else kind)
        if encoder is None:
            return None
        plan.append((encoder, is_array))
    return tuple(plan)


def encode_words(plan: WordPlan, args: tuple[Any, ...]) -> bytes:
    """The ABI encoding of `args` (head, then the arrays' tails), as eth_abi would produce it.

    Raises:
        _NotWordShaped: A value eth_abi should judge.
    """
    if len(args) != len(plan):
        raise _NotWordShaped
    heads, tails = [], []
    offset = 32 * len(plan)
    for (word, is_array), value in zip(plan, args):
        if not is_array:
            heads.append(word(value))
            continue
        if not isinstance(value, (list, tuple)):
            raise _NotWordShaped
        tail = len(value).to_bytes(32, "big") + b"".join(map(word, value))
        heads.append(offset.to_bytes(32, "big"))
        tails.append(tail)
        offset += len(tail)
    return b"".join(heads + tails)


# What eth_abi raises for a value it cannot encode (a str where a string's UTF-8 fails is a ValueError).
_ENCODING_ERRORS = (EncodingError, TypeError, ValueError, OverflowError)


def encode_arguments(
    types: tuple[str, ...],
    args: tuple[Any, ...],
    words: WordPlan | None,
    *,
    function: str = "",
    params: tuple[dict[str, Any], ...] = (),
) -> bytes:
    """`args` ABI-encoded as `types`: directly by `words` (`word_plan(types)`) when it is not None
    and the values are word-shaped, else by eth_abi.

    The public methods validate their arguments first; this is the safety net behind them, so that
    no value eth_abi refuses ever surfaces as one of its own exceptions.

    Args:
        function: The function's name, for messages ("Collection.transferFrom").
        params: The ABI's input entries (names, struct components), to name the argument at fault.

    Raises:
        InvalidInput: A value cannot be encoded as its type; the message names the function and
            the argument (a struct field by its path: ``config.name``).
    """
    if words is not None:
        try:
            return encode_words(words, args)
        except _NotWordShaped:
            pass
    try:
        return encode(types, args)
    except _ENCODING_ERRORS as error:
        raise _encoding_failure(types, args, function, params, error) from error


def _encoding_failure(
    types: tuple[str, ...], args: tuple[Any, ...], function: str, params: tuple[dict[str, Any], ...], error: Exception
) -> InvalidInput:
    where = function or "a contract call"
    if len(args) != len(types):
        return InvalidInput(f"{where} takes {len(types)} arguments ({', '.join(types)}), not {len(args)}")
    entries = params if len(params) == len(types) else tuple({"name": "", "type": t} for t in types)
    for index, (entry, value) in enumerate(zip(entries, args)):
        found = _refused(entry, value, entry.get("name") or f"argument {index}")
        if found is not None:
            path, kind, bad = found
            return InvalidInput(f"{where}: {path} must be a valid {kind}, not {_shown(bad)}")
    return InvalidInput(f"{where}: the arguments cannot be ABI-encoded as ({', '.join(types)}): {error}")


def _refused(param: dict[str, Any], value: Any, path: str) -> tuple[str, str, Any] | None:
    """`(path, type, value)` of the innermost value under `param` that eth_abi refuses, or None."""
    kind = collapse_if_tuple(param)
    try:
        encode([kind], [value])
        return None
    except _ENCODING_ERRORS:
        pass
    components = param.get("components")
    if param["type"] == "tuple" and components and isinstance(value, (list, tuple)) and len(value) == len(components):
        for component, item in zip(components, value):
            found = _refused(component, item, f"{path}.{component.get('name') or '?'}")
            if found is not None:
                return found
    if param["type"].endswith("[]") and isinstance(value, (list, tuple)):
        element = dict(param, type=param["type"][:-2])
        for index, item in enumerate(value):
            found = _refused(element, item, f"{path}[{index}]")
            if found is not None:
                return found
    return path, kind, value


def _shown(value: Any) -> str:
    text = repr(value)
    return f"{text[:60]}... ({type(value).__name__})" if len(text) > 64 else f"{text} ({type(value).__name__})"


@dataclass(frozen=True)
class AbiFunction:
    name: str
    selector: bytes
    input_types: tuple[str, ...]
    outputs: tuple[dict[str, Any], ...]
    output_types: tuple[str, ...]
    words: WordPlan | None = field(default=None, repr=False, compare=False)
    inputs: tuple[dict[str, Any], ...] = field(default=(), repr=False, compare=False)
    contract: str = field(default="", repr=False, compare=False)

    def encode(self, *args: Any) -> bytes:
        """Selector and arguments. Raises `InvalidInput` (naming the argument) for a value eth_abi refuses."""
        label = f"{self.contract}.{self.name}" if self.contract else self.name
        return self.selector + encode_arguments(self.input_types, args, self.words, function=label, params=self.inputs)

    def decode(self, data: bytes) -> Any:
        """The return value: None, one value, or a tuple; structs as dicts keyed by field name."""
        values = decode(self.output_types, data)
        shaped = tuple(_shape(p, v) for p, v in zip(self.outputs, values))
        if not shaped:
            return None
        return shaped[0] if len(shaped) == 1 else shaped


@dataclass(frozen=True)
class AbiEvent:
    name: str
    topic: bytes
    inputs: tuple[dict[str, Any], ...]

    def decode(self, topics: list[bytes], data: bytes) -> dict[str, Any]:
        indexed = [p for p in self.inputs if p.get("indexed")]
        plain = [p for p in self.inputs if not p.get("indexed")]
        values: dict[str, Any] = {}
        for param, topic in zip(indexed, topics[1:]):
            kind = collapse_if_tuple(param)
            # Dynamic indexed values are stored as their hash and cannot be decoded.
            dynamic = kind in ("string", "bytes") or kind.endswith("]") or kind.startswith("(")
            values[param["name"]] = bytes(topic) if dynamic else _shape(param, decode([kind], bytes(topic))[0])
        values.update(_named(plain, decode(_types(plain), data)))
        return values


class ContractAbi:
    """The functions and events of one contract, looked up by name or topic.

    Args:
        abi: The contract's ABI.
        name: The contract's name, for messages about a function's arguments.
    """

    def __init__(self, abi: list[dict[str, Any]], name: str = "") -> None:
        self.functions: dict[str, AbiFunction] = {}
        self.events: dict[bytes, AbiEvent] = {}
        self.events_by_name: dict[str, AbiEvent] = {}
        overloads: dict[str, list[AbiFunction]] = {}
        for entry in abi:
            if entry["type"] == "function":
                input_types = tuple(_types(entry["inputs"]))
                function = AbiFunction(
                    name=entry["name"],
                    selector=function_abi_to_4byte_selector(entry),
                    input_types=input_types,
                    outputs=tuple(entry["outputs"]),
                    output_types=tuple(_types(entry["outputs"])),
                    words=word_plan(input_types),
                    inputs=tuple(entry["inputs"]),
                    contract=name,
                )
                self.functions[f"{function.name}({','.join(function.input_types)})"] = function
                overloads.setdefault(function.name, []).append(function)
            elif entry["type"] == "event":
                event = AbiEvent(entry["name"], event_abi_to_log_topic(entry), tuple(entry["inputs"]))
                self.events[event.topic] = event
                self.events_by_name[event.name] = event
        # A bare name finds a function only when it is not overloaded.
        self.functions.update({name: fns[0] for name, fns in overloads.items() if len(fns) == 1})

    def function(self, name: str) -> AbiFunction:
        try:
            return self.functions[name]
        except KeyError:
            raise KeyError(f"no function {name!r} (overloaded functions are named by signature)") from None

    def decode_log(self, log: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """`(event name, arguments)` for a log this ABI knows, else None."""
        topics = [bytes(t) for t in log["topics"]]
        event = self.events.get(topics[0]) if topics else None
        if event is None:
            return None
        return event.name, event.decode(topics, bytes(log["data"]))


def decode_revert(data: bytes | str | None, tx_hash: str | None = None) -> ContractError:
    """The typed exception for revert `data` (any of the suite's errors, `Error(string)`, `Panic`)."""
    if isinstance(data, str):
        data = bytes.fromhex(data.removeprefix("0x"))
    data = data or b""
    cls = CONTRACT_ERRORS.get(data[:4]) or _BUILTIN_ERRORS.get(data[:4])
    if cls is None:
        return UnknownRevert(data, tx_hash=tx_hash)
    values = decode(list(cls.abi_types), data[4:])
    values = tuple(checksum(v) if t == "address" else v for t, v in zip(cls.abi_types, values))
    return cls(*values, tx_hash=tx_hash)
