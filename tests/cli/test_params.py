"""Parsing what operators type: times, durations, amounts, tokens, 32-byte values."""

from __future__ import annotations

import click
import pytest

from bank_collectibles.cli._output import jsonable, units, when
from bank_collectibles.cli._params import (
    EDITION,
    EDITION_COUNT,
    LISTING_ID,
    parse_amount,
    parse_bytes32,
    parse_duration,
    parse_time,
    parse_token,
)
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
    for bad in ("yesterday", "+3x", "2030-13-01", "", "\u00b2", "\u00b2\u00b3", "1900-01-01", str(2**64), "9" * 5000,
                "+" + "9" * 30 + "d", str(2**64 - 1), "253402300800"):
        with pytest.raises(InvalidInput):
            parse_time(bad, now)
    assert parse_time("253402300799") == 253_402_300_799  # the last second of 9999


def test_durations() -> None:
    assert [parse_duration(t) for t in ("0", "90", "90s", "30m", "24h", "180d", "2w")] == [
        0, 90, 90, 1800, 86_400, 180 * 86_400, 14 * 86_400]
    for bad in ("-1h", "\u0663s", str(2**64), "9" * 5000, "99999999999d"):
        with pytest.raises(InvalidInput):
            parse_duration(bad)
    assert parse_duration("2932896d") == 2_932_896 * 86_400  # until the year 9999


def test_a_stored_time_past_the_year_9999_is_shown_not_crashed_on() -> None:
    assert when(2**64 - 1) == f"Unix time {2**64 - 1}"
    assert when(253_402_300_799) == "9999-12-31 23:59:59 UTC" and when(0) == "-"


def test_amounts() -> None:
    assert parse_amount("100", 18) == 100 * 10**18
    assert parse_amount("12.5", 18) == 125 * 10**17
    assert parse_amount("0.000001", 6) == 1
    for bad in ("0", "-1", "abc", "1e400000", "0.0000001"):
        with pytest.raises(InvalidInput):
            parse_amount(bad, 6)
    assert units(125 * 10**17, 18) == "12.5" and units(100 * 10**18, 18) == "100" and units(0, 18) == "0"
    # More than 28 significant digits, where Decimal arithmetic would round: exact both ways.
    long = "1234567890123.000000000000000001"
    assert parse_amount(long, 18) == 1234567890123 * 10**18 + 1 and units(parse_amount(long, 18), 18) == long
    assert parse_amount("1.50", 18) == 15 * 10**17 and parse_amount("1e3", 0) == 1000
    with pytest.raises(InvalidInput, match="more than 18 decimal places"):
        parse_amount("99999999999.9999999999999999999", 18)


def test_tokens() -> None:
    assert parse_token("4294967297") == parse_token("1:1") == parse_token("0x100000001") == 4_294_967_297
    assert parse_token("3:42") == (3 << 32) | 42
    assert parse_token(str(2**64 - 1)) == parse_token("4294967295:4294967295") == parse_token("0x" + "f" * 16)
    for bad in ("0", "1:0", "0:1", "x", "1:2:3", "-5", "4294967296", "0x100000000", str(2**64), str(2**256 + 1),
                "0x" + "f" * 70, "9" * 5000, "1:4294967296", "4294967296:1", "\u00b2", "1:\u00b2", "0x", "1_000", "0xg1"):
        with pytest.raises(InvalidInput):
            parse_token(bad)


def test_ids_out_of_range_are_usage_errors() -> None:
    assert EDITION_COUNT.convert("1=190", None, None) == (1, 190)
    assert EDITION.convert(str(2**32 - 1), None, None) == 2**32 - 1 and EDITION.convert(" 07 ", None, None) == 7
    assert LISTING_ID.convert(str(2**256 - 1), None, None) == 2**256 - 1
    for kind, bad in [(EDITION_COUNT, f"{2**32}=1"), (EDITION_COUNT, f"1={2**40}"), (EDITION_COUNT, "0=1"),
                      (EDITION_COUNT, "\u00b2=1"), (EDITION, str(2**32)), (EDITION, "0"), (LISTING_ID, str(2**256))]:
        with pytest.raises(click.BadParameter):
            kind.convert(bad, None, None)


def test_bytes32_and_json() -> None:
    assert parse_bytes32("0x" + "ab" * 32, "secret") == bytes([0xAB]) * 32
    assert parse_bytes32("AB" * 32 + "\n", "secret") == bytes([0xAB]) * 32
    with pytest.raises(InvalidInput, match="64 hex digits"):
        parse_bytes32("ab" * 31, "secret")
    assert jsonable({"s": Serial(1, 2, 3), "b": b"\x01", "t": (1, 2)}) == {
        "s": {"edition_id": 1, "serial": 2, "max_supply": 3}, "b": "0x01", "t": [1, 2]}
