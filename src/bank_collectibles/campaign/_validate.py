"""Checking a campaign's rows against the chain before anything is sent.

Everything that can make a row fail is found here, per row: an unknown edition or drop, a hidden
edition (only drops and redemption reach it), a drop that is not open, more rows than supply
left, an unverified customer (unless the row renews their KYC and no freeze holds), a contract
where the policy wants customer wallets, a wallet that already received a token of its target (a
campaign run before, under another journal, must not mint to it again unless the options allow
repeat recipients).
All reads are batched; the wallets are checked in bulk (`_precheck`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .._collection_queries import number_of, series_of
from ..collection import TRANSFER_TOPIC, Collection, Mint, mints_in
from ..errors import ContractError
from ..registry import Registry
from ._csv import REPEAT_RECIPIENT, Row, RowError, Target, parse_series_id
from ._precheck import bulk_check


@dataclass(frozen=True)
class Series:
    """A resolved campaign target."""

    kind: str  # "edition" or "drop"
    series_id: int
    name: str
    available: int  # serials or boxes left
    size: int  # the edition's supply or the drop's boxes


@dataclass
class ValidationReport:
    """The outcome of validation: the rows that can be minted and every problem found."""

    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    series: dict[str, Series] = field(default_factory=dict)  # target text -> series
    as_written: dict[int, tuple[str, str]] = field(default_factory=dict)  # line -> (wallet, target) of rows with errors

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def invalid_lines(self) -> set[int]:
        return {error.line for error in self.errors}


def resolve_targets(collection: Collection, targets: set[Target]) -> tuple[dict[Target, Series], dict[Target, str]]:
    """Each target's series, or why it has none. Targets naming the same series (``edition:2``,
    ``edition:02``, ``edition:Tiny``) share one `Series` object, read from the chain once."""
    by_name: dict[tuple[str, str], list[int]] | None = None
    by_id: dict[tuple[str, int], Series | str] = {}  # (kind, id) -> its series, or why it has none
    resolved: dict[Target, Series] = {}
    problems: dict[Target, str] = {}
    for target in sorted(targets, key=str):
        series_id, problem = parse_series_id(target.kind, target.key)
        if problem:
            problems[target] = problem
            continue
        if series_id is None:
            if by_name is None:
                by_name = _names(collection)
            named = by_name.get((target.kind, target.key), [])
            if len(named) != 1:
                problems[target] = (
                    f"{len(named)} {target.kind}s are named {target.key!r} (ids {', '.join(map(str, named))}): "
                    f"name one by its id, {target.kind}:<id>" if named else f"no {target.kind} named {target.key!r} in the collection"
                )
                continue
            series_id = named[0]
        key = (target.kind, series_id)
        if key not in by_id:
            by_id[key] = _series(collection, target.kind, series_id)
        found = by_id[key]
        if isinstance(found, Series):
            resolved[target] = found
        else:
            problems[target] = found
    return resolved, problems


def _series(collection: Collection, kind: str, series_id: int) -> Series | str:
    """Edition or drop `series_id` as a campaign target, or why it cannot be one."""
    try:
        if kind == "edition":
            edition = collection.edition(series_id)
            if edition.kind != "limited":
                return f"edition {series_id} is hidden: it is reached only by drops and set redemption"
            return Series("edition", series_id, edition.name, edition.remaining, edition.max_supply)
        drop = collection.drop(series_id)
        if drop.phase != "open":
            return f"drop {series_id} is {drop.phase}, not open: boxes can be minted only while it is open"
        return Series("drop", series_id, drop.name, drop.box_count - drop.minted, drop.box_count)
    except ContractError:
        return f"unknown {kind} {series_id}"


def _names(collection: Collection) -> dict[tuple[str, str], list[int]]:
    """(kind, name) -> the ids of that name: the client refuses a second edition or drop of a name, but other
    tools (or older collections) may have made one, and a target naming several is ambiguous."""
    names: dict[tuple[str, str], list[int]] = {}
    for _, args in collection._logs("EditionCreated"):
        names.setdefault(("edition", args["name"].strip()), []).append(args["editionId"])
    for _, args in collection._logs("DropCreated"):
        names.setdefault(("drop", args["name"].strip()), []).append(args["dropId"])
    return names


def validate_rows(
    rows: Sequence[Row],
    errors: list[RowError],
    collection: Collection,
    registry: Registry,
    *,
    allow_contract_wallets: bool,
    allow_repeat_recipients: bool,
    can_approve_kyc: bool,
) -> ValidationReport:
    """Chain-side validation of parsed `rows` (the parse errors come in `errors`).

    Supply is counted per series, however each row spells its target (``edition:2``,
    ``edition:02`` and ``edition:Tiny`` draw on the same serials).
    """
    report = ValidationReport(errors=list(errors))
    resolved, problems = resolve_targets(collection, {row.target for row in rows})
    report.series = {str(t): s for t, s in resolved.items()}
    wallets = [row.wallet for row in rows]
    unrenewed = [row.wallet for row in rows if row.kyc_expires_at is None]  # the others get KYC on the way
    checked = bulk_check(registry, wallets) if unrenewed or not allow_contract_wallets else None
    if checked is not None:
        verified, has_code = checked
    else:
        verified = dict(zip(unrenewed, registry.verified(unrenewed))) if unrenewed else {}
        has_code = _has_code(collection, wallets) if not allow_contract_wallets else {}
    received = {} if allow_repeat_recipients else earlier_mints(collection, wallets)
    # A KYC approval keeps freeze flags: a frozen customer stays unverified whatever the row renews.
    renewed = [row.wallet for row in rows if row.kyc_expires_at is not None]
    frozen = {r.account: r for r in registry.kyc_records(renewed) if r.issuer_frozen or r.operator_frozen} if renewed else {}

    demand: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for row in rows:
        row_errors: list[RowError] = []
        if row.target in problems:
            row_errors.append(RowError(row.line, row.customer, "target", problems[row.target]))
        if not allow_contract_wallets and has_code.get(row.wallet):
            row_errors.append(RowError(row.line, row.customer, "wallet", f"{row.wallet} is a contract, not a customer wallet"))
        if row.kyc_expires_at is None and not verified.get(row.wallet):
            row_errors.append(
                RowError(row.line, row.customer, "wallet", f"{row.wallet} is not KYC-verified: add kyc_expires_at or onboard the customer first")
            )
        if row.wallet in frozen:
            by = " and ".join(who for who, flag in (("the issuer", frozen[row.wallet].issuer_frozen),
                                                   ("the operator", frozen[row.wallet].operator_frozen)) if flag)
            row_errors.append(RowError(row.line, row.customer, "wallet",
                                       f"{row.wallet} is frozen by {by}: a KYC renewal does not lift a freeze"))
        series = resolved.get(row.target)
        earlier = next((m for m in received.get(row.wallet, ()) if series and series_of(m.token_id) == series.series_id), None)
        if series is not None and earlier is not None:
            row_errors.append(RowError(row.line, row.customer, "wallet", (
                f"{row.wallet} already received {series.kind} {series.series_id} ({series.name!r}) #{number_of(earlier.token_id)} "
                f"in block {earlier.block_number} (tx {earlier.tx_hash}): resume the journal of the run that minted it, "
                "or allow repeat recipients"
            ), REPEAT_RECIPIENT))
        if row.kyc_expires_at is not None and not can_approve_kyc:
            row_errors.append(
                RowError(row.line, row.customer, "kyc_expires_at", "approving KYC needs a KYC officer signer for the campaign")
            )
        report.errors += row_errors
        if not row_errors:
            series = resolved[row.target]
            demand[(series.kind, series.series_id)].append(row)

    for wanting in demand.values():
        series = resolved[wanting[0].target]
        room = series.available
        if len(wanting) > room:
            for row in wanting[room:]:
                report.errors.append(
                    RowError(row.line, row.customer, "target",
                             f"{series.kind} {series.series_id} ({series.name!r}) has {room} left, {len(wanting)} rows want it")
                )
            wanting = wanting[:room]
        report.rows += wanting
    report.rows.sort(key=lambda row: row.line)
    report.errors.sort(key=lambda error: (error.line, error.field))
    return report


WALLETS_PER_FILTER = 1000  # nodes cap the values a log filter may list


def earlier_mints(collection: Collection, wallets: Sequence[str]) -> dict[str, list[Mint]]:
    """Wallet -> the collection's mints to it so far, read by recipient topic: a campaign's
    wallets usually received nothing, and then the node answers with no logs at all."""
    node = collection.client.node
    filters = [
        {"address": collection.address, "fromBlock": "0x0", "toBlock": "latest",
         "topics": ["0x" + TRANSFER_TOPIC.hex(), "0x" + "00" * 32, ["0x" + "00" * 12 + w[2:].lower() for w in wallets[i : i + WALLETS_PER_FILTER]]]}
        for i in range(0, len(wallets), WALLETS_PER_FILTER)
    ]
    if node.supports_batch:
        answers = node.raw_batch([("eth_getLogs", [f]) for f in filters])
        for answer in answers:
            if isinstance(answer, BaseException):
                raise answer
    else:
        answers = [node.rpc_logs(f) for f in filters]
    found: dict[str, list[Mint]] = {}
    for logs in answers:
        for mint in mints_in(logs, collection.address):
            found.setdefault(mint.recipient, []).append(mint)
    return found


def _has_code(collection: Collection, wallets: Sequence[str]) -> dict[str, bool]:
    node = collection.client.node
    if not node.supports_batch:
        return {wallet: bool(node.code(wallet)) for wallet in wallets}
    found: dict[str, bool] = {}
    for start in range(0, len(wallets), 1000):
        chunk = wallets[start : start + 1000]
        results = node.raw_batch([("eth_getCode", [wallet, "latest"]) for wallet in chunk])
        for wallet, code in zip(chunk, results):
            if isinstance(code, BaseException):
                raise code
            found[wallet] = code not in ("0x", "", None)
    return found
