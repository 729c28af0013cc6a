"""The reveal permutation recomputed in Python: a bijection with exact edition counts, and only for
the inputs the contract takes."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bank_collectibles.errors import InvalidInput
from bank_collectibles.fairness import assign_boxes, permute, reveal_seed


@settings(max_examples=60, deadline=None)
@given(seed=st.binary(min_size=32, max_size=32), box_count=st.integers(min_value=1, max_value=600))
def test_permute_is_a_bijection(seed, box_count):
    positions = [permute(seed, i, box_count) for i in range(box_count)]
    assert sorted(positions) == list(range(box_count))


@settings(max_examples=30, deadline=None)
@given(seed=st.binary(min_size=32, max_size=32), counts=st.lists(st.integers(1, 60), min_size=1, max_size=6))
def test_every_edition_gets_exactly_its_count_and_distinct_serials(seed, counts):
    editions = list(range(10, 10 + len(counts)))
    first_serials = [5 * i + 1 for i in range(len(counts))]
    boxes = assign_boxes(seed, editions, counts, first_serials)
    assert Counter(b.edition_id for b in boxes) == dict(zip(editions, counts))
    for edition, count, first in zip(editions, counts, first_serials):
        serials = sorted(b.serial for b in boxes if b.edition_id == edition)
        assert serials == list(range(first, first + count))


def test_different_seeds_give_different_orders():
    assert [permute(b"\x01" * 32, i, 100) for i in range(100)] != [permute(b"\x02" * 32, i, 100) for i in range(100)]


SEED = b"\x07" * 32
COLLECTION = "0x" + "ab" * 20


@pytest.mark.parametrize(
    "call, message",
    [
        # permute: the contract's (bytes32 seed, index < count), with a drop's uint32 box count
        (lambda: permute(b"abc", 0, 5), "seed must be 32 bytes, not 3 bytes"),
        (lambda: permute(b"\x07" * 33, 0, 5), "seed must be 32 bytes, not 33 bytes"),
        (lambda: permute("07" * 32, 0, 5), "seed must be 32 bytes, not '0707"),
        (lambda: permute(None, 0, 5), "seed must be 32 bytes, not None"),
        (lambda: permute(SEED, 1.0, 5), "box index must be an integer, not 1.0"),
        (lambda: permute(SEED, True, 5), "box index must be an integer, not True"),
        (lambda: permute(SEED, -1, 5), "box index must be zero or positive, not -1"),
        (lambda: permute(SEED, 5, 5), r"box index 5 outside 0\.\.4"),
        (lambda: permute(SEED, 0, "5"), "box count must be an integer, not '5'"),
        (lambda: permute(SEED, 0, 0), "box count must be positive, not 0"),
        (lambda: permute(SEED, 0, 2**32), "box count must be at most 4294967295"),
        # reveal_seed: the contract's abi.encode(bytes32, bytes32, uint256, address, uint256)
        (lambda: reveal_seed(b"s", SEED, 1, COLLECTION, 1), "secret must be 32 bytes, not 1 bytes"),
        (lambda: reveal_seed(SEED, "0x" + "00" * 32, 1, COLLECTION, 1), "block hash must be 32 bytes"),
        (lambda: reveal_seed(SEED, SEED, "1", COLLECTION, 1), "chain id must be an integer, not '1'"),
        (lambda: reveal_seed(SEED, SEED, 1, "bank", 1), "collection 'bank' is not an address"),
        (lambda: reveal_seed(SEED, SEED, 1, COLLECTION, 0), "drop id must be positive, not 0"),
        (lambda: reveal_seed(SEED, SEED, 1, COLLECTION, 2**32), "drop id must be at most 4294967295"),
        # assign_boxes: one count and first serial per edition, the seed as permute takes it
        (lambda: assign_boxes(SEED, [1, 2], [3], [1, 1]), "one count and one first serial per edition"),
        (lambda: assign_boxes(SEED, [], [], []), "at least one edition"),
        (lambda: assign_boxes(SEED, [1], [0], [1]), "box count of an edition must be positive, not 0"),
        (lambda: assign_boxes(SEED, [1], ["3"], [1]), "box count of an edition must be an integer"),
        (lambda: assign_boxes(b"short", [1], [3], [1]), "seed must be 32 bytes, not 5 bytes"),
    ],
)
def test_bad_input_is_invalid_input_from_the_function_itself(call, message):
    with pytest.raises(InvalidInput, match=message) as raised:
        call()
    assert raised.value.__cause__ is None and raised.value.__context__ is None


def test_the_edges_of_the_valid_range_are_taken():
    assert permute(SEED, 0, 1) == 0
    assert 0 <= permute(bytearray(SEED), 2**32 - 2, 2**32 - 1) < 2**32 - 1
    assert len(reveal_seed(SEED, SEED, 1, COLLECTION.lower(), 2**32 - 1)) == 32
    assert [box.box_number for box in assign_boxes(SEED, [1], [3], [1])] == [1, 2, 3]
