"""EIP-55 checksums, computed once per address.

A campaign sees each customer's address in the CSV, the validation, the mint call and the
receipt's logs. The checksum is one Keccak hash (pysha3's, called directly: a seventh of eth-hash's
per-call cost, which tells on ten thousand short inputs) and a few whole-string operations (no loop
over characters in Python), and is cached by the address's lower-case form (the checksum does not
depend on the input's case).
"""

from __future__ import annotations

import functools
import re

from typing import Any

from sha3 import keccak_256  # safe-pysha3, eth-hash's [pysha3] backend

from .errors import InvalidAddress

ZERO_ADDRESS = "0x" + "00" * 20

# Per hex digit of the hash: 0x20 (the ASCII case bit) where the digit is 8 or more. Per digit of
# the address: 0x20 where it is a letter. A letter is upper case where both are set.
_HIGH_DIGIT = bytes.maketrans(b"0123456789abcdef", b"\x00" * 8 + b"\x20" * 8)
_LETTER = bytes.maketrans(b"0123456789abcdef", b"\x00" * 10 + b"\x20" * 6)
_HEX_ADDRESS = re.compile("0x[0-9a-fA-F]{40}")  # not int(..., 16): it takes spaces, signs and underscores


@functools.lru_cache(maxsize=1 << 17)
def _checksum_of_lower(lower: str) -> str:
    body = lower[2:].encode("ascii")
    digest = keccak_256(body).hexdigest()[:40].encode("ascii")
    upper = int.from_bytes(digest.translate(_HIGH_DIGIT), "big") & int.from_bytes(body.translate(_LETTER), "big")
    return "0x" + (int.from_bytes(body, "big") ^ upper).to_bytes(40, "big").decode("ascii")


def checksum(address: str) -> str:
    """The EIP-55 form of a 0x-prefixed, 40-hex-digit `address` (any case)."""
    return _checksum_of_lower(address.lower())


def is_hex_address(value: object) -> bool:
    """Whether `value` is 0x and 40 hex digits (whatever their case)."""
    return isinstance(value, str) and _HEX_ADDRESS.fullmatch(value) is not None


def has_valid_case(address: str) -> bool:
    """True for an all-lower or all-upper address (no checksum), or a mixed-case one whose
    checksum is right; False for mixed case with a wrong checksum (most likely a typo)."""
    if checksum(address) == address:
        return True
    body = address[2:]
    return body == body.lower() or body == body.upper()


def checked_address(value: Any, what: str = "address", *, allow_zero: bool = False) -> str:
    """`value` as an EIP-55 checksummed address, refusing typos. Every address a public method
    takes goes through here, so the rule is the same everywhere.

    Accepted forms:

    - EIP-55 mixed case with a valid checksum (what web3.py requires);
    - all lower-case hex (or all upper-case): it carries no checksum, so there is nothing to check.
      Bank systems commonly export addresses from databases in lower case; web3.py's strict mode
      would refuse them, we take them as they are, as the campaign CSV reader does.

    Mixed case with a wrong checksum is refused: it is most likely a typo of a real address.

    Args:
        value: The address (a str: 0x and 40 hex digits).
        what: What the address is, for messages ("recipient").
        allow_zero: Accept the zero address.

    Returns:
        The checksummed address.

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
