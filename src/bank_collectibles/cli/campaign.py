"""``collectibles campaign validate|run|resume|status|report``: CSV campaign mints.

The engine is :mod:`bank_collectibles.campaign`; it is imported when a campaign command runs, so
the rest of the CLI works without it (the commands then exit with code 4 and say so).

Files: the journal (SQLite) defaults to ``campaigns/<csv name>.db`` under the current directory
(``--journal`` to choose); the report CSV to the journal's name with ``.report.csv``. A journal
remembers its CSV, chain, collection and minter: ``resume``, ``status`` and ``report`` need only
the journal, and act on the journal's collection.

Signers: the minter (``--account``/``--key-env``/``--keystore``, or the manifest's minter on a
local chain) and, for rows that carry ``kyc_expires_at``, the KYC officer (``--kyc-key-env VAR``,
or the manifest's KYC officer on a local chain).

Exit codes: ``validate`` exits 2 when rows are invalid (listing them); ``run``/``resume`` exit 0
when every row is minted, 1 when rows failed or remain (the journal keeps them; resume later),
2 when the file is invalid, 3 when the node went away (resume once it is back).
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import click

from ..errors import CollectiblesError, InvalidInput
from ..signers import LocalSigner, Signer
from ._base import CliGroup, signer_options
from ._context import KYC_OFFICER, MINTER, State, state
from ._output import CONFIG, REFUSED, InputProblems


class EngineMissing(CollectiblesError):
    """The campaign engine (bank_collectibles.campaign) cannot be imported."""

    cli_exit_code = CONFIG


def register(cli: click.Group) -> None:
    cli.add_command(campaign)


def _engine() -> Any:
    try:
        from .. import campaign as engine

        engine.Campaign, engine.CampaignOptions, engine.CampaignInvalid  # noqa: B018 - the API we need
    except (ImportError, AttributeError) as error:
        raise EngineMissing(f"the campaign engine is not available ({error}): install a release that includes it") from None
    return engine


@click.group(cls=CliGroup)
def campaign() -> None:
    """Run CSV campaign mints: every customer gets exactly one token, crash or not."""


def _journal_option(function: Any) -> Any:
    return click.option("--journal", type=click.Path(dir_okay=False, path_type=Path),
                        help="The campaign's journal [default: campaigns/<csv name>.db].")(function)


def _run_options(function: Any) -> Any:
    for option in reversed([
        click.option("--skip-invalid", is_flag=True, help="Mint the valid rows even if some are invalid."),
        click.option("--allow-contract-wallets", is_flag=True, help="Accept wallets that are contracts."),
        click.option("--max-batch", type=click.IntRange(min=1), help="Recipients per transaction at most."),
        click.option("--gas-budget", type=click.IntRange(min=100_000), help="Gas per mint transaction."),
        click.option("--window", type=click.IntRange(min=1), help="Transactions per group sent together (default 64)."),
        click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="Where the report CSV goes [default: next to the journal]."),
        click.option("--kyc-key-env", metavar="VAR", help="The KYC officer's key, for rows that carry kyc_expires_at."),
    ]):
        function = option(function)
    return function


@campaign.command()
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE.csv")
@_journal_option
@click.option("--allow-contract-wallets", is_flag=True, help="Accept wallets that are contracts.")
@signer_options
@click.pass_context
def validate(ctx: click.Context, csv_file: Path, journal: Path | None, allow_contract_wallets: bool) -> None:
    """Check FILE.csv against the chain (customer,wallet,target[,kyc_expires_at]); send nothing."""
    st = state(ctx)
    engine = _engine()
    minter, kyc = _signers(st, None)
    options = engine.CampaignOptions(allow_contract_wallets=allow_contract_wallets)
    path = journal or _default_journal(csv_file)
    with tempfile.TemporaryDirectory() as scratch:
        # A campaign not started yet is validated with a scratch journal: validating leaves no file.
        journal_path = path if path.exists() else Path(scratch) / "validate.db"
        opened = engine.Campaign.open(st.collection(), journal_path, minter=minter, csv_path=csv_file,
                                      kyc_officer=kyc, options=options)
        try:
            report = opened.validate()
        finally:
            opened.close()
    data = {"file": str(csv_file), "valid_rows": len(report.rows), "errors": report.errors,
            "series": report.series, "ok": report.ok}
    if report.errors:
        raise InputProblems(f"{csv_file}: {len(report.errors)} problem(s) in {len(report.rows) + len(report.invalid_lines)} row(s)",
                            [str(e) for e in report.errors])
    st.out.result(data, lambda console: (
        console.print(f"{csv_file}: {len(report.rows)} row(s), all valid"),
        st.out.table("targets", ["target", "kind", "id", "name", "left"],
                     [(t, s.kind, s.series_id, s.name, s.available) for t, s in report.series.items()], console=console),
    ))


@campaign.command()
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE.csv")
@_journal_option
@click.option("--dry-run", is_flag=True, help="Validate and plan; send nothing.")
@_run_options
@signer_options
@click.pass_context
def run(ctx: click.Context, csv_file: Path, journal: Path | None, dry_run: bool, **options: Any) -> None:
    """Run the campaign of FILE.csv (resuming it if its journal exists)."""
    st = state(ctx)
    _execute(ctx, st, journal or _default_journal(csv_file), csv_file, dry_run, options)


@campaign.command()
@_journal_option
@click.argument("csv_file", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[FILE.csv]")
@_run_options
@signer_options
@click.pass_context
def resume(ctx: click.Context, journal: Path | None, csv_file: Path | None, **options: Any) -> None:
    """Resume an interrupted campaign from its journal (give --journal or the campaign's FILE.csv)."""
    st = state(ctx)
    path = _existing_journal(journal, csv_file)
    _execute(ctx, st, path, None, False, options)


@campaign.command()
@_journal_option
@click.argument("csv_file", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[FILE.csv]")
@click.pass_context
def status(ctx: click.Context, journal: Path | None, csv_file: Path | None) -> None:
    """Show a campaign's progress from its journal."""
    st = state(ctx)
    engine = _engine()
    path = _existing_journal(journal, csv_file)
    opened = _open_existing(engine, st, path)
    try:
        info = opened.status()
    finally:
        opened.close()
    rows = info.get("rows", {})
    st.out.result({"journal": str(path), **info}, lambda console: (
        st.out.fields(f"campaign {path}", [
            ("csv", info.get("csv_path")), ("collection", info.get("collection")), ("minter", info.get("minter")),
            ("rows", ", ".join(f"{k}: {v}" for k, v in sorted(rows.items())) or "none"),
            ("batches", ", ".join(f"{k}: {v}" for k, v in sorted(info.get("batches", {}).items())) or "none"),
        ], console=console),
    ))


@campaign.command()
@_journal_option
@click.argument("csv_file", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[FILE.csv]")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Report path [default: next to the journal].")
@click.pass_context
def report(ctx: click.Context, journal: Path | None, csv_file: Path | None, out: Path | None) -> None:
    """Write the campaign's report CSV and check the journal against the chain."""
    st = state(ctx)
    engine = _engine()
    path = _existing_journal(journal, csv_file)
    opened = _open_existing(engine, st, path)
    try:
        written = opened.write_report(out)
        audit = opened.audit() if hasattr(opened, "audit") else {}
    finally:
        opened.close()
    data = {"journal": str(path), "report": str(written), "audit": audit}
    text = f"report written to {written}"
    if audit:
        text += (f"\n{audit.get('confirmed')} of {audit.get('rows')} row(s) confirmed; the chain agrees on "
                 f"{audit.get('chain_agrees')}; wallets minted twice: {len(audit.get('wallets_minted_twice', []))}")
    st.out.result(data, text)
    if audit and audit.get("wallets_minted_twice"):
        ctx.exit(REFUSED)


# ----------------------------------------------------------------------------------- helpers


def _execute(ctx: click.Context, st: State, journal: Path, csv_file: Path | None, dry_run: bool, options: dict[str, Any]) -> None:
    engine = _engine()
    minter, kyc = _signers(st, options.pop("kyc_key_env", None))
    report_path = options.pop("report_path", None)
    settings = {k: v for k, v in options.items() if v not in (None, False)}
    collection = st.collection() if csv_file is not None else _journal_collection(st, journal)
    opened = engine.Campaign.open(collection, journal, minter=minter, csv_path=csv_file, kyc_officer=kyc,
                                  options=engine.CampaignOptions(**settings))
    try:
        quiet = st.json or not st.out.err_console.is_terminal
        with engine.progress_bar("minting", quiet=quiet) as progress:
            try:
                result = opened.run(progress=progress, dry_run=dry_run, report_path=report_path)
            except engine.CampaignInvalid as invalid:
                raise InputProblems(f"{invalid}", [str(e) for e in invalid.report.errors]) from None
    finally:
        opened.close()
    data = {"journal": str(journal), "dry_run": dry_run, **{k: getattr(result, k) for k in
            ("total", "confirmed", "failed", "pending", "transactions", "seconds", "report_path")},
            "complete": result.complete}
    if dry_run:
        text = f"dry run: {result.total} row(s) would be minted; nothing was sent"
    else:
        text = (f"{result.confirmed} of {result.total} row(s) minted, {result.failed} failed, {result.pending} pending; "
                f"{result.transactions} transaction(s) in {result.seconds:.1f} s\nreport: {result.report_path}")
    st.out.result(data, text)
    if (not dry_run and not result.complete) or result.failed:
        if not st.json:
            st.out.warn(f"the campaign is not complete: see the report; `collectibles campaign resume --journal {journal}` goes on")
        ctx.exit(REFUSED)


def _signers(st: State, kyc_key_env: str | None) -> tuple[Signer, Signer | None]:
    minter = st.signer(MINTER, "campaign")
    kyc: Signer | None = None
    if kyc_key_env:
        kyc = LocalSigner.from_env(kyc_key_env)
    else:
        kyc = st.role_signer(KYC_OFFICER)
    return minter, kyc


def _default_journal(csv_file: Path) -> Path:
    return Path.cwd() / "campaigns" / f"{csv_file.stem}.db"


def _existing_journal(journal: Path | None, csv_file: Path | None) -> Path:
    if journal is None and csv_file is None:
        raise InvalidInput("give the campaign's --journal PATH or its FILE.csv")
    path = journal or _default_journal(csv_file)  # type: ignore[arg-type]
    if not path.exists():
        raise InvalidInput(f"no campaign journal at {path}: start the campaign with `collectibles campaign run FILE.csv`")
    return path


def _journal_meta(path: Path) -> dict[str, str]:
    try:
        with sqlite3.connect(path) as db:
            return dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error as error:
        raise InvalidInput(f"{path} is not a campaign journal: {error}") from None


def _journal_collection(st: State, path: Path) -> Any:
    meta = _journal_meta(path)
    if st.collection_address or "collection" not in meta:
        return st.collection()
    return st.deployment().collection_at(meta["collection"])


def _open_existing(engine: Any, st: State, path: Path) -> Any:
    """The campaign of journal `path`, read-only (no signer)."""
    if "minter" not in _journal_meta(path):
        raise InvalidInput(f"the journal {path} has not started a campaign yet: run it first")
    return engine.Campaign.open(_journal_collection(st, path), path)
