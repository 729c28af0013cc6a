"""Parsing what operators type: times, durations, amounts, tokens, 32-byte values."""

from __future__ import annotations

import pytest

from bank_collectibles.cli._output import jsonable, units
from bank_collectibles.cli._params import parse_amount, parse_bytes32, parse_duration, parse_time, parse_token
from bank_collectibles.errors import InvalidInput
from bank_collectibles.results import Serial


def test_times() -> None:
    now = 1_800_000_000.7
    assert parse_time("now", now) == 1_800_000_000
    assert parse_time("+24h", now) == 1_800_000_000 + 86_400
    assert parse_time("+365d", now) == 1_800_000_000 + 365 * 86_400
    assert parse_time("2030-01-01") == 1_893_456_000
    assert parse_time("2030-01-01T08:00:00+08:00") == 1_893_456_000
    assert parse_time("2030-01-01T00:00:00Z") == 1_893_456_000
    assert parse_time("1893456000") == 1_893_456_000
    for bad in ("yesterday", "+3x", "2030-13-01", ""):
        with pytest.raises(InvalidInput):
            parse_time(bad, now)


def test_durations() -> None:
    assert [parse_duration(t) for t in ("0", "90", "90s", "30m", "24h", "180d", "2w")] == [
        0, 90, 90, 1800, 86_400, 180 * 86_400, 14 * 86_400]
    with pytest.raises(InvalidInput):
        parse_duration("-1h")


def test_amounts() -> None:
    assert parse_amount("100", 18) == 100 * 10**18
    assert parse_amount("12.5", 18) == 125 * 10**17
    assert parse_amount("0.000001", 6) == 1
    for bad in ("0", "-1", "abc", "1e400000", "0.0000001"):
        with pytest.raises(InvalidInput):
            parse_amount(bad, 6)
    assert units(125 * 10**17, 18) == "12.5" and units(100 * 10**18, 18) == "100" and units(0, 18) == "0"


def test_tokens() -> None:
    assert parse_token("4294967297") == parse_token("1:1") == parse_token("0x100000001") == 4_294_967_297
    assert parse_token("3:42") == (3 << 32) | 42
    for bad in ("0", "1:0", "0:1", "x", "1:2:3", "-5"):
        with pytest.raises(InvalidInput):
            parse_token(bad)


def test_bytes32_and_json() -> None:
    assert parse_bytes32("0x" + "ab" * 32, "secret") == bytes([0xAB]) * 32
    assert parse_bytes32("AB" * 32 + "\n", "secret") == bytes([0xAB]) * 32
    with pytest.raises(InvalidInput, match="64 hex digits"):
        parse_bytes32("ab" * 31, "secret")
    assert jsonable({"s": Serial(1, 2, 3), "b": b"\x01", "t": (1, 2)}) == {
        "s": {"edition_id": 1, "serial": 2, "max_supply": 3}, "b": "0x01", "t": [1, 2]}
