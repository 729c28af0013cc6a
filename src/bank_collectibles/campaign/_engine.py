"""The campaign engine: every row of a CSV gets exactly one token, whatever crashes on the way.

A run validates, onboards KYC where rows ask for it, then mints in batches sized by a gas
budget: a window of batches is signed, committed to the journal, broadcast in one JSON-RPC batch,
and confirmed from the receipts. Resuming reconciles the journal with the chain first:

1. The chain's mint events since the campaign began are authoritative: a row whose wallet
   received a token of its series in one of the campaign's own transactions is confirmed, with
   that token, whatever the journal said (a node that lost blocks, a crash before the journal
   write).
2. KYC approvals the rows ask for are checked against the chain's records, not the journal (a
   node that lost blocks lost approvals too), and sent again where missing.
3. A signed batch without mint events is still *live* if its nonce is unused on chain: the same
   signed transaction is broadcast again (never a new one), after filling any nonce gap with
   empty transactions. If its nonce went to another transaction, it can never be mined, and its
   rows are planned again.

Only one process may run a campaign at a time (a lock next to the journal).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._collection_queries import number_of, series_of
from .._addresses import checksum
from .._rpc import Receipt
from .._sending import ContractCall, Sender, SignedTx
from ..collection import TRANSFER_TOPIC, Collection
from ..errors import AccountNotVerified, CollectiblesError, ContractError, InvalidInput, NodeError, OutOfGas
from ..registry import Registry, role_id
from ..signers import Signer, tx_hash
from ._csv import CsvFormatError, Row, RowError, parse_rows, read_text
from ._journal import Batch, Journal, JournalRow
from ._report import write_report
from ._validate import ValidationReport, validate_rows

Progress = Callable[[int, int], None]
KYC_BATCH = 200
ZERO_TOPIC = b"\x00" * 32


class CampaignError(CollectiblesError):
    """A campaign cannot start or go on; the message says why and what to do."""


class CampaignInvalid(CampaignError):
    """Validation found problems; nothing was sent. `report.errors` lists them per row."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(
            f"{len(report.errors)} problem(s) in the campaign file, nothing was sent: fix the rows "
            "(see the error report) or run with skip_invalid to mint only the valid rows"
        )


