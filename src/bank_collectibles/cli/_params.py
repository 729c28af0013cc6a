"""Parsing what people type: times, durations, amounts, token references, hex values.

Times (``--expires``, ``--opens``, ``--closes``):
  ``now``; ``+30m``, ``+24h``, ``+365d`` (relative to now); ``2027-01-31`` (midnight UTC);
  ``2027-01-31T12:00:00+08:00`` (ISO 8601; UTC when no zone is given); or Unix seconds.
Durations (``--holding-period``): ``0``, ``90s``, ``30m``, ``24h``, ``180d`` or plain seconds.
Amounts (prices, deposits): whole deposit-token units with up to the token's decimals
  (``100``, ``99.5``); converted to the smallest unit with the token's ``decimals()``.
Tokens: the token id (decimal or 0x hex), or ``SERIES:NUMBER`` (``1:42`` is serial 42 of edition 1,
  or box 42 of drop 1).
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

import click

from .._collection_queries import token_id
from ..errors import InvalidInput

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 7 * 86_400}
_DURATION = re.compile(r"^(\d+)\s*([smhdw]?)$")


def parse_duration(text: str) -> int:
    """Seconds in ``90s``, ``30m``, ``24h``, ``180d``, ``2w`` or plain seconds.

    Raises:
        InvalidInput: Not a duration.
    """
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise InvalidInput(f"{text!r} is not a duration: use seconds or 90s, 30m, 24h, 180d, 2w")
    return int(match.group(1)) * _UNITS[match.group(2) or "s"]


def parse_time(text: str, now: float | None = None) -> int:
    """A Unix time from ``now``, ``+24h``, a date, an ISO 8601 date-time or Unix seconds.

    Args:
        text: What was typed.
        now: The reference for ``now`` and ``+…`` (the wall clock when None).

    Raises:
        InvalidInput: Not a time.
    """
    value = text.strip()
    base = time.time() if now is None else now
    if value.lower() == "now":
        return int(base)
    if value.startswith("+"):
        return int(base) + parse_duration(value[1:])
    if value.isdigit():
        return int(value)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not a time: use now, +24h, +365d, 2027-01-31, 2027-01-31T12:00:00+08:00 or Unix seconds"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def parse_amount(text: str, decimals: int) -> int:
    """``text`` whole units as smallest units (``'1.5'`` with 18 decimals is 1.5e18).

    Raises:
        InvalidInput: Not a positive number, or more fractional digits than the token has.
    """
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidInput(f"{text!r} is not an amount: use a number of deposit-token units, e.g. 100 or 99.5") from None
    if not value.is_finite() or value <= 0:
        raise InvalidInput(f"the amount must be positive, not {text!r}")
    if value.adjusted() + decimals > 77:  # 10**78 > 2**256: no token amount is that large
        raise InvalidInput(f"{text!r} is too large an amount")
    scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise InvalidInput(f"{text!r} has more than {decimals} decimal places")
    return int(scaled)


def parse_token(text: str) -> int:
    """A token id from its decimal or hex id, or ``SERIES:NUMBER``.

    Raises:
        InvalidInput: Not a token reference.
    """
    value = text.strip()
    try:
        if ":" in value:
            series, number = value.split(":", 1)
            series_id, number_id = int(series), int(number)
            if not (0 < series_id < 2**32 and 0 < number_id < 2**32):
                raise ValueError
            return token_id(series_id, number_id)
        parsed = int(value, 16) if value.lower().startswith("0x") else int(value)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a token: give its id (4294967297) or SERIES:NUMBER (1:1)") from None
    if parsed <= 0:
        raise InvalidInput(f"{text!r} is not a token id")
    return parsed


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


class EditionCountType(_Converting):
    """``ID=COUNT`` for ``drop create --edition``."""

    name = "id=count"

    def parse(self, value: str) -> tuple[int, int]:
        edition, sep, count = value.partition("=")
        try:
            if not sep:
                raise ValueError
            return int(edition), int(count)
        except ValueError:
            raise InvalidInput(f"{value!r} is not EDITION_ID=COUNT (e.g. 1=190)") from None


TOKEN = TokenType()
DURATION = DurationType()
EDITION_COUNT = EditionCountType()
