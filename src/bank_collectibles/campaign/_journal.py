"""The campaign journal: one SQLite file per campaign recording each row's and batch's state.

The rule that makes a crash harmless: a batch's signed transaction is committed to the journal
before it is broadcast. After a crash every transaction that may exist on chain is therefore in
the journal, with its hash (to look for its receipt) and its nonce (to know whether it can still
be mined). Nothing is ever re-signed while an older signed transaction for the same rows could
still land.

Rows that validation left out (``skip_invalid``) are kept apart, with their errors, for the report.
Row states: ``pending`` (not in a live batch) -> ``planned`` (in a batch) -> ``confirmed`` (the
chain shows its token) or ``failed`` (a row-specific refusal, e.g. KYC revoked meanwhile).
Batch states: ``planned`` -> ``signed`` (raw transaction stored, maybe broadcast) ->
``confirmed`` | ``failed`` (mined and reverted) | ``dropped`` (can never be mined: its nonce
went to another transaction, or it was never broadcast because a batch before it reverted); a
batch planned but never signed before a crash is ``abandoned``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ._errors import CampaignJournalError

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (
    line INTEGER PRIMARY KEY,
    customer TEXT NOT NULL UNIQUE,
    wallet TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    series_id INTEGER NOT NULL,
    kyc_expires_at INTEGER,
    kyc_done INTEGER NOT NULL DEFAULT 0,
    kyc_batch_id INTEGER,
    state TEXT NOT NULL DEFAULT 'pending',
    batch_id INTEGER,
    token_id TEXT,
    tx_hash TEXT,
    block INTEGER,
    error TEXT
);
-- No index on rows.state: every row changes state twice, and a scan of the rows by state
-- costs less than keeping such an index (a fifth of the journal's writes).
DROP INDEX IF EXISTS rows_by_state;
CREATE INDEX IF NOT EXISTS rows_by_batch ON rows (batch_id);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    purpose TEXT NOT NULL,
    kind TEXT,
    series_id INTEGER,
    state TEXT NOT NULL,
    nonce INTEGER,
    gas INTEGER,
    tx_hash TEXT,
    raw BLOB,
    block INTEGER,
    error TEXT,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS batches_by_state ON batches (state);
CREATE TABLE IF NOT EXISTS skipped (
    line INTEGER PRIMARY KEY,
    customer TEXT NOT NULL,
    wallet TEXT NOT NULL DEFAULT '',  -- as written in the file: it may not be an address
    target TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL
);
"""


ROW_COLUMNS = "line, customer, wallet, kind, series_id, kyc_expires_at, kyc_done, state, batch_id, token_id, tx_hash, block, error"


class JournalRow(NamedTuple):  # a tuple: ten thousand of them are read several times per campaign
    line: int
    customer: str
    wallet: str
    kind: str
    series_id: int
    kyc_expires_at: int | None
    kyc_done: bool
    state: str
    batch_id: int | None
    token_id: int | None
    tx_hash: str | None
    block: int | None
    error: str | None


@dataclass(frozen=True)
class Batch:
    id: int
    purpose: str  # "kyc" or "mint"
    kind: str | None  # "edition" or "drop" for mints
    series_id: int | None
    state: str
    nonce: int | None
    gas: int | None
    tx_hash: str | None
    raw: bytes | None
    block: int | None
    error: str | None


