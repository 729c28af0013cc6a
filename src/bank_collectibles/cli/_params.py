"""Parsing what people type: times, durations, amounts, token references, hex values.

Times (``--expires``, ``--opens``, ``--closes``):
  ``now``; ``+30m``, ``+24h``, ``+365d`` (relative to now); ``2027-01-31`` (midnight UTC);
  ``2027-01-31T12:00:00+08:00`` (ISO 8601; UTC when no zone is given); or Unix seconds.
Durations (``--holding-period``): ``0``, ``90s``, ``30m``, ``24h``, ``180d`` or plain seconds.
Amounts (prices, deposits): whole deposit-token units with up to the token's decimals
  (``100``, ``99.5``); converted to the smallest unit with the token's ``decimals()``.
Tokens: the token id (decimal or 0x hex), or ``SERIES:NUMBER`` (``1:42`` is serial 42 of edition 1,
  or box 42 of drop 1).
Ids: editions and drops 1 to 2**32-1 (uint32 on chain), listings 1 to 2**256-1; a token id is
  SERIES * 2**32 + NUMBER with both parts in 1 to 2**32-1. A value out of range is a usage error
  (exit code 2) before anything reaches the chain.
"""

from __future__ import annotations

import re
import string
import time
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

import click

from .._collection_queries import token_id
from ..errors import InvalidInput

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 7 * 86_400}
_DURATION = re.compile(r"^([0-9]+)\s*([smhdw]?)$")
MAX_SERIES_ID = 2**32 - 1  # edition and drop ids, serial and box numbers: uint32
MAX_UINT64 = 2**64 - 1
# Times and durations typed at the CLI end with the year 9999: the chain stores up to 2**64-1
# seconds, but a time past 9999 is a typo, and no calendar can show it.
MAX_TIME = 253_402_300_799  # 9999-12-31 23:59:59 UTC
MAX_UINT256 = 2**256 - 1


def parse_duration(text: str) -> int:
    """Seconds in ``90s``, ``30m``, ``24h``, ``180d``, ``2w`` or plain seconds.

    Raises:
        InvalidInput: Not a duration.
    """
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise InvalidInput(f"{text!r} is not a duration: use seconds or 90s, 30m, 24h, 180d, 2w")
    digits = match.group(1).lstrip("0") or "0"
    seconds = int(digits) * _UNITS[match.group(2) or "s"] if len(digits) <= 20 else MAX_TIME + 1
    if seconds > MAX_TIME:
        raise InvalidInput(f"{text!r} is too long a duration: at most {MAX_TIME // 86_400:,}d (until the year 9999)")
    return seconds


