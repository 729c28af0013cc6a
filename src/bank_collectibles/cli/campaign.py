"""``collectibles campaign validate|run|resume|status|report``: CSV campaign mints.

The engine is :mod:`bank_collectibles.campaign`; it is imported when a campaign command runs, so
the rest of the CLI works without it (the commands then exit with code 4 and say so).

Files: the journal (SQLite) defaults to ``campaigns/<csv name>.db`` under the current directory
(``--journal`` to choose); the report CSV to the journal's name with ``.report.csv``. A journal
remembers its CSV, chain, collection and minter: ``resume``, ``status`` and ``report`` need only
the journal, and act on the journal's collection. A ``run`` that starts no campaign (invalid rows,
a bad file, a dry run, the node gone before the first write) removes the journal, lock and folder
it created, so that no empty journal looks like a campaign. ``status`` reads the journal alone and
works while the node is down; ``report`` needs the chain (its serial labels read each edition's
supply, and its audit the chain's mint events).

Signers: the minter (``--account``/``--key-env``/``--keystore``, or the manifest's minter on a
local chain) and, for rows that carry ``kyc_expires_at``, the KYC officer (``--kyc-key-env VAR``,
or the manifest's KYC officer on a local chain).

Exit codes: ``validate`` exits 2 when rows are invalid (listing them); ``run``/``resume`` exit 0
when every row is minted, 1 when rows failed or remain (the journal keeps them; resume later),
2 when the file is invalid, 3 when the node went away (``resume`` once it is back: the hint says
how), 4 when the journal belongs to another campaign (another CSV, chain, collection or minter).
``validate`` of a file whose campaign has started says so and where it stands (exit 0).
"""

from __future__ import annotations

import contextlib
import fcntl
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import click

from ..errors import CollectiblesError, InvalidInput, NodeError
from ..signers import LocalSigner, Signer
from ._base import CliGroup, signer_options
from ._context import KYC_OFFICER, MINTER, State, state
from ._output import CONFIG, REFUSED, InputProblems, add_hint


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


_allow_contract_wallets = click.option("--allow-contract-wallets", is_flag=True, help="Accept wallets that are contracts.")
_allow_repeat_recipients = click.option(
    "--allow-repeat-recipients", is_flag=True,
    help="Accept wallets that already received a token of their target (each gets another).",
)


