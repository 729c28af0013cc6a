"""``collectibles kyc import|approve|revoke|show``: customers' KYC records in the registry.

Writes are signed by the KYC officer. ``kyc import`` reads a CSV with a header row and the
columns ``wallet,expires_at[,tier]`` (order free, extra columns ignored; ``expires_at`` as a
date, an ISO 8601 date-time or Unix seconds; ``tier`` 0-255, default 1). Every row is checked
before anything is sent: one bad row (a malformed address, a date in the past, a duplicate
wallet) refuses the whole file with a list of the problems by line (exit code 2). Rows are then
sent in batches of up to 500 accounts per transaction, one batch per expiry and tier.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import click
from rich.progress import Progress

from .._contracts import checked_address
from ..errors import InvalidInput
from ..registry import MAX_BATCH
from ._base import CliGroup, signer_options
from ._context import KYC_OFFICER, state
from ._output import InputProblems, when
from ._params import parse_time


def register(cli: click.Group) -> None:
    cli.add_command(kyc)


@click.group(cls=CliGroup)
def kyc() -> None:
    """Approve, renew, revoke and show customers' KYC."""


@kyc.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and show the batches; send nothing.")
@signer_options
@click.pass_context
def import_(ctx: click.Context, file: Path, dry_run: bool) -> None:
    """Approve (or renew) the KYC of every wallet in FILE.csv (wallet,expires_at[,tier]).

    Wallets approved as asked already are left out, so a run again after a stop sends only what is missing.
    """
    st = state(ctx)
    rows, errors = _read_csv(file, time.time())
    if errors:
        raise InputProblems(f"{file}: {len(errors)} bad row(s), nothing was sent",
                            [f"line {line}: {problem}" for line, problem in errors])
    registry = st.deployment().registry
    # Accounts approved as asked already (an earlier run of the file that stopped half-way) are
    # left out: running the import again sends only what is missing.
    records = registry.kyc_records([wallet for wallet, _, _ in rows]) if rows else []
    done = {r.account for r, (_, expiry, tier) in zip(records, rows) if (r.expires_at, r.tier) == (expiry, tier)}
    groups: dict[tuple[int, int], list[str]] = defaultdict(list)
    for wallet, expiry, tier in rows:
        if wallet not in done:
            groups[(expiry, tier)].append(wallet)
    batches = [
        (expiry, tier, wallets[i : i + MAX_BATCH])
        for (expiry, tier), wallets in sorted(groups.items())
        for i in range(0, len(wallets), MAX_BATCH)
    ]
    todo = len(rows) - len(done)
    sent: list[dict[str, Any]] = []
    if not dry_run and batches:
        officer = registry.using(st.signer(KYC_OFFICER, "kyc import"))
        with Progress(console=st.out.err_console, disable=st.json or not st.out.err_console.is_terminal, transient=True) as bar:
            task = bar.add_task("approving KYC", total=todo)
            for expiry, tier, wallets in batches:
                tx = officer.approve_kyc(wallets, expiry, tier)
                sent.append({"accounts": len(wallets), "expires_at": expiry, "tier": tier, "tx_hash": tx.tx_hash, "block": tx.block})
                bar.advance(task, len(wallets))
    data = {"csv_path": str(file), "accounts": len(rows), "approved_already": len(done), "batches": len(batches),
            "dry_run": dry_run, "transactions": sent}
    verb = "would approve" if dry_run else "approved"
    already = f"; {len(done)} approved as asked already" if done else ""
    st.out.result(data, f"{verb} KYC for {todo} account(s) in {len(batches)} transaction(s){already}")


