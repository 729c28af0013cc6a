"""The reveal permutation recomputed in Python: a bijection with exact edition counts."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from bank_collectibles.fairness import assign_boxes, permute


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
