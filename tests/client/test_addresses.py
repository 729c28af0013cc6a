"""EIP-55 checksums and the address shape, against eth-utils and the inputs that look like hex."""

from __future__ import annotations

import random

import pytest
from eth_utils import to_checksum_address

from bank_collectibles import InvalidAddress
from bank_collectibles._addresses import _checksum_of_lower, checksum, is_hex_address
from bank_collectibles._contracts import checked_address


def test_checksums_agree_with_eth_utils():
    rng = random.Random(55)
    addresses = ["0x" + rng.randbytes(20).hex() for _ in range(2_000)]
    addresses += ["0x" + digit * 40 for digit in "0123456789abcdef"]  # all digits, all letters
    _checksum_of_lower.cache_clear()
    for address in addresses:
        expected = to_checksum_address(address)
        assert checksum(address) == expected
        assert checksum(address.upper().replace("0X", "0x")) == expected  # the input's case does not matter


@pytest.mark.parametrize(
    "value",
    [
        "0x" + "1" * 39,
        "0x" + "1" * 41,
        "0X" + "1" * 40,
        "1" * 42,
        "0x" + "g" * 40,
        "0x " + "1" * 39,  # int(..., 16) would take these four
        "0x+" + "1" * 39,
        "0x-" + "1" * 39,
        "0x" + "1" * 19 + "_" + "1" * 20,
        "0x" + "1" * 39 + "\n",
        b"0x" + b"1" * 40,
        None,
    ],
)
def test_only_0x_and_40_hex_digits_is_an_address(value):
    assert not is_hex_address(value)
    with pytest.raises(InvalidAddress, match="not an address"):
        checked_address(value)


def test_checked_address_takes_any_single_case_and_refuses_a_wrong_checksum():
    address = to_checksum_address("0x" + "ab12" * 10)
    assert checked_address(address) == address
    assert checked_address(address.lower()) == address
    assert checked_address("0x" + address[2:].upper()) == address
    flipped = address[:2] + address[2].swapcase() + address[3:]
    with pytest.raises(InvalidAddress, match="bad EIP-55 checksum"):
        checked_address(flipped)
    with pytest.raises(InvalidAddress, match="zero address"):
        checked_address("0x" + "0" * 40)
    assert checked_address("0x" + "0" * 40, allow_zero=True) == "0x" + "0" * 40
