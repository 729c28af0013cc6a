"""EIP-55 checksums, computed once per address.

A campaign sees each customer's address in the CSV, the validation, the mint call and the
receipt's logs; each checksum costs a Keccak hash in Python, so they are cached by the address's
lower-case form (the checksum does not depend on the input's case).
"""

from __future__ import annotations

import functools

from eth_utils import to_checksum_address


@functools.lru_cache(maxsize=1 << 17)
def _checksum_of_lower(lower: str) -> str:
    return to_checksum_address(lower)


def checksum(address: str) -> str:
    """The EIP-55 form of a 0x-prefixed, 40-hex-digit `address` (any case)."""
    return _checksum_of_lower(address.lower())


def is_hex_address(value: object) -> bool:
    """Whether `value` is 0x and 40 hex digits (whatever their case)."""
    if not isinstance(value, str) or len(value) != 42 or not value.startswith("0x"):
        return False
    try:
        int(value[2:], 16)
    except ValueError:
        return False
    return True


def has_valid_case(address: str) -> bool:
    """True for an all-lower or all-upper address (no checksum), or a mixed-case one whose
    checksum is right; False for mixed case with a wrong checksum (most likely a typo)."""
    body = address[2:]
    return body == body.lower() or body == body.upper() or checksum(address) == address
