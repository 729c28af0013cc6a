"""Encoding calls and decoding results, events and reverts from a contract's ABI.

A thin layer over eth_abi with selectors and type strings computed once per contract, so the hot
path (a campaign sending thousands of calls) pays for encoding only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_abi import decode, encode
from eth_utils import collapse_if_tuple, event_abi_to_log_topic, function_abi_to_4byte_selector

from ._addresses import checksum

from .errors import CONTRACT_ERRORS, ContractError, Panic, RevertedWithReason, UnknownRevert

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


@dataclass(frozen=True)
class AbiFunction:
    name: str
    selector: bytes
    input_types: tuple[str, ...]
    outputs: tuple[dict[str, Any], ...]
    output_types: tuple[str, ...]

    def encode(self, *args: Any) -> bytes:
        return self.selector + encode(self.input_types, args)

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
    """The functions and events of one contract, looked up by name or topic."""

    def __init__(self, abi: list[dict[str, Any]]) -> None:
        self.functions: dict[str, AbiFunction] = {}
        self.events: dict[bytes, AbiEvent] = {}
        self.events_by_name: dict[str, AbiEvent] = {}
        overloads: dict[str, list[AbiFunction]] = {}
        for entry in abi:
            if entry["type"] == "function":
                function = AbiFunction(
                    name=entry["name"],
                    selector=function_abi_to_4byte_selector(entry),
                    input_types=tuple(_types(entry["inputs"])),
                    outputs=tuple(entry["outputs"]),
                    output_types=tuple(_types(entry["outputs"])),
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