def parse_time(text: str, now: float | None = None) -> int:
    """A Unix time from ``now``, ``+24h``, a date, an ISO 8601 date-time or Unix seconds.

    Args:
        text: What was typed.
        now: The reference for ``now`` and ``+…`` (the wall clock when None).

    Raises:
        InvalidInput: Not a time, or one before 1970 or after 9999.
    """
    value = text.strip()
    base = time.time() if now is None else now
    if value.lower() == "now":
        stamp = int(base)
    elif value.startswith("+"):
        stamp = int(base) + parse_duration(value[1:])
    elif value.isascii() and value.isdecimal():
        digits = value.lstrip("0") or "0"
        stamp = int(digits) if len(digits) <= 20 else MAX_TIME + 1
    else:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidInput(
                f"{text!r} is not a time: use now, +24h, +365d, 2027-01-31, 2027-01-31T12:00:00+08:00 or Unix seconds"
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        stamp = int(moment.timestamp())
    if not 0 <= stamp <= MAX_TIME:
        raise InvalidInput(f"{text!r} is out of range: a time runs from 1970 to the end of 9999 (Unix time {MAX_TIME})")
    return stamp


def parse_amount(text: str, decimals: int) -> int:
    """``text`` whole units as smallest units (``'1.5'`` with 18 decimals is 1.5e18).

    Raises:
        InvalidInput: Not a positive number, or more fractional digits than the token has.
    """
    value = _positive_decimal(text)
    if value.adjusted() + decimals > 77:  # 10**78 > 2**256: no token amount is that large
        raise InvalidInput(f"{text!r} is too large an amount")
    # In integers, not Decimal arithmetic: its context keeps 28 digits and would round a long amount.
    _, digits, exponent = value.as_tuple()
    number = int("".join(map(str, digits)))
    while exponent < 0 and number % 10 == 0:
        number, exponent = number // 10, exponent + 1
    if exponent + decimals < 0:
        raise InvalidInput(f"{text!r} has more than {decimals} decimal places")
    return number * 10 ** (exponent + decimals)


def _positive_decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidInput(f"{text!r} is not an amount: use a number of deposit-token units, e.g. 100 or 99.5") from None
    if not value.is_finite() or value <= 0:
        raise InvalidInput(f"the amount must be positive, not {text!r}")
    return value


def parse_token(text: str) -> int:
    """A token id from its decimal or hex id, or ``SERIES:NUMBER``.

    Raises:
        InvalidInput: Not a token reference, or one whose series or number is 0 or above
            2**32-1 (no token has such an id).
    """
    value = text.strip()
    usage = f"{text!r} is not a token: give its id (4294967297) or SERIES:NUMBER (1:1)"
    if ":" in value:
        series, _, number = value.partition(":")
        series_id, number_id = _uint(series), _uint(number)
        if series_id is None or number_id is None:
            raise InvalidInput(usage)
    else:
        hexadecimal = value.lower().startswith("0x")
        digits = value[2:] if hexadecimal else value
        if not digits or not digits.isascii() or not all(c in (string.hexdigits if hexadecimal else string.digits) for c in digits):
            raise InvalidInput(usage)
        digits = digits.lstrip("0") or "0"
        if len(digits) > (16 if hexadecimal else 20):  # beyond 2**64: no series or number fits
            raise InvalidInput(f"{text!r} is not a token id: {_TOKEN_RANGE}")
        parsed = int(digits, 16 if hexadecimal else 10)
        series_id, number_id = parsed >> 32, parsed & MAX_SERIES_ID
    if not (0 < series_id <= MAX_SERIES_ID and 0 < number_id <= MAX_SERIES_ID):
        raise InvalidInput(f"{text!r} is not a token id: {_TOKEN_RANGE}")
    return token_id(series_id, number_id)


_TOKEN_RANGE = (f"a token id is SERIES * 2**32 + NUMBER, both from 1 to {MAX_SERIES_ID} "
                "(4294967297 is 1:1, serial 1 of edition 1)")


def _uint(text: str) -> int | None:
    """A decimal of ASCII digits, else None; one of more than 20 digits is 2**64 (out of every range here)."""
    value = text.strip()
    if not value or not value.isascii() or not value.isdecimal():
        return None
    digits = value.lstrip("0") or "0"
    return int(digits) if len(digits) <= 20 else MAX_UINT64 + 1


def parse_bytes32(text: str, what: str) -> bytes:
    """A 32-byte value written as 64 hex digits (with or without 0x).

    Raises:
        InvalidInput: Not 32 bytes of hex.
    """
    value = text.strip().removeprefix("0x").removeprefix("0X")
    try:
        data = bytes.fromhex(value)
    except ValueError:
        data = b""
    if len(data) != 32:
        raise InvalidInput(f"the {what} must be 32 bytes written as 64 hex digits")
    return data


class _Converting(click.ParamType):
    """A click type that turns the library's InvalidInput into a usage error (exit code 2)."""

    def parse(self, value: str) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return self.parse(value)
        except InvalidInput as error:
            self.fail(str(error), param, ctx)


class TokenType(_Converting):
    name = "token"

    def parse(self, value: str) -> int:
        return parse_token(value)


class DurationType(_Converting):
    name = "duration"

    def parse(self, value: str) -> int:
        return parse_duration(value)


class AmountType(_Converting):
    """A positive number of deposit-token units, checked before the token's decimals are read
    from the chain; :func:`parse_amount` converts it then."""

    name = "amount"

    def parse(self, value: str) -> str:
        _positive_decimal(value)
        return value


class ListingIdType(_Converting):
    """A listing's number (from 1), as `collectibles listings` shows it."""

    name = "listing"

    def parse(self, value: str) -> int:
        text = value.strip()
        number = int(text) if text.isascii() and text.isdecimal() and len(text) <= 78 else 0
        if not 0 < number <= MAX_UINT256:
            raise InvalidInput(f"{value!r} is not a listing: give its number, from 1 (`collectibles listings` shows them)")
        return number


class EditionCountType(_Converting):
    """``ID=COUNT`` for ``drop create --edition``."""

    name = "id=count"

    def parse(self, value: str) -> tuple[int, int]:
        edition, sep, count = value.partition("=")
        edition_id, boxes = _uint(edition), _uint(count)
        if not sep or edition_id is None or boxes is None:
            raise InvalidInput(f"{value!r} is not EDITION_ID=COUNT (e.g. 1=190)")
        if not (0 < edition_id <= MAX_SERIES_ID and 0 < boxes <= MAX_SERIES_ID):
            raise InvalidInput(f"{value!r}: the edition id and the count run from 1 to {MAX_SERIES_ID}")
        return edition_id, boxes


class SeriesType(click.ParamType):
    """An edition's or a drop's id, or its name (``"Jade Rabbit"``), looked up in the collection."""

    def __init__(self, kind: str) -> None:
        self.kind, self.name = kind, f"{kind} id or name"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        text = value.strip()
        if not re.fullmatch(r"[+-]?[0-9]+", text, re.ASCII):
            from ._context import state  # the collection, from the command line's options

            return state(ctx).collection().series_named(self.kind, value)  # type: ignore[arg-type]
        number = int(text) if len(text) <= 21 else MAX_UINT64 + 1
        if not 0 < number <= MAX_SERIES_ID:
            self.fail(f"{text} is not in the range 1<=x<={MAX_SERIES_ID} (a {self.kind} id)", param, ctx)
        return number


TOKEN = TokenType()
AMOUNT = AmountType()
DURATION = DurationType()
EDITION_COUNT = EditionCountType()
EDITION = SeriesType("edition")
DROP = SeriesType("drop")
LISTING_ID = ListingIdType()