def _run_options(function: Any) -> Any:
    for option in reversed([
        click.option("--skip-invalid", is_flag=True, help="Mint the valid rows even if some are invalid."),
        _allow_contract_wallets,
        _allow_repeat_recipients,
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
@_allow_contract_wallets
@_allow_repeat_recipients
@signer_options
@click.pass_context
def validate(ctx: click.Context, csv_file: Path, journal: Path | None, allow_contract_wallets: bool,
             allow_repeat_recipients: bool) -> None:
    """Check FILE.csv against the chain (customer,wallet,target[,kyc_expires_at]); send nothing."""
    st = state(ctx)
    engine = _engine()
    minter, kyc = _signers(st, None)
    options = engine.CampaignOptions(allow_contract_wallets=allow_contract_wallets, allow_repeat_recipients=allow_repeat_recipients)
    path = journal or _default_journal(csv_file)
    if path.exists() and "minter" in (_journal_meta(path) or {}):
        _started_already(st, engine, path, csv_file)
        return
    with tempfile.TemporaryDirectory() as scratch:
        # A campaign not started yet is validated with a scratch journal: validating leaves no file.
        opened = _opened(engine, st.collection(), Path(scratch) / "validate.db", minter=minter, csv_path=csv_file,
                         kyc_officer=kyc, options=options)
        try:
            report = opened.validate()
        finally:
            opened.close()
    data = {"csv_path": str(csv_file), "valid_rows": len(report.rows), "errors": report.errors,
            "series": report.series, "ok": report.ok}
    if report.errors:
        rows = len(report.rows) + len(report.invalid_lines - {0})  # line 0: the campaign as a whole
        raise InputProblems(f"{csv_file}: {len(report.errors)} problem(s) in {rows} row(s)",
                            [str(e) for e in report.errors])
    st.out.result(data, lambda console: (
        console.print(f"{csv_file}: {len(report.rows)} row(s), all valid"),
        st.out.table("targets", ["target (as the file spells it)", "kind", "id", "name", "left"], _targets(report),
                     console=console),
    ))


def _started_already(st: State, engine: Any, path: Path, csv_file: Path) -> None:
    """`validate` of a file whose campaign has started: validation is behind it, its journal says
    where it stands (and the file must be the one it started from)."""
    _opened(engine, _journal_collection(st, path), path, csv_path=csv_file).close()
    info = engine.Campaign.read_status(path)
    rows = ", ".join(f"{k}: {v}" for k, v in sorted(info.get("rows", {}).items())) or "none"
    finished = not any(info.get("rows", {}).get(state) for state in ("pending", "planned"))
    st.out.result({"csv_path": str(csv_file), "journal": str(path), "started": True, "rows": info.get("rows", {})},
                  f"{csv_file}: its campaign started in {path} (rows {rows}), validated before anything was sent; "
                  + ("it is finished: `campaign report` writes its report" if finished
                     else f"`collectibles campaign run {csv_file}` resumes it, `campaign status` shows it"))


def _opened(engine: Any, collection: Any, journal: Path, **arguments: Any) -> Any:
    """`Campaign.open`, a journal of another campaign (or none) being a configuration problem."""
    try:
        return engine.Campaign.open(collection, journal, **arguments)
    except engine.CampaignJournalError as error:
        error.cli_exit_code = CONFIG  # like a manifest of another chain
        raise


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
    # A CSV named is checked against the journal's: a changed file's new rows would be left out unsaid.
    _execute(ctx, st, path, csv_file if csv_file is not None and csv_file.is_file() else None, False, options, resume=True)


@campaign.command()
@_journal_option
@click.argument("csv_file", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[FILE.csv]")
@click.pass_context
def status(ctx: click.Context, journal: Path | None, csv_file: Path | None) -> None:
    """Show a campaign's progress from its journal (the chain is not needed)."""
    st = state(ctx)
    engine = _engine()
    path = _existing_journal(journal, csv_file)
    _require_started(path)
    info = engine.Campaign.read_status(path)
    rows = info.get("rows", {})
    st.out.result({"journal": str(path), **info}, lambda console: (
        st.out.fields(f"campaign {path}", [
            ("csv", info.get("csv_path")), ("collection", info.get("collection")), ("minter", info.get("minter")),
            ("rows", ", ".join(f"{k}: {v}" for k, v in sorted(rows.items())) or "none"),
            ("batches", ", ".join(f"{k}: {v}" for k, v in sorted(info.get("batches", {}).items())) or "none"),
            ("skipped rows", info.get("skipped", 0)),
        ], console=console),
    ))


@campaign.command()
@_journal_option
@click.argument("csv_file", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[FILE.csv]")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Report path [default: next to the journal].")
@click.pass_context
def report(ctx: click.Context, journal: Path | None, csv_file: Path | None, out: Path | None) -> None:
    """Write the campaign's report CSV and check the journal against the chain (which it needs)."""
    st = state(ctx)
    engine = _engine()
    path = _existing_journal(journal, csv_file)
    try:
        opened = _open_existing(engine, st, path)
        try:
            written = opened.write_report(out)
            audit = opened.audit() if hasattr(opened, "audit") else {}
        finally:
            opened.close()
    except NodeError as error:
        add_hint(error, "`campaign report` needs the chain: the report's serial labels (#N/SUPPLY) read each edition's "
                        f"supply and its audit the chain's mint events; `collectibles campaign status --journal {path}` "
                        "reads the journal alone")
        raise
    data = {"journal": str(path), "report_path": str(written), "audit": audit}
    text = f"report written to {written}"
    if audit:
        text += (f"\n{audit.get('confirmed')} of {audit.get('rows')} row(s) confirmed; the chain agrees on "
                 f"{audit.get('chain_agrees')}; wallets minted twice: {len(audit.get('wallets_minted_twice', []))}; "
                 f"wallets that received their target outside the campaign too: {len(audit.get('wallets_also_minted_elsewhere', []))}")
    st.out.result(data, text)
    if audit and audit.get("wallets_minted_twice"):
        ctx.exit(REFUSED)


# ----------------------------------------------------------------------------------- helpers


def _execute(ctx: click.Context, st: State, journal: Path, csv_file: Path | None, dry_run: bool, options: dict[str, Any],
             *, resume: bool = False) -> None:
    engine = _engine()
    minter, kyc = _signers(st, options.pop("kyc_key_env", None))
    report_path = options.pop("report_path", None)
    settings = {k: v for k, v in options.items() if v not in (None, False)}
    if resume:
        _require_started(journal)
        collection = _journal_collection(st, journal)
    else:
        collection = st.collection()
    created = _files_to_create(journal)
    opened = None
    started = False
    try:
        opened = _opened(engine, collection, journal, minter=minter, csv_path=csv_file, kyc_officer=kyc,
                         options=engine.CampaignOptions(**settings))
        quiet = st.json or not st.out.err_console.is_terminal
        with engine.progress_bar("minting", quiet=quiet) as progress:
            result = opened.run(progress=progress, dry_run=dry_run, report_path=report_path)
    except engine.CampaignInvalid as invalid:
        raise _invalid_rows(invalid, csv_file, bool(settings.get("skip_invalid"))) from None
    except engine.CampaignBusy as busy:
        add_hint(busy, "wait for it to finish (`collectibles campaign status` follows it), or stop that process; "
                       "its pid is in the lock file", instead=True)
        raise
    except CollectiblesError as error:
        if opened is not None and not opened.journal.is_new:
            resume = f"`collectibles campaign resume --journal {journal}`"
            add_hint(error, f"once the chain is back, {resume} goes on where the campaign stopped"
                     if isinstance(error, NodeError) else f"{resume} goes on once the cause is fixed")
        raise
    except KeyboardInterrupt:
        if opened is not None and not opened.journal.is_new:
            st.out.note(f"the journal keeps every step: `collectibles campaign resume --journal {journal}` goes on")
        raise
    finally:
        if opened is not None:
            started = not opened.journal.is_new
            opened.close()
        if not started:
            _remove_unstarted(journal, created)
    data = {"journal": str(journal), "dry_run": dry_run, **{k: getattr(result, k) for k in
            ("total", "confirmed", "failed", "pending", "transactions", "seconds", "report_path", "skipped")},
            "complete": result.complete}
    if dry_run:
        text = f"dry run: {result.total} row(s) would be minted; nothing was sent"
    else:
        text = (f"{result.confirmed} of {result.total} row(s) minted, {result.failed} failed, {result.pending} pending; "
                f"{result.transactions} transaction(s) in {result.seconds:.1f} s\nreport: {result.report_path}")
    if result.skipped and dry_run:
        text += f"\n{result.skipped} invalid row(s) would be skipped: `collectibles campaign validate` lists them"
    elif result.skipped:
        text += f"\n{result.skipped} invalid row(s) skipped, not minted: they are in the report with their errors"
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


def _targets(report: Any) -> list[tuple[Any, ...]]:
    """One table row per series, however many ways the file spells it (edition:1, edition:Jade Rabbit)."""
    rows: dict[tuple[str, int], list[Any]] = {}
    for text, found in report.series.items():
        rows.setdefault((found.kind, found.series_id), [[], found.kind, found.series_id, found.name, found.available])[0].append(text)
    return [(", ".join(texts), *rest) for texts, *rest in rows.values()]


def _invalid_rows(invalid: Any, csv_file: Path | None, skip_invalid: bool) -> InputProblems:
    """The CLI's words for `CampaignInvalid`: its options, not the library's argument names."""
    from ..campaign import REPEAT_RECIPIENT

    report = invalid.report
    repeats = sum(error.code == REPEAT_RECIPIENT for error in report.errors)
    nothing_left = not report.rows and repeats == len(report.errors)
    if any(error.line == 0 for error in report.errors):  # the minter or the collection: no row can be minted
        advice = "fix the problems and run again"
    elif nothing_left:
        advice = ("every customer received a token of their target already: nothing is left to mint "
                  "(--allow-repeat-recipients gives each another)")
    elif not report.rows:
        advice = "no row is valid: fix the rows and run again"
    elif skip_invalid:
        advice = "fix the rows and run again"
    else:
        advice = f"fix the rows and run again, or add --skip-invalid to mint only the {len(report.rows)} valid row(s)"
    if repeats and not nothing_left:
        advice += "; --allow-repeat-recipients accepts wallets that received their target already"
    return InputProblems(f"{csv_file or 'the campaign'}: {len(report.errors)} problem(s), nothing was sent: {advice}",
                         [str(e) for e in report.errors])


def _files_to_create(journal: Path) -> list[Path]:
    """What a run creates for a new journal: the journal, SQLite's WAL files, the lock and any
    missing folders (deepest last); empty when the journal exists already."""
    if journal.exists():
        return []
    files = [journal, Path(f"{journal}-wal"), Path(f"{journal}-shm"), _lock_path(journal)]
    folders = [folder for folder in journal.absolute().parents if not folder.exists()]
    return [path for path in files if not path.exists()] + folders[::-1]


def _remove_unstarted(journal: Path, created: list[Path]) -> None:
    """Removes `created` (see `_files_to_create`) when the journal holds no started campaign, so
    no empty journal is left to look like a campaign. Done under the campaign's lock: a campaign
    another process has started meanwhile is left alone."""
    if not created:
        return
    try:
        handle = open(_lock_path(journal), "a+")
    except OSError:
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # another process runs it
        if journal.exists() and _journal_meta(journal, strict=False) != {}:
            return  # started meanwhile, or not a journal we can read: keep it
        for path in created:
            if path.is_dir():
                continue
            path.unlink(missing_ok=True)
    for folder in reversed([path for path in created if path.is_dir()]):
        try:
            folder.rmdir()
        except OSError:
            break  # not empty: something else lives there


def _lock_path(journal: Path) -> Path:
    return journal.with_suffix(journal.suffix + ".lock")  # where the engine's lock lives


def _existing_journal(journal: Path | None, csv_file: Path | None) -> Path:
    if journal is None and csv_file is None:
        raise InvalidInput("give the campaign's --journal PATH or its FILE.csv")
    path = journal or _default_journal(csv_file)  # type: ignore[arg-type]
    if not path.exists():
        raise InvalidInput(f"no campaign journal at {path}: start the campaign with `collectibles campaign run FILE.csv`")
    return path


def _journal_meta(path: Path, *, strict: bool = True) -> dict[str, str] | None:
    """The journal's metadata (empty until its campaign starts). Not a journal: InvalidInput, or
    None when not `strict`."""
    try:
        with contextlib.closing(sqlite3.connect(path)) as db:
            return dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error as error:
        if not strict:
            return None
        foreign = _engine().CampaignJournalError(f"{path} is not a campaign journal: {error}")
        foreign.cli_exit_code = CONFIG  # a file of something else, like a foreign manifest
        raise foreign from None


def _require_started(path: Path) -> None:
    if "minter" not in (_journal_meta(path) or {}):
        raise InvalidInput(f"the journal {path} holds no started campaign: start it with "
                           f"`collectibles campaign run FILE.csv --journal {path}`")


def _journal_collection(st: State, path: Path) -> Any:
    meta = _journal_meta(path) or {}
    if st.collection_address or "collection" not in meta:
        return st.collection()
    return st.deployment().collection_at(meta["collection"])


def _open_existing(engine: Any, st: State, path: Path) -> Any:
    """The campaign of journal `path`, read-only (no signer)."""
    _require_started(path)
    return _opened(engine, _journal_collection(st, path), path)