class Journal:
    """A campaign's durable state. Every public method commits before it returns."""

    def __init__(self, path: str | Path) -> None:
        """Opens the journal at `path`, creating it (and its folder) if there is none.

        Raises:
            CampaignJournalError: `path` cannot be opened or created, or is another kind of file
                (a database of something else is never taken over).
        """
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise CampaignJournalError(f"cannot open or create the journal {self.path}: {error}") from None
        try:
            tables = {name for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and not {"meta", "rows", "batches"} <= tables:
                raise CampaignJournalError(f"{self.path} is a database of something else, not a campaign journal: "
                                           "choose another --journal path")
            self._db.row_factory = sqlite3.Row
            # WAL with synchronous=FULL: a commit survives a crash of the process or of the machine.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
            skipped_columns = {row["name"] for row in self._db.execute("PRAGMA table_info(skipped)")}
            for column in ("wallet", "target"):  # a journal written before the report showed them
                if column not in skipped_columns:
                    self._db.execute(f"ALTER TABLE skipped ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
        except sqlite3.Error as error:
            self._db.close()
            raise CampaignJournalError(f"{self.path} is not a campaign journal ({error}): choose another path") from None
        except CampaignJournalError:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One SQLite transaction. Inside another, it joins it: the outer one commits (or rolls
        back) everything, so several writes can land together or not at all."""
        if self._db.in_transaction:
            yield self._db
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # ------------------------------------------------------------------------------------ meta

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self._db.execute("SELECT key, value FROM meta")}

    def set_meta(self, values: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in values.items()])

    @property
    def is_new(self) -> bool:
        return not self.meta()

    # ------------------------------------------------------------------------------------ rows

    def add_rows(self, rows: Iterable[tuple[int, str, str, str, int, int | None]]) -> None:
        """Adds `(line, customer, wallet, kind, series_id, kyc_expires_at)` rows as pending."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO rows (line, customer, wallet, kind, series_id, kyc_expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    def add_skipped(self, rows: Iterable[tuple[int, str, str, str, str]]) -> None:
        """Records `(line, customer, wallet, target, error)` of the CSV rows left out by validation
        (skip_invalid), wallet and target as the file spells them."""
        with self.transaction() as db:
            db.executemany("INSERT INTO skipped (line, customer, wallet, target, error) VALUES (?, ?, ?, ?, ?)", rows)

    def skipped(self) -> list[tuple[int, str, str, str, str]]:
        """The rows left out by validation: `(line, customer, wallet, target, error)`, in file order."""
        query = "SELECT line, customer, wallet, target, error FROM skipped ORDER BY line"
        return [tuple(r) for r in self._db.execute(query)]

    def rows_asking_kyc(self) -> list[JournalRow]:
        """Rows that carry a KYC expiry and have no token yet."""
        query = f"SELECT {ROW_COLUMNS} FROM rows WHERE kyc_expires_at IS NOT NULL AND state != 'confirmed' ORDER BY line"
        return [_row(r) for r in self._db.execute(query)]

    def rows(self, state: str | None = None, batch_id: int | None = None) -> list[JournalRow]:
        query, args = f"SELECT {ROW_COLUMNS} FROM rows", []
        clauses = []
        if state is not None:
            clauses.append("state = ?")
            args.append(state)
        if batch_id is not None:
            clauses.append("batch_id = ?")
            args.append(batch_id)
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        return [_row(r) for r in self._db.execute(query + " ORDER BY line", args)]

    def counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self._db.execute("SELECT state, COUNT(*) FROM rows GROUP BY state")}

    # --------------------------------------------------------------------------------- batches

    def plan_batch(self, purpose: str, lines: Sequence[int], kind: str | None = None, series_id: int | None = None) -> int:
        """Puts pending rows `lines` into a new planned batch and returns its id."""
        return self.plan_batches(purpose, [(lines, kind, series_id)])[0].id

    def plan_batches(self, purpose: str, plans: Sequence[tuple[Sequence[int], str | None, int | None]]) -> list[Batch]:
        """Puts each plan's pending rows (`lines`, kind, series id) into a new planned batch."""
        batches = []
        with self.transaction() as db:
            for lines, kind, series_id in plans:
                cursor = db.execute(
                    "INSERT INTO batches (purpose, kind, series_id, state, updated_at) VALUES (?, ?, ?, 'planned', ?)",
                    (purpose, kind, series_id, time.time()),
                )
                batch_id = int(cursor.lastrowid or 0)
                if purpose == "mint":
                    query = "UPDATE rows SET state = 'planned', batch_id = ? WHERE line = ? AND state = 'pending'"
                else:
                    query = "UPDATE rows SET kyc_batch_id = ? WHERE line = ? AND kyc_done = 0"
                db.executemany(query, [(batch_id, line) for line in lines])
                batches.append(Batch(batch_id, purpose, kind, series_id, "planned", None, None, None, None, None, None))
        return batches

    def batch_rows(self, batch: Batch) -> list[JournalRow]:
        column = "kyc_batch_id" if batch.purpose == "kyc" else "batch_id"
        return [_row(r) for r in self._db.execute(f"SELECT {ROW_COLUMNS} FROM rows WHERE {column} = ? ORDER BY line", (batch.id,))]

    def mark_signed(self, signed: Sequence[tuple[int, int, int, str, bytes]]) -> None:
        """Stores `(batch_id, nonce, gas, tx_hash, raw)` for batches about to be broadcast."""
        now = time.time()
        with self.transaction() as db:
            db.executemany(
                "UPDATE batches SET state = 'signed', nonce = ?, gas = ?, tx_hash = ?, raw = ?, updated_at = ? WHERE id = ?",
                [(nonce, gas, tx_hash, raw, now, batch_id) for batch_id, nonce, gas, tx_hash, raw in signed],
            )

    def batches(self, *states: str, purpose: str | None = None) -> list[Batch]:
        query, args = "SELECT * FROM batches", list(states)
        clauses = []
        if states:
            clauses.append(f"state IN ({','.join('?' * len(states))})")
        if purpose:
            clauses.append("purpose = ?")
            args.append(purpose)
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        return [_batch(r) for r in self._db.execute(query + " ORDER BY id", args)]

    def confirm_mint(self, batch_id: int, tx_hash: str, block: int, tokens: dict[str, int]) -> None:
        """Marks a mint batch confirmed and records each wallet's token."""
        self.confirm_mints([(batch_id, tx_hash, block, tokens)])

    def confirm_mints(self, mined: Sequence[tuple[int, str, int, dict[str, int]]]) -> None:
        """`confirm_mint` for each `(batch_id, tx_hash, block, tokens)`, in one transaction."""
        now = time.time()
        with self.transaction() as db:
            db.executemany(
                "UPDATE batches SET state = 'confirmed', block = ?, updated_at = ? WHERE id = ?",
                [(block, now, batch_id) for batch_id, _, block, _ in mined],
            )
            db.executemany(
                "UPDATE rows SET state = 'confirmed', token_id = ?, tx_hash = ?, block = ?, error = NULL "
                "WHERE wallet = ? AND batch_id = ?",
                [(str(token), tx_hash, block, wallet, batch_id)
                 for batch_id, tx_hash, block, tokens in mined for wallet, token in tokens.items()],
            )

    def confirm_kyc(self, batch_id: int, block: int) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE batches SET state = 'confirmed', block = ?, updated_at = ? WHERE id = ?",
                (block, time.time(), batch_id),
            )
            db.execute("UPDATE rows SET kyc_done = 1 WHERE kyc_batch_id = ?", (batch_id,))

    def release_batch(self, batch_id: int, state: str, error: str | None = None) -> None:
        """Ends a batch that changed nothing (`failed` or `dropped`): its rows can be planned again."""
        with self.transaction() as db:
            db.execute(
                "UPDATE batches SET state = ?, error = ?, updated_at = ? WHERE id = ?",
                (state, error, time.time(), batch_id),
            )
            db.execute(
                "UPDATE rows SET state = 'pending', batch_id = NULL WHERE batch_id = ? AND state = 'planned'",
                (batch_id,),
            )
            db.execute("UPDATE rows SET kyc_batch_id = NULL WHERE kyc_batch_id = ? AND kyc_done = 0", (batch_id,))

    def fail_rows(self, lines: Sequence[int], error: str) -> None:
        with self.transaction() as db:
            db.executemany(
                "UPDATE rows SET state = 'failed', batch_id = NULL, error = ? WHERE line = ?",
                [(error, line) for line in lines],
            )

    def reopen_rows(self, lines: Sequence[int], reason: str) -> None:
        """Confirmed rows whose token the chain no longer shows (a node that lost blocks)."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE rows SET state = 'pending', batch_id = NULL, token_id = NULL, tx_hash = NULL, block = NULL, "
                "error = ? WHERE line = ?",
                [(reason, line) for line in lines],
            )

    def reopen_batch(self, batch_id: int) -> None:
        """A confirmed batch whose receipt the chain no longer has goes back to `signed`."""
        with self.transaction() as db:
            db.execute("UPDATE batches SET state = 'signed', block = NULL WHERE id = ?", (batch_id,))
            db.execute(
                "UPDATE rows SET state = 'planned', token_id = NULL, tx_hash = NULL, block = NULL "
                "WHERE batch_id = ? AND state = 'confirmed'",
                (batch_id,),
            )


def _row(r: sqlite3.Row) -> JournalRow:
    # By position, in `ROW_COLUMNS` order.
    line, customer, wallet, kind, series_id, kyc_expires_at, kyc_done, state, batch_id, token_id, tx_hash, block, error = r
    return JournalRow(line, customer, wallet, kind, series_id, kyc_expires_at, bool(kyc_done), state, batch_id,
                      None if token_id is None else int(token_id), tx_hash, block, error)


def _batch(r: sqlite3.Row) -> Batch:
    return Batch(
        id=r["id"],
        purpose=r["purpose"],
        kind=r["kind"],
        series_id=r["series_id"],
        state=r["state"],
        nonce=r["nonce"],
        gas=r["gas"],
        tx_hash=r["tx_hash"],
        raw=bytes(r["raw"]) if r["raw"] is not None else None,
        block=r["block"],
        error=r["error"],
    )
