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

from ._contracts import UINT256_MAX, checked_address, checked_bytes32, checked_id, positive
from .errors import InvalidInput

ROUNDS = 4
#: The contract holds drop ids, box counts and serials in uint32s (ICollection.Drop).
UINT32_MAX = 2**32 - 1


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
        box_count: The drop's boxes, from 1 to 2**32 - 1 (a drop counts them in a uint32).

    Returns:
        The box's position in the drop's edition plan, from 0.

    Raises:
        InvalidInput: `seed` is not 32 bytes, `box_count` not an int from 1 to 2**32 - 1, or
            `box_index` not an int in ``0..box_count - 1``.
    """
    seed = checked_bytes32(seed, "seed")
    positive(box_count, "box count", maximum=UINT32_MAX)
    positive(box_index, "box index", allow_zero=True)
    if box_index >= box_count:
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
    """The seed the collection computes at reveal.

    Args:
        secret: The drop's 32-byte secret, as published when it closed.
        block_hash: The 32-byte hash of the reveal's target block.
        chain_id: The chain's id.
        collection: The collection's address.
        drop_id: The drop.

    Returns:
        The 32-byte seed.

    Raises:
        InvalidInput: `secret` or `block_hash` is not 32 bytes, `chain_id` or `drop_id` not a
            positive int, or `collection` not an address.
    """
    values = [
        checked_bytes32(secret, "secret"),
        checked_bytes32(block_hash, "block hash"),
        positive(chain_id, "chain id", maximum=UINT256_MAX),
        checked_address(collection, "collection"),
        checked_id(drop_id, "drop id", maximum=UINT32_MAX),
    ]
    return keccak(encode(["bytes32", "bytes32", "uint256", "address", "uint256"], values))


@dataclass(frozen=True)
class BoxAssignment:
    """What box `box_number` (from 1) of a revealed drop holds: an edition's token with `serial`."""

    box_number: int  # from 1
    edition_id: int
    serial: int


def assign_boxes(
    seed: bytes, edition_ids: Sequence[int], counts: Sequence[int], first_serials: Sequence[int]
) -> list[BoxAssignment]:
    """The edition and serial of every box of a drop, in box order.

    Args:
        seed: The drop's 32-byte reveal seed.
        edition_ids: The drop's editions, in drop order.
        counts: The boxes of each edition.
        first_serials: The first serial the drop reserved in each edition.

    Returns:
        One assignment per box, box 1 first.

    Raises:
        InvalidInput: `seed` is not 32 bytes, the three lists differ in length or are empty, or a
            count is not a positive int (or the counts add up to more than 2**32 - 1).
    """
    if not len(edition_ids) == len(counts) == len(first_serials) or not counts:
        raise InvalidInput(
            f"a drop needs one count and one first serial per edition, and at least one edition: "
            f"{len(edition_ids)} editions, {len(counts)} counts, {len(first_serials)} first serials"
        )
    for count in counts:
        positive(count, "box count of an edition", maximum=UINT32_MAX)
    box_count = sum(counts)
    starts = [sum(counts[:i]) for i in range(len(counts))]
    assignments = []
    for index in range(box_count):
        position = permute(seed, index, box_count)
        slot = bisect_right(starts, position) - 1
        serial = first_serials[slot] + position - starts[slot]
        assignments.append(BoxAssignment(index + 1, edition_ids[slot], serial))
    return assignments
