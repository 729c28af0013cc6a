"""The direct encoder of word-shaped calls gives eth_abi's bytes, and leaves every doubtful value to it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from eth_abi import encode
from eth_abi.exceptions import EncodingError
from eth_account import Account

from bank_collectibles._abi import AbiFunction, word_plan
from bank_collectibles._contracts import contract_abi

ARTIFACTS = Path(__file__).parents[2] / "src" / "bank_collectibles" / "artifacts"
ADDRESSES = [Account.from_key((7 + i).to_bytes(32, "big")).address for i in range(8)]


def _value(kind: str, rng: random.Random) -> object:
    if kind.endswith("[]"):
        return [_value(kind[:-2], rng) for _ in range(rng.randrange(0, 5))]
    if kind == "address":
        address = rng.choice(ADDRESSES)
        return rng.choice([address, address.lower(), "0x" + address[2:].upper()])
    if kind == "bool":
        return rng.choice([True, False])
    if kind == "bytes32":
        return rng.randbytes(32)
    bits = int(kind[4:])
    return rng.choice([0, 1, (1 << bits) - 1, rng.randrange(1 << bits)])


def _word_functions() -> list[AbiFunction]:
    functions = {}
    for artifact in sorted(ARTIFACTS.glob("*.json")):
        for function in contract_abi(artifact.stem).functions.values():
            if function.words is not None:
                functions[function.selector] = function
    return list(functions.values())


def test_every_word_shaped_function_of_the_suite_encodes_as_eth_abi_does() -> None:
    rng = random.Random(20261124)
    functions = _word_functions()
    assert len(functions) > 50 and any("address[]" in f.input_types for f in functions)
    for function in functions:
        for _ in range(20):
            args = tuple(_value(kind, rng) for kind in function.input_types)
            assert function.encode(*args) == function.selector + encode(function.input_types, args), function.name


def test_calls_with_structs_strings_or_bytes_go_to_eth_abi() -> None:
    assert word_plan(("uint256", "string")) is None
    assert word_plan(("(address,uint96)",)) is None
    assert word_plan(("bytes",)) is None
    assert word_plan(("uint256[2]",)) is None


@pytest.mark.parametrize(
    "types, args",
    [
        (("address",), ("0x" + "1" * 39,)),  # too short
        (("address",), ("0x" + "g" * 40,)),  # not hex
        (("address",), ("0x" + "12 " * 13 + "1",)),  # 42 characters, but spaces
        (("address[]",), ([ADDRESSES[0], 5],)),
        (("uint8",), (256,)),
        (("uint256",), (-1,)),
        (("uint256",), (True,)),
        (("bool",), (1,)),
        (("address[]",), ("0xabc",)),
    ],
)
def test_values_eth_abi_refuses_are_still_refused(types: tuple[str, ...], args: tuple[object, ...]) -> None:
    function = AbiFunction("f", b"\x12\x34\x56\x78", types, (), (), word_plan(types))
    with pytest.raises((EncodingError, TypeError, ValueError)):
        function.encode(*args)


def test_values_only_eth_abi_understands_are_encoded_by_it() -> None:
    short = b"\x01\x02"  # eth_abi pads a short bytes32 on the right
    raw = bytes.fromhex(ADDRESSES[1][2:])  # and takes an address as 20 bytes
    function = AbiFunction("f", b"\x00" * 4, ("bytes32", "address"), (), (), word_plan(("bytes32", "address")))
    assert function.encode(short, raw) == b"\x00" * 4 + encode(["bytes32", "address"], [short, raw])