@dataclass(frozen=True)
class CampaignOptions:
    """How a campaign runs.

    Attributes:
        gas_budget: Gas per mint transaction; sets the batch size (with `max_batch`).
        max_batch: Recipients per transaction at most.
        window: Transactions signed, journaled and broadcast together.
        allow_contract_wallets: Accept wallets that are contracts.
        skip_invalid: Mint the valid rows when some are invalid (they go to the report as skipped).
    """

    gas_budget: int = 12_000_000
    max_batch: int = 500
    window: int = 8
    allow_contract_wallets: bool = False
    skip_invalid: bool = False

    def __post_init__(self) -> None:
        for name, low in (("gas_budget", 100_000), ("max_batch", 1), ("window", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InvalidInput(f"campaign option {name} must be an integer of at least {low}, not {value!r}")


@dataclass(frozen=True)
class CampaignResult:
    total: int
    confirmed: int
    failed: int
    pending: int
    transactions: int
    seconds: float
    report_path: Path | None

    @property
    def complete(self) -> bool:
        return self.confirmed + self.failed == self.total


class Campaign:
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
            CampaignError: No CSV for a new campaign; a CSV different from the journal's; a journal
                of another chain, collection or minter.
        """
        journal = Journal(journal_path)
        meta = journal.meta()
        csv = Path(csv_path) if csv_path is not None else None
        if meta:
            checks = {"chain_id": str(collection.client.chain_id), "collection": collection.address}
            if minter is not None:
                checks["minter"] = minter.address
            if csv is not None:
                checks["csv_sha256"] = hashlib.sha256(csv.read_bytes()).hexdigest()
            for key, value in checks.items():
                if meta.get(key) != value:
                    journal.close()
                    raise CampaignError(
                        f"the journal {journal_path} belongs to another {key.replace('_', ' ')} "
                        f"({meta.get(key)}, not {value}): use a new journal file for a new campaign"
                    )
        elif csv is None:
            journal.close()
            raise CampaignError(f"no campaign journal at {journal_path}: start the campaign with its CSV file")
        return cls(collection, journal, minter, kyc_officer, options or CampaignOptions(), csv)

    def close(self) -> None:
        self.journal.close()

    # ------------------------------------------------------------------------------ validation

    def validate(self) -> ValidationReport:
        """Checks the CSV (or, on resume, the journal's open rows) against the chain; sends nothing.

        Raises:
            CampaignError: The file cannot be read as a whole (encoding, header).
        """
        if self.csv_path is None or not self.journal.is_new:
            return self._revalidate()
        try:
            parsed = parse_rows(read_text(self.csv_path), time.time())
        except (CsvFormatError, OSError) as error:
            raise CampaignError(str(error)) from None
        if not parsed.rows and not parsed.errors:
            raise CampaignError(f"{self.csv_path} has a header but no rows: nothing to mint")
        report = validate_rows(
            parsed.rows,
            parsed.errors,
            self.collection,
            self.registry,
            allow_contract_wallets=self.options.allow_contract_wallets,
            can_approve_kyc=self.kyc_officer is not None,
        )
        report.errors[:0] = self._campaign_problems()
        return report

    def _campaign_problems(self) -> list[RowError]:
        """What would stop every row: the minter's role, a paused collection (line 0 of the report)."""
        problems = []
        if self.minter is None:
            problems.append(RowError(0, "", "minter", "no minter signer: open the campaign with its minter"))
        elif not self.collection._read("hasRole", role_id("MINTER_ROLE"), self.minter.address):
            problems.append(RowError(0, "", "minter", f"{self.minter.address} lacks MINTER_ROLE on the collection: grant it first"))
        if self.collection.paused():
            problems.append(RowError(0, "", "collection", "the collection is paused: unpause it first"))
        return problems

    def _revalidate(self) -> ValidationReport:
        """On resume: the journal's rows are already validated; report what is left."""
        report = ValidationReport()
        for row in self.journal.rows():
            if row.state in ("pending", "planned"):
                from ._csv import Target

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
            CampaignInvalid: Validation failed (nothing sent).
            CampaignError: Another process runs this campaign; a batch failed for a reason that
                stops the campaign (supply, pause, role); the journal keeps the progress.
            NodeError: The node went away; resume once it is back.
        """
        if self._sender is None:
            raise CampaignError("this campaign was opened read-only: open it with its minter to run it")
        started = time.monotonic()
        with self._lock():
            if self.journal.is_new:
                report = self.validate()
                if report.errors and not (self.options.skip_invalid and report.rows):
                    raise CampaignInvalid(report)
                if dry_run:
                    return self._result(started, 0, None, planned=report)
                self._start(report)
            elif dry_run:
                return self._result(started, 0, None)
            self._reconcile_with_events()
            sent = self._onboard_kyc()
            sent += self._resend_live()
            sent += self._mint_all(progress)
            path = self.write_report(report_path)
        return self._result(started, sent, path)

    def _start(self, report: ValidationReport) -> None:
        assert self.csv_path is not None
        self.journal.set_meta(
            {
                "chain_id": self.client.chain_id,
                "collection": self.collection.address,
                "minter": self.minter.address,
                "csv_sha256": hashlib.sha256(self.csv_path.read_bytes()).hexdigest(),
                "csv_path": str(self.csv_path),
                "start_block": self.client.node.block_number(),
                "created_at": int(time.time()),
                "skipped": len(report.invalid_lines),
            }
        )
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
                raise CampaignError(f"another process is running this campaign ({path} is locked)") from None
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield

    # ------------------------------------------------------------------------------------ KYC

    def _onboard_kyc(self) -> int:
        """Approves KYC for the rows that ask for it and whose record on chain falls short (idempotent)."""
        todo = [r for r in self.journal.rows() if r.kyc_expires_at is not None and r.state != "confirmed"]
        if not todo:
            return 0
        if self.kyc_officer is None:
            raise CampaignError("rows ask for KYC approval: open the campaign with a KYC officer signer")
        records = {r.wallet: k["expiresAt"] for r, k in zip(todo, self.registry._read_many("kycOf", [(r.wallet,) for r in todo]))}
        need = [r for r in todo if records[r.wallet] < (r.kyc_expires_at or 0)]
        done_already = [r.line for r in todo if r not in need]
        sent = 0
        for start in range(0, len(need), KYC_BATCH):
            chunk = need[start : start + KYC_BATCH]
            batch_id = self.journal.plan_batch("kyc", [r.line for r in chunk])
            receipt = self.registry._send(
                "approveKyc", [r.wallet for r in chunk], [r.kyc_expires_at for r in chunk], [1] * len(chunk)
            )
            self.journal.confirm_kyc(batch_id, receipt.block_number)
            _crash_point("kyc")
            sent += 1
        if done_already:
            batch_id = self.journal.plan_batch("kyc", done_already)
            self.journal.confirm_kyc(batch_id, 0)
        return sent

    # ---------------------------------------------------------------------------------- minting

    def _mint_all(self, progress: Progress | None) -> int:
        total = len(self.journal.rows())
        counts = self.journal.counts()
        done = counts.get("confirmed", 0) + counts.get("failed", 0)
        if progress:
            progress(done, total)
        sent = 0
        while pending := self.journal.rows("pending"):
            window = self._plan_window(pending)
            _crash_point("planned")
            signed = self._sign(window)
            self.journal.mark_signed([(b.id, tx.nonce, tx.gas, tx.hash, tx.raw) for b, tx in zip(window, signed)])
            _crash_point("journaled")
            outcomes = self._sender.broadcast_many(signed)
            _crash_point("broadcast")
            refused = [(b, o) for b, o in zip(window, outcomes) if o is not None]
            if refused:
                # Later nonces cannot be mined past a refused one: reconciliation fills the gap.
                for batch, error in refused:
                    self._refused(batch, error)
                sent += self._resend_live()
            else:
                for batch, tx, receipt in zip(window, signed, self._sender.wait(signed)):
                    self._settle(batch, tx, receipt)
                sent += len(signed)
            if progress:
                counts = self.journal.counts()
                progress(counts.get("confirmed", 0) + counts.get("failed", 0), total)
        return sent

    def _plan_window(self, pending: Sequence[JournalRow]) -> list[Batch]:
        """Groups pending rows by series into batches (up to `window` of them) and journals the plan."""
        batch_ids = []
        by_series: dict[tuple[str, int], list[JournalRow]] = {}
        for row in pending:
            by_series.setdefault((row.kind, row.series_id), []).append(row)
        for (kind, series_id), rows in by_series.items():
            size = self._batch_size(kind, series_id, rows)
            for start in range(0, len(rows), size):
                if len(batch_ids) == self.options.window:
                    break
                chunk = rows[start : start + size]
                batch_ids.append(self.journal.plan_batch("mint", [r.line for r in chunk], kind, series_id))
        wanted = set(batch_ids)
        return [b for b in self.journal.batches("planned", purpose="mint") if b.id in wanted]

    def _batch_size(self, kind: str, series_id: int, rows: Sequence[JournalRow]) -> int:
        if (kind, series_id) not in self._batch_sizes:
            wallets = [row.wallet for row in rows[:2]]
            self._batch_sizes[kind, series_id] = batch_size(self._sender, self.collection, kind, series_id, wallets, self.options)
        return self._batch_sizes[kind, series_id]

    def _sign(self, batches: Sequence[Batch]) -> list[SignedTx]:
        calls = []
        for batch in batches:
            rows = self.journal.batch_rows(batch)
            function = "mintBatch" if batch.kind == "edition" else "mintBoxes"
            calls.append(self.collection.mint_call(function, batch.series_id, [r.wallet for r in rows]))
        with self._sender.nonces.lock(self._sender.address):
            return self._sender.sign(calls)

    def _settle(self, batch: Batch, tx: SignedTx, receipt: Receipt) -> None:
        """Records a mined batch: its tokens, or why it failed."""
        if receipt.status == 1:
            tokens = self._minted(receipt.logs)
            self.journal.confirm_mint(batch.id, receipt.tx_hash, receipt.block_number, tokens)
            _crash_point("confirmed")
            return
        self._refused(batch, self._sender.failure(tx, receipt))

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
                return  # the gas cache was dropped: the rows go again with a fresh estimate
            raise error
        raise CampaignError(f"the campaign stopped: {error}; fix the cause and resume") from error

    def _minted(self, logs: Sequence[Any]) -> dict[str, int]:
        """Wallet -> token id of this collection's mints among `logs`."""
        return {
            checksum("0x" + log.topics[2][12:].hex()): int.from_bytes(log.topics[3], "big")
            for log in logs
            if log.address == self.collection.address and len(log.topics) == 4
            and log.topics[0] == TRANSFER_TOPIC and log.topics[1] == ZERO_TOPIC
        }

    # ------------------------------------------------------------------------------ reconcile

    def _reconcile_with_events(self) -> None:
        """Step 1 of a resume (see the module doc): the chain's mint events decide which batches minted.

        Batches planned but never signed (a crash in between) are released first: nothing of
        theirs can exist on chain.
        """
        for batch in self.journal.batches("planned"):
            self.journal.release_batch(batch.id, "abandoned", "planned, never signed")
        mints = self._mints_on_chain()
        ours = {b.tx_hash: b for b in self.journal.batches("signed", "confirmed", purpose="mint") if b.tx_hash}
        for batch in list(ours.values()):
            if batch.tx_hash in mints:
                block, tokens = mints[batch.tx_hash]
                if batch.state != "confirmed" or self._journal_disagrees(batch, tokens):
                    self.journal.reopen_batch(batch.id)
                    self.journal.confirm_mint(batch.id, batch.tx_hash, block, tokens)
            elif batch.state == "confirmed":
                self.journal.reopen_batch(batch.id)  # the node lost it

    def _resend_live(self) -> int:
        """Step 3 of a resume: signed batches without events are sent again (the same transactions)
        while their nonces are free, and planned again once their nonces went elsewhere."""
        unsettled = sorted(self.journal.batches("signed", purpose="mint"), key=lambda b: b.nonce or 0)
        if not unsettled:
            return 0
        chain_nonce = self.client.node.nonce(self.minter.address, "latest")
        live = [b for b in unsettled if (b.nonce or 0) >= chain_nonce]
        for batch in unsettled:
            if batch not in live:
                self.journal.release_batch(batch.id, "dropped", "its nonce was used by another transaction")
        if not live:
            return 0
        signed = [SignedTx(ContractCall(self.collection.address, b"", ("mint", b.series_id), "mint"), self.minter.address,
                           b.nonce or 0, b.gas or 0, b.raw or b"", b.tx_hash or "") for b in live]
        fillers = self._fill_gaps(chain_nonce, [tx.nonce for tx in signed])
        self._sender.broadcast_many(fillers + signed, resend=True)
        receipts = self._sender.wait(fillers + signed)[len(fillers):]
        for batch, tx, receipt in zip(live, signed, receipts):
            self._settle(batch, tx, receipt)
        self._sender.nonces.resync(self.minter.address)
        return len(fillers) + len(live)

    def _journal_disagrees(self, batch: Batch, tokens: dict[str, int]) -> bool:
        return any(row.token_id != tokens.get(row.wallet) for row in self.journal.batch_rows(batch))

    def _mints_on_chain(self) -> dict[str, tuple[int, dict[str, int]]]:
        """Tx hash -> (block, wallet -> token id) of the collection's mints since the campaign began."""
        start = int(self.journal.meta().get("start_block", 0))
        logs = self.client.node.logs(
            {"address": self.collection.address, "fromBlock": start, "toBlock": "latest",
             "topics": ["0x" + TRANSFER_TOPIC.hex(), "0x" + ZERO_TOPIC.hex()]}
        )
        mints: dict[str, tuple[int, dict[str, int]]] = {}
        for tx, block, tokens in ((log.tx_hash, log.block_number, self._minted([log])) for log in logs):
            mints.setdefault(tx, (block, {}))[1].update(tokens)
        return mints

    def _fill_gaps(self, chain_nonce: int, nonces: Sequence[int]) -> list[SignedTx]:
        """Empty self-transfers for the nonces between the chain's and our first live transaction."""
        missing = sorted(set(range(chain_nonce, max(nonces))) - set(nonces))
        fees = self.client.fees.quote().fields
        fillers = []
        for nonce in missing:
            tx = {"chainId": self.client.chain_id, "nonce": nonce, "to": self.minter.address, "value": 0, "gas": 21_000, **fees}
            raw = self.minter.sign_transaction(tx)
            call = ContractCall(self.minter.address, b"", "filler", "nonce gap filler")
            fillers.append(SignedTx(call, self.minter.address, nonce, 21_000, raw, tx_hash(raw)))
        return fillers

    # ------------------------------------------------------------------------------- reporting

    def audit(self) -> dict[str, Any]:
        """Compares the journal with the chain's mint events: which rows the chain confirms."""
        ours = {b.tx_hash for b in self.journal.batches("confirmed", purpose="mint")}
        minted: Counter[str] = Counter()
        on_chain: dict[str, int] = {}
        for tx, (_, tokens) in self._mints_on_chain().items():
            if tx in ours:
                minted.update(tokens.keys())
                on_chain.update(tokens)
        rows = self.journal.rows()
        confirmed = [r for r in rows if r.state == "confirmed"]
        return {
            "rows": len(rows),
            "confirmed": len(confirmed),
            "chain_agrees": sum(1 for r in confirmed if on_chain.get(r.wallet) == r.token_id),
            "wallets_minted_twice": sorted(w for w, n in minted.items() if n > 1),
        }

    def status(self) -> dict[str, Any]:
        """Counts per row state and per batch state, and the journal's metadata."""
        batches = Counter(b.state for b in self.journal.batches(purpose="mint"))
        return {"rows": self.journal.counts(), "batches": dict(batches), **self.journal.meta()}

    def write_report(self, path: str | Path | None = None) -> Path:
        """Writes the report CSV: customer, wallet, target, token id, serial, tx hash, block, status."""
        target = Path(path) if path is not None else self.journal.path.with_suffix(".report.csv")
        write_report(target, self.journal.rows(), self._serial_label)
        return target

    def _serial_label(self, row: JournalRow) -> str:
        if row.token_id is None:
            return ""
        series, number = series_of(row.token_id), number_of(row.token_id)
        if row.kind == "drop":
            return f"box {number}"
        if series not in self._max_supply:
            self._max_supply[series] = self.collection.edition(series).max_supply
        return f"#{number}/{self._max_supply[series]}"

    def _result(self, started: float, sent: int, path: Path | None, planned: ValidationReport | None = None) -> CampaignResult:
        if planned is not None:
            return CampaignResult(len(planned.rows), 0, 0, len(planned.rows), 0, time.monotonic() - started, None)
        counts = self.journal.counts()
        total = sum(counts.values())
        return CampaignResult(
            total, counts.get("confirmed", 0), counts.get("failed", 0),
            counts.get("pending", 0) + counts.get("planned", 0), sent, time.monotonic() - started, path,
        )


def batch_size(sender: Sender, collection: Collection, kind: str, series_id: int, wallets: Sequence[str],
               options: CampaignOptions) -> int:
    """Recipients per mint transaction within `options.gas_budget`, from two gas estimates (one and
    two of `wallets`): the per-recipient cost and the fixed cost of a transaction."""
    if len(wallets) < 2:
        return 1
    function = "mintBatch" if kind == "edition" else "mintBoxes"
    one = sender.estimate(collection.mint_call(function, series_id, wallets[:1]))
    two = sender.estimate(collection.mint_call(function, series_id, wallets[:2]))
    per_recipient = max(two - one, 1)
    fits = (options.gas_budget - (one - per_recipient)) // per_recipient
    return max(1, min(options.max_batch, fits))


def _crash_point(name: str) -> None:
    """Fault injection for the crash tests: `BANK_COLLECTIBLES_CRASH_AT=<point>:<n>` kills the
    process with SIGKILL the n-th time it reaches `point`. Unset in normal use: one dict lookup."""
    spec = os.environ.get("BANK_COLLECTIBLES_CRASH_AT")
    if not spec:
        return
    point, _, count = spec.partition(":")
    if point != name:
        return
    _crash_counts[name] = _crash_counts.get(name, 0) + 1
    if _crash_counts[name] >= int(count or 1):
        os.kill(os.getpid(), 9)


_crash_counts: dict[str, int] = {}