@kyc.command()
@click.argument("addresses", nargs=-1, required=True, metavar="ADDRESS...")
@click.option("--expires", required=True, metavar="WHEN", help="Expiry: 2027-01-31, +365d, ISO 8601 or Unix seconds.")
@click.option("--tier", type=click.IntRange(0, 255), default=1, show_default=True, help="The bank's KYC tier.")
@signer_options
@click.pass_context
def approve(ctx: click.Context, addresses: tuple[str, ...], expires: str, tier: int) -> None:
    """Approve or renew the KYC of ADDRESS... until --expires."""
    st = state(ctx)
    expiry = parse_time(expires)
    if expiry <= time.time():  # said in the user's words, before the library says it in Unix time
        raise InvalidInput(f"--expires {expires} is in the past: a KYC approval must expire in the future")
    wallets = [checked_address(a, "address") for a in addresses]
    registry = st.deployment().registry.using(st.signer(KYC_OFFICER, "kyc approve"))
    tx = registry.approve_kyc(wallets, expiry, tier)
    data = {"accounts": wallets, "expires_at": expiry, "tier": tier, "tx_hash": tx.tx_hash, "block": tx.block}
    st.out.result(data, f"approved KYC of {len(wallets)} account(s) until {when(expiry)} (tier {tier}); tx {tx.tx_hash}")


@kyc.command()
@click.argument("addresses", nargs=-1, required=True, metavar="ADDRESS...")
@signer_options
@click.pass_context
def revoke(ctx: click.Context, addresses: tuple[str, ...]) -> None:
    """Revoke the KYC of ADDRESS... (they can no longer receive or move tokens)."""
    st = state(ctx)
    wallets = [checked_address(a, "address") for a in addresses]
    registry = st.deployment().registry.using(st.signer(KYC_OFFICER, "kyc revoke"))
    tx = registry.revoke_kyc(wallets)
    st.out.result({"accounts": wallets, "tx_hash": tx.tx_hash, "block": tx.block},
                  f"revoked KYC of {len(wallets)} account(s); tx {tx.tx_hash}")


@kyc.command()
@click.argument("address")
@click.pass_context
def show(ctx: click.Context, address: str) -> None:
    """Show the KYC record and freeze flags of ADDRESS."""
    st = state(ctx)
    record = st.deployment().registry.kyc(address)
    st.out.result(record, lambda console: st.out.fields(f"KYC of {record.account}", [
        ("verified", record.verified),
        ("expires", when(record.expires_at)),
        ("tier", record.tier if record.expires_at else None),
        ("frozen by issuer", "yes, a compliance hold (a compliance officer lifts it)" if record.compliance_hold
         else record.issuer_frozen),
        ("frozen by operator", "yes, a regulator's hold (the regulator lifts it)" if record.regulator_hold
         else record.operator_frozen),
    ], console=console))


def _read_csv(path: Path, now: float) -> tuple[list[tuple[str, int, int]], list[tuple[int, str]]]:
    """(wallet, expiry, tier) rows and (line, problem) errors."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not UTF-8: save it as UTF-8 (CSV UTF-8 in a spreadsheet)") from None
    reader = csv.reader(text.splitlines())
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in ("wallet", "expires_at") if name not in header]
    if missing:
        raise InvalidInput(f"{path}: the header row needs the columns wallet,expires_at[,tier]; missing {', '.join(missing)}")
    column = {name: header.index(name) for name in ("wallet", "expires_at", "tier") if name in header}
    rows: list[tuple[str, int, int]] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) <= max(column["wallet"], column["expires_at"]):
            errors.append((line, f"{len(record)} field(s): wallet and expires_at are missing"))
            continue
        try:
            wallet = checked_address(record[column["wallet"]].strip(), "wallet")
            expiry = parse_time(record[column["expires_at"]])
            if expiry <= now:
                raise InvalidInput(f"expires_at {record[column['expires_at']].strip()} is in the past")
            tier_text = record[column["tier"]].strip() if "tier" in column and column["tier"] < len(record) else ""
            tier = int(tier_text) if tier_text else 1
            if not 0 <= tier <= 255:
                raise InvalidInput(f"tier {tier} is outside 0-255")
        except (InvalidInput, ValueError) as error:
            errors.append((line, str(error)))
            continue
        if wallet in seen:
            errors.append((line, f"{wallet} is already on line {seen[wallet]}"))
            continue
        seen[wallet] = line
        rows.append((wallet, expiry, tier))
    if not rows and not errors:
        raise InvalidInput(f"{path} has no rows")
    return rows, errors
