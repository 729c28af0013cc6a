"""Recomputing a blind-box drop's reveal from public chain data.

The collection stores only the seed of a revealed drop; every box's edition follows from it by a
seeded permutation (ICollection.permute). Anyone can therefore check the whole reveal from the
`DropClosed` and `DropRevealed` events and the block hash, without trusting the bank. This module
is that check, bit for bit the same as the contract.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from eth_abi import encode
from eth_utils import keccak

from .errors import InvalidInput

ROUNDS = 4


def _half_bits(box_count: int) -> int:
    """The half width h of the smallest even bit width 2h >= 2 with 2**(2h) >= box_count."""
    half = 1
    while 1 << (2 * half) < box_count:
        half += 1
    return half


def permute(seed: bytes, box_index: int, box_count: int) -> int:
    """The position of box `box_index` (from 0) among `box_count` under `seed`.

    A 4-round Feistel network on 2h bits, walked around the cycle until the result is below
    `box_count`: a bijection of range(box_count) for every seed.

    Args:
        seed: The drop's 32-byte reveal seed.
        box_index: The box, from 0 (box number - 1).
        box_count: The drop's boxes.

    Returns:
        The box's position in the drop's edition plan, from 0.

    Raises:
        InvalidInput: `box_index` is outside ``0..box_count - 1``.
    """
    if not 0 <= box_index < box_count:
        raise InvalidInput(f"box index {box_index} outside 0..{box_count - 1}")
    half = _half_bits(box_count)
    mask = (1 << half) - 1
    x = box_index
    while True:
        left, right = x >> half, x & mask
        for round_ in range(ROUNDS):
            mixed = int.from_bytes(keccak(encode(["bytes32", "uint256", "uint256"], [seed, round_, right])), "big")
            left, right = right, left ^ (mixed & mask)
        x = (left << half) | right
        if x < box_count:
            return x


def reveal_seed(secret: bytes, block_hash: bytes, chain_id: int, collection: str, drop_id: int) -> bytes:
    """The seed the collection computes at reveal."""
    return keccak(
        encode(["bytes32", "bytes32", "uint256", "address", "uint256"], [secret, block_hash, chain_id, collection, drop_id])
    )


@dataclass(frozen=True)
class BoxAssignment:
    box_number: int  # from 1
    edition_id: int
    serial: int


def assign_boxes(
    seed: bytes, edition_ids: Sequence[int], counts: Sequence[int], first_serials: Sequence[int]
) -> list[BoxAssignment]:
    """The edition and serial of every box of a drop, in box order."""
    box_count = sum(counts)
    starts = [sum(counts[:i]) for i in range(len(counts))]
    assignments = []
    for index in range(box_count):
        position = permute(seed, index, box_count)
        slot = bisect_right(starts, position) - 1
        serial = first_serials[slot] + position - starts[slot]
        assignments.append(BoxAssignment(index + 1, edition_ids[slot], serial))
    return assignments
