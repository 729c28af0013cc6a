"""Reading a campaign CSV into rows, with every problem a row can have on its own.

Columns (a header row is required; order is free; extra columns are ignored):

- ``customer``: the bank's customer reference (unique within the file);
- ``wallet``: the customer's address (EIP-55 checksum when mixed case; unique within the file);
- ``target``: ``edition:<id or name>`` or ``drop:<id or name>`` (an id is ASCII digits, 1 to
  4294967295; anything else is a name);
- ``kyc_expires_at`` (optional): ``YYYY-MM-DD`` or ISO 8601 date-time (UTC when no zone); when
  given, the campaign approves or renews the customer's KYC until then before minting.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .._addresses import ZERO_ADDRESS, checksum, has_valid_case, is_hex_address

REQUIRED = ("customer", "wallet", "target")
OPTIONAL = ("kyc_expires_at",)
MAX_CUSTOMER_LENGTH = 128
MAX_SERIES_ID = 2**32 - 1  # edition and drop ids are uint32 on chain


@dataclass(frozen=True)
class Target:
    kind: str  # "edition" or "drop"
    key: str  # an id or a name, as written

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line in the file (the header is line 1)
    customer: str
    wallet: str  # checksummed
    target: Target
    kyc_expires_at: int | None  # Unix time


REPEAT_RECIPIENT = "repeat_recipient"  # the wallet received a token of its target already


@dataclass(frozen=True)
class RowError:
    """A problem of line `line` (0: of the campaign as a whole) in `field`; `code` names the
    problems a caller may treat apart (`REPEAT_RECIPIENT`)."""

    line: int
    customer: str
    field: str
    problem: str
    code: str = ""

    def __str__(self) -> str:
        if not self.line:
            return f"the whole campaign: {self.field}: {self.problem}"
        who = f" ({self.customer})" if self.customer else ""
        return f"line {self.line}{who}: {self.field}: {self.problem}"


@dataclass
class ParsedFile:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Line -> (wallet, target) as the file spells them, for the rows with an error: the report
    # shows them for a skipped row, whose wallet may not even be an address.
    as_written: dict[int, tuple[str, str]] = field(default_factory=dict)


class CsvFormatError(ValueError):
    """The file as a whole cannot be read (encoding, header)."""


def parse_wallet(text: str) -> tuple[str | None, str | None]:
    """`(checksummed address, None)` or `(None, problem)`."""
    value = text.strip()
    if not is_hex_address(value):
        return None, f"{value!r} is not an address (0x and 40 hex digits)"
    if value.lower() == ZERO_ADDRESS:
        return None, "the zero address cannot hold tokens"
    if not has_valid_case(value):  # never suggest the "right" checksum: it would bless the typo
        return None, f"{value} has a bad EIP-55 checksum: check it for a typo against the customer's records"
    return checksum(value), None


def parse_series_id(kind: str, key: str) -> tuple[int | None, str | None]:
    """The id a target's key names: `(id, None)`, `(None, problem)` for an id out of range, or
    `(None, None)` for a name. Only ASCII digits make an id (``²`` or ``٣`` is a name)."""
    if not (key.isascii() and key.isdecimal()):
        return None, None
    digits = key.lstrip("0")
    if not digits or len(digits) > len(str(MAX_SERIES_ID)) or int(digits) > MAX_SERIES_ID:
        shown = key if len(key) <= 24 else key[:20] + "..."
        return None, f"{kind} id {shown} is out of range: ids run from 1 to {MAX_SERIES_ID}"
    return int(digits), None


@functools.lru_cache(maxsize=4096)  # a campaign's rows name a handful of targets
def parse_target(text: str) -> tuple[Target | None, str | None]:
    kind, sep, key = text.strip().partition(":")
    if not sep or kind.strip().lower() not in ("edition", "drop") or not key.strip():
        return None, f"{text!r} must be edition:<id or name> or drop:<id or name>"
    target = Target(kind.strip().lower(), key.strip())
    _, problem = parse_series_id(target.kind, target.key)
    return (None, problem) if problem else (target, None)


def parse_expiry(text: str, now: float) -> tuple[int | None, str | None]:
    value = text.strip()
    if not value:
        return None, None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None, f"{value!r} is not a date (YYYY-MM-DD or ISO 8601)"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    stamp = int(moment.timestamp())
    if stamp <= now:
        return None, f"{value} is in the past: a KYC approval must expire in the future"
    return stamp, None


def read_text(path: str | Path) -> str:
    """The file's text; UTF-8 (a BOM is accepted), else a clear error."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvFormatError(
            f"{path} is not UTF-8 (line {line}, byte {error.start}): save it as UTF-8 "
            "(spreadsheet exports often default to GBK or Windows-1252)"
        ) from None


def parse_rows(text: str, now: float) -> ParsedFile:
    """Every row that parses, and an error for every problem of a single row or a duplicate.

    Raises:
        CsvFormatError: No header, or a required column is missing.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise CsvFormatError("the file is empty: it needs a header row (customer,wallet,target[,kyc_expires_at])") from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise CsvFormatError(f"missing column(s) {', '.join(missing)} in the header {','.join(header)}")
    index = {name: header.index(name) for name in REQUIRED + OPTIONAL if name in header}

    parsed = ParsedFile()
    seen_customers: dict[str, int] = {}
    seen_wallets: dict[str, int] = {}
    for line, record in enumerate(reader, start=2):
        if not "".join(record).strip():
            continue  # blank lines are not rows
        errors = parsed.errors
        before = len(errors)
        if len(record) != len(header):
            errors.append(RowError(line, "", "row", f"{len(record)} fields, the header has {len(header)}"))
            continue
        customer = record[index["customer"]].strip()
        if not customer:
            errors.append(RowError(line, "", "customer", "empty customer reference"))
        elif len(customer) > MAX_CUSTOMER_LENGTH:
            errors.append(RowError(line, customer[:20] + "...", "customer", f"longer than {MAX_CUSTOMER_LENGTH} characters"))
        elif customer in seen_customers:
            errors.append(RowError(line, customer, "customer", f"duplicate of line {seen_customers[customer]}"))
        wallet, problem = parse_wallet(record[index["wallet"]])
        if problem:
            errors.append(RowError(line, customer, "wallet", problem))
        elif wallet in seen_wallets:
            errors.append(RowError(line, customer, "wallet", f"{wallet} is already on line {seen_wallets[wallet]}"))
        target, problem = parse_target(record[index["target"]])
        if problem:
            errors.append(RowError(line, customer, "target", problem))
        expiry, problem = parse_expiry(record[index["kyc_expires_at"]], now) if "kyc_expires_at" in index else (None, None)
        if problem:
            errors.append(RowError(line, customer, "kyc_expires_at", problem))
        if customer and customer not in seen_customers:
            seen_customers[customer] = line
        if wallet and wallet not in seen_wallets:
            seen_wallets[wallet] = line
        if len(errors) == before:
            assert wallet is not None and target is not None
            parsed.rows.append(Row(line, customer, wallet, target, expiry))
        else:
            parsed.as_written[line] = (record[index["wallet"]].strip(), record[index["target"]].strip())
    return parsed
