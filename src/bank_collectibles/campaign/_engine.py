"""The campaign engine: every row of a CSV gets exactly one token, whatever crashes on the way.

A run validates, onboards KYC where rows ask for it (checked against the registry's records, so
a node that lost blocks gets its approvals again), then mints in batches sized by a gas budget,
a group at a time: while one group is mined, the next is signed and committed to the journal,
then broadcast in one JSON-RPC batch once the one before is mined, which is then confirmed from
its receipts. A resume first reconciles the journal with the chain (`_recovery`). Only one
process may run a campaign at a time (a lock next to the journal).
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._collection_queries import number_of, series_of
from .._rpc import Receipt
from .._sending import ContractCall, Sender, SignedTx
from ..collection import Collection, mints_in
from ..errors import AccountNotVerified, CollectiblesError, ContractError, InvalidInput, NodeError, OutOfGas
from ..registry import Registry, role_id
from ..signers import Signer
from ._csv import CsvFormatError, Row, RowError, Target, parse_rows, read_text
from ._errors import CampaignBusy, CampaignError, CampaignFileError, CampaignInvalid, CampaignJournalError
from ._faults import crash_point
from ._journal import Batch, Journal, JournalRow
from ._recovery import Recovery, mint_call
from ._report import check_writable, write_report
from ._validate import ValidationReport, validate_rows

Progress = Callable[[int, int], None]
KYC_BATCH = 200


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pauses Python's cyclic garbage collector for one bulk pass over the rows (validation,
    journal writes, settling, the report). Such a pass makes tens of thousands of acyclic objects,
    and every few hundred would start a collection that walks every object in the process, web3's
    included: a tenth of a 10,000-row campaign's time. Reference counting still frees everything;
    the collector runs again (if it ran before) as soon as the pass ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class CampaignOptions:
    """How a campaign runs.

    Attributes:
        gas_budget: Gas per mint transaction; sets the batch size (with `max_batch`).
        max_batch: Recipients per transaction at most.
        window: Transactions per group: one group is in flight while the next is signed and
            journaled. A group goes highest nonce first, so all but one of it wait in the node's
            queue for future nonces, which holds 64 per sender on geth and 200 on Besu.
        allow_contract_wallets: Accept wallets that are contracts.
        allow_repeat_recipients: Accept wallets that already received a token of their target
            (by default such a row is invalid: a campaign run before may have minted it).
        skip_invalid: Mint the valid rows when some are invalid (they go to the report as skipped).
    """

    gas_budget: int = 12_000_000
    max_batch: int = 500
    window: int = 64
    allow_contract_wallets: bool = False
    allow_repeat_recipients: bool = False
    skip_invalid: bool = False

    def __post_init__(self) -> None:
        for name, low in (("gas_budget", 100_000), ("max_batch", 1), ("window", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InvalidInput(f"campaign option {name} must be an integer of at least {low}, not {value!r}")
        for name in ("allow_contract_wallets", "allow_repeat_recipients", "skip_invalid"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidInput(f"campaign option {name} must be True or False, not {getattr(self, name)!r}")


@dataclass(frozen=True)
class CampaignResult:
    """Where a campaign stands after a run.

    Attributes:
        total: Rows in the journal (the valid rows of the CSV).
        confirmed, failed, pending: Rows per outcome; a failed row was refused by the chain.
        transactions: Transactions sent by this run.
        seconds: This run's duration.
        report_path: The report CSV written at the end of the run.
        skipped: Rows of the CSV that validation left out (``skip_invalid``); in the report.
    """

    total: int
    confirmed: int
    failed: int
    pending: int
    transactions: int
    seconds: float
    report_path: Path | None
    skipped: int = 0

    @property
    def complete(self) -> bool:
        return self.confirmed + self.failed == self.total


class Campaign(Recovery):
    """A CSV-driven, resumable, idempotent campaign mint into one collection.

    Create it with :meth:`open`. The journal (SQLite, one file per campaign) holds everything a
    resume needs; the CSV is read only when the campaign starts.
    """

    def __init__(self, collection: Collection, journal: Journal, minter: Signer | None, kyc_officer: Signer | None,
                 options: CampaignOptions, csv_path: Path | None) -> None:
        self.collection = collection.using(minter) if minter is not None else collection
        self.client = collection.client
        self.registry = Registry(self.client, collection._read("registry"), kyc_officer)
        self.journal = journal
        self.minter = minter
        self.kyc_officer = kyc_officer
        self.options = options
        self.csv_path = csv_path
        self._sender: Sender | None = self.client.sender(minter) if minter is not None else None
        self._max_supply: dict[int, int] = {}
        self._batch_sizes: dict[tuple[str, int], int] = {}
        self._series_gas: dict[tuple[str, int], tuple[int, int]] = {}  # (kind, id) -> (batch size, gas limit)

    @classmethod
    def open(
        cls,
        collection: Collection,
        journal_path: str | Path,
        *,
        minter: Signer | None = None,
        csv_path: str | Path | None = None,
        kyc_officer: Signer | None = None,
        options: CampaignOptions | None = None,
    ) -> Campaign:
        """Opens a new campaign (with `csv_path`) or an existing one (its journal).

        Without a `minter` the campaign is read-only: `status`, `audit` and `write_report` work,
        `validate` and `run` raise.

        Raises:
            CampaignJournalError: No CSV for a new campaign; a CSV different from the journal's or
                missing; a journal of another chain (its id, or its first block: a chain reset
                since, or another node with the same id), collection or minter.
        """
        csv = Path(csv_path) if csv_path is not None else None
        if csv is None and not Path(journal_path).exists():
            raise CampaignJournalError(f"no campaign journal at {journal_path}: start the campaign with its CSV file")
        if csv is not None and not csv.is_file():
            raise CampaignJournalError(f"{csv} is not a file: give the campaign's CSV, or resume a started campaign "
                                       "without it (its journal holds the rows)")
        journal = Journal(journal_path)
        meta = journal.meta()
        if meta:
            checks = {"chain_id": str(collection.client.chain_id), "collection": collection.address}
            if "first_block" in meta:
                checks["first_block"] = _first_block(collection)
            if minter is not None:
                checks["minter"] = minter.address
            if csv is not None:
                checks["csv_sha256"] = hashlib.sha256(csv.read_bytes()).hexdigest()
            for key, value in checks.items():
                if meta.get(key) != value:
                    journal.close()
                    if key == "csv_sha256":
                        raise CampaignJournalError(
                            f"the journal {journal_path} was started from another version of {csv}: resume it "
                            "without the CSV (the journal holds its rows). For rows it skipped or left out, start "
                            "a new campaign with a new journal and a CSV of only those rows: a new campaign mints "
                            "every row of its CSV"
                        )
                    if key == "first_block":
                        raise CampaignJournalError(
                            f"the journal {journal_path} was started on another chain of id {meta['chain_id']} (its block 1 "
                            f"is {meta[key]}, this node's is {value}): the chain was reset since, or this is another "
                            "node. Resume it against its own chain, or use a new journal file for a new campaign"
                        )
                    raise CampaignJournalError(
                        f"the journal {journal_path} belongs to another {key.replace('_', ' ')} "
                        f"({meta.get(key)}, not {value}): use a new journal file for a new campaign"
                    )
        elif csv is None:
            journal.close()
            raise CampaignJournalError(f"no campaign journal at {journal_path}: start the campaign with its CSV file")
        return cls(collection, journal, minter, kyc_officer, options or CampaignOptions(), csv)

    def close(self) -> None:
        self.journal.close()

    # ------------------------------------------------------------------------------ validation

    @_collector_paused()
    def validate(self) -> ValidationReport:
        """Checks the CSV (or, on resume, the journal's open rows) against the chain; sends nothing.

        Raises:
            CampaignFileError: The file cannot be used as a whole (encoding, header, no rows).
        """
        if self.csv_path is None or not self.journal.is_new:
            return self._revalidate()
        try:
            parsed = parse_rows(read_text(self.csv_path), time.time())
        except (CsvFormatError, OSError) as error:
            raise CampaignFileError(str(error)) from None
        if not parsed.rows and not parsed.errors:
            raise CampaignFileError(f"{self.csv_path} has a header but no rows: nothing to mint")
        report = validate_rows(
            parsed.rows,
            parsed.errors,
            self.collection,
            self.registry,
            allow_contract_wallets=self.options.allow_contract_wallets,
            allow_repeat_recipients=self.options.allow_repeat_recipients,
            can_approve_kyc=self.kyc_officer is not None,
        )
        report.errors[:0] = self._campaign_problems(asks_kyc=any(row.kyc_expires_at is not None for row in parsed.rows))
        report.as_written = {row.line: (row.wallet, str(row.target)) for row in parsed.rows} | parsed.as_written
        return report

    def _campaign_problems(self, asks_kyc: bool) -> list[RowError]:
        """What would stop every row: the minter's role, the KYC officer's (when rows ask for KYC),
        a paused collection (line 0 of the report)."""
        problems = []
        if self.minter is None:
            problems.append(RowError(0, "", "minter", "no minter signer: open the campaign with its minter"))
        elif not self.collection._read("hasRole", role_id("MINTER_ROLE"), self.minter.address):
            problems.append(RowError(0, "", "minter", f"{self.minter.address} lacks MINTER_ROLE on the collection: "
                                                      "sign with a minter, or have the issuer grant it the role"))
        officer = self.kyc_officer
        if asks_kyc and officer is not None and not self.registry._read("hasRole", role_id("KYC_OFFICER_ROLE"), officer.address):
            problems.append(RowError(0, "", "kyc officer", f"{officer.address} lacks KYC_OFFICER_ROLE on the registry: "
                                                           "sign with the KYC officer, or grant the role first"))
        if self.collection.paused():
            problems.append(RowError(0, "", "collection", "the collection is paused: unpause it first "
                                                          "(`collectibles pause --off`)"))
        return problems

    def _revalidate(self) -> ValidationReport:
        """On resume: the journal's rows are already validated; report what is left."""
        report = ValidationReport()
        for row in self.journal.rows():
            if row.state in ("pending", "planned"):
                report.rows.append(Row(row.line, row.customer, row.wallet, Target(row.kind, str(row.series_id)), row.kyc_expires_at))
        return report

    # ------------------------------------------------------------------------------------ run

    def run(self, progress: Progress | None = None, *, dry_run: bool = False, report_path: str | Path | None = None) -> CampaignResult:
        """Runs (or resumes) the campaign to the end.

        Args:
            progress: Called with (rows done, rows in all) as batches confirm.
            dry_run: Validate and plan, send nothing.
            report_path: Where the report CSV goes (default: next to the journal).

        Returns:
            Counts, transactions sent, and the report's path.

        Raises:
            InvalidInput: The report cannot be written at `report_path` (nothing sent).
            CampaignInvalid: Validation failed (nothing sent).
            CampaignError: Another process runs this campaign; a batch failed for a reason that
                stops the campaign (supply, pause, role); the journal keeps the progress.
            NodeError: The node went away; resume once it is back.
        """
        if self._sender is None:
            raise CampaignError("this campaign was opened read-only: open it with its minter to run it")
        check_writable(self._report_path(report_path))
        started = time.monotonic()
        with self._lock():
            started_now = self.journal.is_new
            if started_now:
                start_block = self.client.node.block_number()  # before validation reads the series
                report = self.validate()
                # A problem of the campaign as a whole (line 0: the minter's role, a pause) is never skipped.
                skippable = self.options.skip_invalid and report.rows and 0 not in report.invalid_lines
                if report.errors and not skippable:
                    raise CampaignInvalid(report)
                if dry_run:
                    return self._result(started, 0, None, planned=report)
                self._start(report, start_block)
                self._max_supply.update((s.series_id, s.size) for s in report.series.values() if s.kind == "edition")
            elif dry_run:
                return self._result(started, 0, None)
            resumed = not started_now
            self._reconcile_with_events()
            sent = self._onboard_kyc()
            sent += self._resend_live()
            if resumed and not self.options.allow_repeat_recipients:
                self._fail_repeat_recipients()
            sent += self._mint_all(progress)
            path = self.write_report(report_path)
        return self._result(started, sent, path)

    @_collector_paused()
    def _start(self, report: ValidationReport, start_block: int) -> None:
        assert self.csv_path is not None
        # Serials (or boxes) of each series minted before the campaign: see `_recovery`, step 4.
        floors = {f"{s.kind}:{s.series_id}": s.size - s.available for s in report.series.values()}
        meta = {
            "chain_id": self.client.chain_id,
            "first_block": _first_block(self.collection),
            "collection": self.collection.address,
            "minter": self.minter.address,
            "csv_sha256": hashlib.sha256(self.csv_path.read_bytes()).hexdigest(),
            "csv_path": str(self.csv_path),
            "start_block": start_block,
            "series_floor": json.dumps(floors, sort_keys=True),
            "created_at": int(time.time()),
        }
        reasons: dict[int, tuple[str, list[str]]] = {}
        for error in report.errors:
            reasons.setdefault(error.line, (error.customer, []))[1].append(f"{error.field}: {error.problem}")
        # One transaction: a journal with metadata is a started campaign, and a resume trusts its rows.
        with self.journal.transaction():
            self.journal.set_meta(meta)
            crash_point("started")
            self.journal.add_skipped((line, customer, *report.as_written.get(line, ("", "")), "; ".join(why))
                                     for line, (customer, why) in reasons.items() if line)
            self.journal.add_rows(
                (row.line, row.customer, row.wallet, report.series[str(row.target)].kind,
                 report.series[str(row.target)].series_id, row.kyc_expires_at)
                for row in report.rows
            )

    @contextmanager
    def _lock(self) -> Iterator[None]:
        path = self.journal.path.with_suffix(self.journal.path.suffix + ".lock")
        with open(path, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise CampaignBusy(f"another process is running this campaign ({path} is locked)") from None
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield

    # ------------------------------------------------------------------------------------ KYC

    def _onboard_kyc(self) -> int:
        """Approves KYC for the rows that ask for it and whose record on chain falls short (idempotent)."""
        todo = self.journal.rows_asking_kyc()
        if not todo:
            return 0
        if self.kyc_officer is None:
            raise CampaignError("rows ask for KYC approval: open the campaign with a KYC officer signer")
        records = {r.wallet: k for r, k in zip(todo, self.registry._read_many("kycOf", [(r.wallet,) for r in todo]))}
        need = [r for r in todo if records[r.wallet]["expiresAt"] < (r.kyc_expires_at or 0)]
        done_already = [r.line for r in todo if r not in need]
        sent = 0
        for start in range(0, len(need), KYC_BATCH):
            chunk = need[start : start + KYC_BATCH]
            batch_id = self.journal.plan_batch("kyc", [r.line for r in chunk])
            # A renewal keeps the customer's tier; a new customer gets tier 1.
            tiers = [records[r.wallet]["tier"] if records[r.wallet]["expiresAt"] else 1 for r in chunk]
            receipt = self.registry._send("approveKyc", [r.wallet for r in chunk], [r.kyc_expires_at for r in chunk], tiers)
            self.journal.confirm_kyc(batch_id, receipt.block_number)
            crash_point("kyc")
            sent += 1
        if done_already:
            batch_id = self.journal.plan_batch("kyc", done_already)
            self.journal.confirm_kyc(batch_id, 0)
        return sent

    # ---------------------------------------------------------------------------------- minting

    def _mint_all(self, progress: Progress | None) -> int:
        total = sum(self.journal.counts().values())
        self._progress(progress, total)
        sent = 0
        while pending := self.journal.rows("pending"):
            sent += self._mint_rows(pending, progress, total)
        return sent

    def _mint_rows(self, rows: Sequence[JournalRow], progress: Progress | None, total: int) -> int:
        """Mints pending `rows` a group of `window` transactions at a time: while one group is
        mined, the next is planned, signed and journaled, and the one before is confirmed.
        Returns the transactions sent.

        One group in flight, not more: a group broadcast while the node still mines the one
        before reaches its pool as the earlier nonces are taken out, and an instant-mining node
        (Anvil) then mines it transaction by transaction. Rows a batch gives back (a revert, a
        refusal) stay pending for the caller's next pass.
        """
        plans = self._plan(rows)
        window = self.options.window
        in_flight: tuple[list[Batch], list[SignedTx]] | None = None
        ready, plans = self._prepare(plans[:window]), plans[window:]
        sent = 0
        while ready or in_flight:
            receipts = self._sender.wait(in_flight[1]) if in_flight else None
            if ready and receipts and any(r.status != 1 for r in receipts):
                # A batch reverted (a pause, a customer's KYC lost): the next group would likely
                # revert too. It was never broadcast, so it is dropped; its rows are planned again.
                self._drop_unsent(ready[0])
                ready, plans = None, []
            refused: list[tuple[Batch, CollectiblesError]] = []
            if ready:
                outcomes = self._sender.broadcast_many(ready[1])
                crash_point("broadcast")
                sent += len(ready[1])
                refused = [(b, o) for b, o in zip(ready[0], outcomes) if o is not None]
            if in_flight and receipts is not None:
                self._settle(*in_flight, receipts)
                self._progress(progress, total)
            if refused:
                # Later nonces cannot be mined past a refused one: the resend settles what is live.
                for batch, error in refused:
                    self._refused(batch, error)
                return sent + self._resend_live()
            in_flight = ready
            ready, plans = (self._prepare(plans[:window]), plans[window:]) if plans else (None, plans)
        return sent

    @_collector_paused()
    def _prepare(self, plans: Sequence[tuple[str, int, list[JournalRow]]]) -> tuple[list[Batch], list[SignedTx]]:
        """Plans batches for `plans` and signs them, journaled before any can be broadcast."""
        batches = self.journal.plan_batches("mint", [([r.line for r in batch_rows], kind, series)
                                                     for kind, series, batch_rows in plans])
        crash_point("planned")
        signed = self._sign(batches, [[r.wallet for r in batch_rows] for _, _, batch_rows in plans])
        self.journal.mark_signed([(b.id, tx.nonce, tx.gas, tx.hash, tx.raw) for b, tx in zip(batches, signed)])
        crash_point("journaled")
        return batches, signed

    def _plan(self, rows: Sequence[JournalRow]) -> list[tuple[str, int, list[JournalRow]]]:
        """Pending rows grouped by series into batches of the series' size: (kind, series id, rows)."""
        by_series: dict[tuple[str, int], list[JournalRow]] = {}
        for row in rows:
            by_series.setdefault((row.kind, row.series_id), []).append(row)
        plans = []
        for (kind, series_id), series_rows in by_series.items():
            size = self._batch_size(kind, series_id, series_rows)
            plans += [(kind, series_id, series_rows[i : i + size]) for i in range(0, len(series_rows), size)]
        return plans

    def _batch_size(self, kind: str, series_id: int, rows: Sequence[JournalRow]) -> int:
        if (kind, series_id) not in self._batch_sizes:
            wallets = [row.wallet for row in rows[:2]]
            self._batch_sizes[kind, series_id] = batch_size(self._sender, self.collection, kind, series_id, wallets, self.options)
        return self._batch_sizes[kind, series_id]

    def _sign(self, batches: Sequence[Batch], wallets: Sequence[Sequence[str]]) -> list[SignedTx]:
        calls = [mint_call(self.collection, b.kind or "", b.series_id or 0, recipients) for b, recipients in zip(batches, wallets)]
        limits = self._gas_limits([(b.kind or "", b.series_id or 0) for b in batches], calls, [len(w) for w in wallets])
        with self._sender.nonces.lock(self._sender.address):
            return self._sender.sign(calls, gas_limits=limits)

    def _gas_limits(self, series: Sequence[tuple[str, int]], calls: Sequence[ContractCall], sizes: Sequence[int]) -> list[int]:
        """Each batch's gas limit: the estimate of its series' largest batch, made once per series
        (not once per batch length). A shorter batch needs less gas, and gas not used is not paid."""
        for index in sorted(range(len(calls)), key=lambda i: -sizes[i]):
            known = self._series_gas.get(series[index])
            if known is None or sizes[index] > known[0]:
                self._series_gas[series[index]] = (sizes[index], self._sender.estimate(calls[index]))
        return [self._series_gas[key][1] for key in series]

    @_collector_paused()
    def _settle(self, batches: Sequence[Batch], signed: Sequence[SignedTx], receipts: Sequence[Receipt]) -> None:
        """Records mined batches: their tokens (in one journal write), or why each failed."""
        mined = list(zip(batches, signed, receipts))
        self.journal.confirm_mints(
            [(b.id, r.tx_hash, r.block_number, {m.recipient: m.token_id for m in mints_in(r.rpc_logs, self.collection.address)})
             for b, _, r in mined if r.status == 1]
        )
        crash_point("confirmed")
        stops: list[CollectiblesError] = []
        for batch, tx, receipt in mined:
            if receipt.status != 1:
                try:
                    self._refused(batch, self._sender.failure(tx, receipt))
                except CollectiblesError as stop:
                    stops.append(stop)  # every reverted batch is released before the campaign stops
        if stops:
            raise stops[0]

    def _drop_unsent(self, batches: Sequence[Batch]) -> None:
        """Ends signed batches this process never broadcast: no transaction of theirs exists."""
        for batch in batches:
            self.journal.release_batch(batch.id, "dropped", "not sent: a batch before it reverted")
        self._sender.nonces.resync(self._sender.address)

    def _refused(self, batch: Batch, error: CollectiblesError) -> None:
        """A batch that minted nothing: retry its rows, fail a row the chain refuses, or stop."""
        self.journal.release_batch(batch.id, "failed", str(error))
        if isinstance(error, AccountNotVerified):
            culprits = [r.line for r in self.journal.rows("pending") if r.wallet == error.account]
            self.journal.fail_rows(culprits, str(error))
            return
        if isinstance(error, NodeError):
            self._sender.nonces.resync(self._sender.address)
            if isinstance(error, OutOfGas):
                self._series_gas.pop((batch.kind or "", batch.series_id or 0), None)
                return  # the gas caches were dropped: the rows go again with a fresh estimate
            raise error
        raise CampaignError(f"the campaign stopped: {error}; fix the cause and resume") from error

    # ------------------------------------------------------------------------------- reporting

    def status(self) -> dict[str, Any]:
        """Counts per row state and per batch state, the rows validation skipped, and the journal's metadata."""
        return _status(self.journal)

    @staticmethod
    def read_status(journal_path: str | Path) -> dict[str, Any]:
        """:meth:`status` of the campaign journaled at `journal_path`, from the journal alone (no chain)."""
        journal = Journal(journal_path)
        try:
            return _status(journal)
        finally:
            journal.close()

    @_collector_paused()
    def write_report(self, path: str | Path | None = None) -> Path:
        """Writes the report CSV: customer, wallet, target, token id, serial, tx hash, block, status.

        A box's serial is "box N" until its drop is revealed, then also the serial it revealed
        ("box 7: #3/10 of edition 5"): write the report again after the reveal to show them.
        """
        target = self._report_path(path)
        rows = self.journal.rows()
        drops = {row.series_id for row in rows if row.kind == "drop" and row.token_id is not None}
        shown = {drop for drop in drops if self.collection.drop(drop).phase == "revealed"}
        boxes = [row.token_id for row in rows if row.kind == "drop" and row.series_id in shown and row.token_id is not None]
        serials = self.collection._read_many("serialOf", [(box,) for box in boxes]) if boxes else []
        revealed = {box: serial for box, serial in zip(boxes, serials) if not isinstance(serial, ContractError)}
        write_report(target, rows, lambda row: self._serial_label(row, revealed), self.journal.skipped())
        return target

    def _report_path(self, path: str | Path | None) -> Path:
        return Path(path) if path is not None else self.journal.path.with_suffix(".report.csv")

    def _serial_label(self, row: JournalRow, revealed: dict[int, tuple[int, int, int]]) -> str:
        if row.token_id is None:
            return ""
        series, number = series_of(row.token_id), number_of(row.token_id)
        if row.kind == "drop":
            if row.token_id not in revealed:
                return f"box {number}"
            edition, serial, max_supply = revealed[row.token_id]
            return f"box {number}: #{serial}/{max_supply} of edition {edition}"
        if series not in self._max_supply:
            self._max_supply[series] = self.collection.edition(series).max_supply
        return f"#{number}/{self._max_supply[series]}"

    def _progress(self, progress: Progress | None, total: int) -> None:
        if progress:
            counts = self.journal.counts()
            progress(counts.get("confirmed", 0) + counts.get("failed", 0), total)

    def _result(self, started: float, sent: int, path: Path | None, planned: ValidationReport | None = None) -> CampaignResult:
        if planned is not None:
            skipped = len(planned.invalid_lines)
            return CampaignResult(len(planned.rows), 0, 0, len(planned.rows), 0, time.monotonic() - started, None, skipped)
        counts = self.journal.counts()
        total = sum(counts.values())
        return CampaignResult(
            total, counts.get("confirmed", 0), counts.get("failed", 0),
            counts.get("pending", 0) + counts.get("planned", 0), sent, time.monotonic() - started, path,
            len(self.journal.skipped()),
        )


def _first_block(collection: Collection) -> str:
    """The hash of the chain's block 1: two chains of one id (Anvil and Ganache, or a chain reset
    since) differ here, while a node restarted from its own state keeps it. Not the genesis block:
    Anvil derives it again from the options it starts with (a base fee, say) and so may change it."""
    return "0x" + bytes(collection.client.node.block(1)["hash"]).hex()


def _status(journal: Journal) -> dict[str, Any]:
    batches = Counter(b.state for b in journal.batches(purpose="mint"))
    meta: dict[str, Any] = journal.meta()  # stored as text: numbers and the floors come back typed
    for key in ("chain_id", "start_block", "created_at"):
        if key in meta:
            meta[key] = int(meta[key])
    if "series_floor" in meta:
        meta["series_floor"] = json.loads(meta["series_floor"])
    return {"rows": journal.counts(), "batches": dict(batches), "skipped": len(journal.skipped()), **meta}


def batch_size(sender: Sender, collection: Collection, kind: str, series_id: int, wallets: Sequence[str],
               options: CampaignOptions) -> int:
    """Recipients per mint transaction within `options.gas_budget`, from two gas estimates (one and
    two of `wallets`): the per-recipient cost and the fixed cost of a transaction."""
    if len(wallets) < 2:
        return 1
    one = sender.estimate(mint_call(collection, kind, series_id, wallets[:1]))
    two = sender.estimate(mint_call(collection, kind, series_id, wallets[:2]))
    per_recipient = max(two - one, 1)
    fits = (options.gas_budget - (one - per_recipient)) // per_recipient
    return max(1, min(options.max_batch, fits))
