"""Every malformed row or argument gets its own clear error, and nothing is sent."""

from __future__ import annotations

import fcntl
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from bank_collectibles._rpc import Node
from bank_collectibles.campaign import (
    Campaign,
    CampaignBusy,
    CampaignError,
    CampaignInvalid,
    CampaignJournalError,
    CampaignOptions,
)
from bank_collectibles.campaign._precheck import bulk_check
from bank_collectibles.errors import InvalidInput, RpcError

from .conftest import Setup, customers

VERIFIED = customers(4, 50_000)  # KYC-approved in the fixture
UNVERIFIED = customers(1, 60_000)[0]
RECEIVED = customers(1, 70_000)[0]  # holds serial #1 of the open edition ("Jade Rabbit")
FROZEN = customers(1, 61_000)[0]  # KYC-approved, then frozen by the issuer
HEADER = "customer,wallet,target,kyc_expires_at"


@dataclass(frozen=True)
class Case:
    name: str
    rows: list[str]  # without the header; {edition}, {hidden}, {small}, {drop}, {scheduled}, {contract} are filled in
    line: int
    field: str
    message: str


def bad_checksum(address: str) -> str:
    """`address` with the case of its first letter flipped: a typo EIP-55 catches."""
    index = next(i for i, c in enumerate(address[2:], start=2) if c.isalpha())
    return address[:index] + address[index].swapcase() + address[index + 1 :]


V = VERIFIED
ROW_CASES = [
    Case("bad checksum", [f"C1,{bad_checksum(V[0])},edition:{{edition}},"], 2, "wallet", "bad EIP-55 checksum"),
    Case("zero address", ["C1,0x0000000000000000000000000000000000000000,edition:{edition},"], 2, "wallet", "zero address"),
    Case("not hex", ["C1,0xZZ3d9b57c9B84Ab36C6C2e2aD8A4D2e6C0fE1c9f,edition:{edition},"], 2, "wallet", "is not an address"),
    Case("too short", ["C1,0x1234,edition:{edition},"], 2, "wallet", "is not an address"),
    Case("no 0x prefix", [f"C1,{V[0][2:]},edition:{{edition}},"], 2, "wallet", "is not an address"),
    Case("empty wallet", ["C1,,edition:{edition},"], 2, "wallet", "is not an address"),
    Case("contract wallet", ["C1,{contract},edition:{edition},2035-01-01"], 2, "wallet", "is a contract"),
    Case("duplicate customer", [f"C1,{V[0]},edition:{{edition}},", f"C1,{V[1]},edition:{{edition}},"], 3, "customer", "duplicate of line 2"),
    Case("duplicate wallet", [f"C1,{V[0]},edition:{{edition}},", f"C2,{V[0]},edition:{{edition}},"], 3, "wallet", "already on line 2"),
    Case("unknown edition id", [f"C1,{V[0]},edition:999,"], 2, "target", "unknown edition 999"),
    Case("unknown edition name", [f"C1,{V[0]},edition:No Such Rabbit,"], 2, "target", "no edition named 'No Such Rabbit'"),
    Case("ambiguous edition name", [f"C1,{V[0]},edition:Twin Rabbit,"], 2, "target", "2 editions are named 'Twin Rabbit'"),
    Case("unknown drop", [f"C1,{V[0]},drop:999,"], 2, "target", "unknown drop 999"),
    Case("drop not open", [f"C1,{V[0]},drop:{{scheduled}},"], 2, "target", "is scheduled, not open"),
    Case("hidden edition", [f"C1,{V[0]},edition:{{hidden}},"], 2, "target", "is hidden"),
    Case("more rows than supply", [f"C{i},{V[i]},edition:{{small}}," for i in range(3)], 4, "target", "has 2 left, 3 rows want it"),
    Case("one edition spelled three ways", [f"C0,{V[0]},edition:{{small}},", f"C1,{V[1]},edition:Golden Rabbit,",
                                            f"C2,{V[2]},edition:0{{small}},"], 4, "target", "has 2 left, 3 rows want it"),
    Case("id in non-ASCII digits", [f"C1,{V[0]},edition:\u00b2,"], 2, "target", "no edition named '\u00b2'"),
    Case("edition id beyond uint32", [f"C1,{V[0]},edition:99999999999999999999999999,"], 2, "target", "is out of range"),
    Case("drop id beyond uint32", [f"C1,{V[0]},drop:4294967296,"], 2, "target", "drop id 4294967296 is out of range"),
    Case("edition id 0", [f"C1,{V[0]},edition:000,"], 2, "target", "edition id 000 is out of range"),
    Case("id of 5000 digits", [f"C1,{V[0]},edition:{'9' * 5000},"], 2, "target", "is out of range"),
    Case("wallet that received the edition", [f"C1,{RECEIVED},edition:{{edition}},"], 2, "wallet",
         "already received edition {edition} ('Jade Rabbit') #1"),
    Case("unverified customer", [f"C1,{UNVERIFIED},edition:{{edition}},"], 2, "wallet", "is not KYC-verified"),
    Case("frozen customer whose row renews KYC", [f"C1,{FROZEN},edition:{{edition}},2035-01-01"], 2, "wallet",
         "is frozen by the issuer: a KYC renewal does not lift a freeze"),
    Case("too few fields", [f"C1,{V[0]},edition:{{edition}}"], 2, "row", "3 fields, the header has 4"),
    Case("too many fields", [f"C1,{V[0]},edition:{{edition}},,extra"], 2, "row", "5 fields, the header has 4"),
    Case("empty customer", [f",{V[0]},edition:{{edition}},"], 2, "customer", "empty customer reference"),
    Case("customer too long", ["X" * 200 + f",{V[0]},edition:{{edition}},"], 2, "customer", "longer than 128"),
    Case("target without kind", [f"C1,{V[0]},{{edition}},"], 2, "target", "must be edition:<id or name>"),
    Case("unknown target kind", [f"C1,{V[0]},box:1,"], 2, "target", "must be edition:<id or name>"),
    Case("target without key", [f"C1,{V[0]},edition:,"], 2, "target", "must be edition:<id or name>"),
    Case("kyc date not a date", [f"C1,{V[0]},edition:{{edition}},someday"], 2, "kyc_expires_at", "is not a date"),
    Case("kyc date in the past", [f"C1,{V[0]},edition:{{edition}},2001-01-01"], 2, "kyc_expires_at", "is in the past"),
    Case("second row bad, first fine", [f"C1,{V[0]},edition:{{edition}},", "C2,0x0,edition:{edition},"], 3, "wallet", "is not an address"),
]


@pytest.fixture
def world(setup: Setup, edition):
    collection = setup.suite.collection.using(setup.issuer)
    setup.suite.registry.using(setup.kyc).approve_kyc([*VERIFIED, RECEIVED, FROZEN], int(time.time()) + 86_400 * 365)
    setup.suite.registry.using(setup.issuer).set_account_freeze([FROZEN], True)
    now = setup.client.node.block("latest")["timestamp"]
    open_edition, small = edition("Jade Rabbit", 100), edition("Golden Rabbit", 2)
    setup.suite.collection.using(setup.minter).mint(open_edition, [RECEIVED])
    hidden = collection.create_edition("Moon Rabbit", 10, hidden_uri="ipfs://moon").edition_id
    drop_edition = edition("Box Rabbit", 100)
    # The client refuses a second edition of one name, but a collection may hold twins made by other
    # tools or by clients from before that check: the contract takes any name.
    for _ in range(2):
        collection._transact("createEdition", ("Twin Rabbit", 10, 0, "ipfs://twin", b"\x00" * 32, 0, False))
    scheduled = collection.create_drop("Later", {drop_edition: 5}, opens_at=now + 86_400, closes_at=now + 2 * 86_400,
                                       placeholder_uri="ipfs://box").drop_id
    drop = collection.create_drop("Now", {drop_edition: 5}, closes_at=now + 86_400, placeholder_uri="ipfs://box").drop_id
    names = {"edition": open_edition, "hidden": hidden, "small": small, "drop": drop, "scheduled": scheduled,
             "contract": collection.address}
    return setup, names


def nonces(setup: Setup) -> tuple[int, int]:
    node = setup.client.node
    return node.nonce(setup.minter.address), node.nonce(setup.kyc.address)


def open_campaign(setup: Setup, tmp_path: Path, text: str | bytes, **kwargs) -> Campaign:
    csv = tmp_path / "campaign.csv"
    csv.write_bytes(text if isinstance(text, bytes) else text.encode())
    kwargs.setdefault("kyc_officer", setup.kyc)
    return Campaign.open(setup.suite.collection, tmp_path / "campaign.db", minter=setup.minter, csv_path=csv, **kwargs)


def test_the_bulk_wallet_check_agrees_with_one_request_per_wallet(world):
    setup, names = world
    registry = setup.suite.registry
    registry.using(setup.issuer).set_account_freeze([VERIFIED[3]], True)
    wallets = [*VERIFIED, UNVERIFIED, names["contract"], registry.address]
    checked = bulk_check(registry, wallets)
    assert checked is not None, "Anvil runs the precheck: the bulk path was not taken"
    verified, has_code = checked
    assert verified == dict(zip(wallets, registry.verified(wallets)))
    assert has_code == {w: bool(setup.client.node.code(w)) for w in wallets}
    assert sum(verified.values()) == 3 and sum(has_code.values()) == 2


def test_a_node_that_refuses_the_bulk_check_gets_one_request_per_wallet(world, tmp_path, monkeypatch):
    setup, names = world
    text = (f"{HEADER}\nC1,{V[0]},edition:{names['edition']},\nC2,{UNVERIFIED},edition:{names['edition']},\n"
            f"C3,{names['contract']},edition:{names['edition']},2035-01-01\n")
    (tmp_path / "bulk").mkdir()
    (tmp_path / "fallback").mkdir()
    expected = open_campaign(setup, tmp_path / "bulk", text).validate().errors
    batch = Node.raw_batch
    refused = []

    def refusing_calls_without_recipient(self, calls, **options):
        if calls and calls[0][0] == "eth_call" and "to" not in calls[0][1][0]:
            refused.append(len(calls))
            return [RpcError("eth_call", -32000, "gas required exceeds allowance")] * len(calls)
        return batch(self, calls, **options)

    monkeypatch.setattr(Node, "raw_batch", refusing_calls_without_recipient)
    assert open_campaign(setup, tmp_path / "fallback", text).validate().errors == expected
    assert refused and [(e.line, e.field) for e in expected] == [(3, "wallet"), (4, "wallet")]


@pytest.mark.parametrize("case", ROW_CASES, ids=lambda c: c.name)
def test_a_bad_row_is_reported_on_its_line_and_nothing_is_sent(world, tmp_path, case):
    setup, names = world
    before = nonces(setup)
    campaign = open_campaign(setup, tmp_path, "\n".join([HEADER, *(r.format(**names) for r in case.rows)]) + "\n")
    with pytest.raises(CampaignInvalid) as raised:
        campaign.run()
    matching = [e for e in raised.value.report.errors if e.line == case.line and e.field == case.field]
    assert matching, f"no {case.field} error on line {case.line}: {raised.value.report.errors}"
    assert case.message.format(**names) in matching[0].problem
    assert nonces(setup) == before and campaign.journal.is_new


def test_a_wallet_that_received_a_token_of_another_series_or_is_allowed_to_repeat_is_valid(world, tmp_path):
    setup, names = world
    (tmp_path / "other").mkdir()
    (tmp_path / "repeat").mkdir()
    other = open_campaign(setup, tmp_path / "other", f"{HEADER}\nC1,{RECEIVED},edition:{names['small']},\n")
    assert other.validate().errors == []
    repeat = open_campaign(setup, tmp_path / "repeat", f"{HEADER}\nC1,{RECEIVED},edition:{names['edition']},\n",
                           options=CampaignOptions(allow_repeat_recipients=True))
    assert repeat.run().confirmed == 1
    assert sorted(str(t.serial) for t in setup.suite.collection.holdings(RECEIVED)) == ["#1/100", "#2/100"]


def test_the_same_file_under_a_new_journal_mints_nobody_twice(world, tmp_path):
    setup, names = world
    text = f"{HEADER}\n" + "".join(f"C{i},{V[i]},edition:{names['edition']},\n" for i in range(3))
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    assert open_campaign(setup, tmp_path / "first", text).run().confirmed == 3
    before = nonces(setup)
    again = open_campaign(setup, tmp_path / "second", text)
    with pytest.raises(CampaignInvalid) as raised:
        again.run()
    assert [(e.line, e.field) for e in raised.value.report.errors] == [(2, "wallet"), (3, "wallet"), (4, "wallet")]
    assert all("resume the journal of the run that minted it" in e.problem for e in raised.value.report.errors)
    assert nonces(setup) == before and again.journal.is_new


def test_a_new_journal_that_skips_invalid_rows_mints_only_the_customers_still_without_one(world, tmp_path):
    setup, names = world
    row = "C{i},{wallet},edition:{edition},\n"
    (tmp_path / "lost").mkdir()
    (tmp_path / "new").mkdir()
    lost = f"{HEADER}\n" + "".join(row.format(i=i, wallet=V[i], edition=names["edition"]) for i in range(2))
    assert open_campaign(setup, tmp_path / "lost", lost).run().confirmed == 2
    whole = f"{HEADER}\n" + "".join(row.format(i=i, wallet=V[i], edition=names["edition"]) for i in range(3))
    result = open_campaign(setup, tmp_path / "new", whole, options=CampaignOptions(skip_invalid=True)).run()
    assert (result.confirmed, result.skipped, result.transactions) == (1, 2, 1)
    assert [len(setup.suite.collection.holdings(w)) for w in V[:3]] == [1, 1, 1]


def test_a_resumed_journal_does_not_mint_again_what_a_run_under_a_new_journal_minted(world, tmp_path, monkeypatch):
    setup, names = world
    text = f"{HEADER}\n" + "".join(f"C{i},{V[i]},edition:{names['edition']},\n" for i in range(3))
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()

    class Stopped(Exception):
        pass

    def stop_after_the_first_batch(point: str) -> None:
        if point == "confirmed":
            raise Stopped

    monkeypatch.setattr("bank_collectibles.campaign._engine.crash_point", stop_after_the_first_batch)
    options = CampaignOptions(max_batch=1, window=1)
    old = open_campaign(setup, tmp_path / "old", text, options=options)
    with pytest.raises(Stopped):
        old.run()
    old.close()
    monkeypatch.undo()
    # The journal taken for lost: the file again under a new one mints the customers still without a token.
    again = open_campaign(setup, tmp_path / "new", text, options=CampaignOptions(skip_invalid=True)).run()
    assert again.confirmed + again.skipped == 3 and again.confirmed >= 1
    before = nonces(setup)
    old = Campaign.open(setup.suite.collection, tmp_path / "old" / "campaign.db", minter=setup.minter)
    resumed = old.run()
    assert nonces(setup) == before  # nothing minted twice
    assert resumed.failed == again.confirmed and resumed.confirmed == 3 - again.confirmed
    failed = sorted(row.wallet for row in old.journal.rows("failed"))
    assert old.audit()["wallets_also_minted_elsewhere"] == failed and len(failed) == again.confirmed
    assert [len(setup.suite.collection.holdings(w)) for w in V[:3]] == [1, 1, 1]


def test_approving_kyc_needs_a_kyc_officer(world, tmp_path):
    setup, names = world
    campaign = open_campaign(setup, tmp_path, f"{HEADER}\nC1,{UNVERIFIED},edition:{names['edition']},2035-01-01\n", kyc_officer=None)
    with pytest.raises(CampaignInvalid) as raised:
        campaign.run()
    assert "needs a KYC officer signer" in raised.value.report.errors[0].problem


def test_a_kyc_renewal_keeps_the_customers_tier(world, tmp_path):
    setup, names = world
    renewed, new = customers(2, 62_000)
    setup.suite.registry.using(setup.kyc).approve_kyc([renewed], int(time.time()) + 86_400, tier=3)
    rows = "".join(f"C{i},{w},edition:{names['edition']},2035-01-01\n" for i, w in enumerate((renewed, new)))
    assert open_campaign(setup, tmp_path, f"{HEADER}\n{rows}").run().confirmed == 2
    records = setup.suite.registry.kyc_records([renewed, new])
    assert [(r.tier, r.expires_at) for r in records] == [(3, 2051222400), (1, 2051222400)]  # 2035-01-01 UTC


@pytest.mark.parametrize(
    "content, message",
    [
        ("customer,wallet,target\n".encode() + "张三,".encode("gbk") + f"{V[0]},edition:1\n".encode(), "is not UTF-8"),
        (f"customer,target\nC1,edition:1\n", "missing column(s) wallet"),
        ("", "the file is empty"),
        ("customer,wallet,target\n", "has a header but no rows"),
    ],
    ids=["wrong encoding", "missing column", "empty file", "header only"],
)
def test_a_bad_file_is_refused_whole(world, tmp_path, content, message):
    setup, _ = world
    before = nonces(setup)
    with pytest.raises(CampaignError, match=message.replace("(", r"\(").replace(")", r"\)")):
        open_campaign(setup, tmp_path, content).run()
    assert nonces(setup) == before


def test_a_minter_without_the_role_or_a_paused_collection_stop_it_before_anything_is_sent(world, tmp_path):
    setup, names = world
    before = nonces(setup)
    setup.suite.collection.using(setup.issuer).pause()
    csv = tmp_path / "c.csv"
    csv.write_text(f"{HEADER}\nC1,{UNVERIFIED},edition:{names['edition']},2035-01-01\n")
    campaign = Campaign.open(setup.suite.collection, tmp_path / "c.db", minter=setup.kyc, csv_path=csv, kyc_officer=setup.kyc)
    with pytest.raises(CampaignInvalid) as raised:
        campaign.run()
    problems = {(e.line, e.field): e.problem for e in raised.value.report.errors}
    assert "lacks MINTER_ROLE" in problems[0, "minter"] and "paused" in problems[0, "collection"]
    assert nonces(setup) == before


@pytest.mark.parametrize("option", [{"gas_budget": 0}, {"window": 0}, {"max_batch": -1}, {"gas_budget": "big"},
                                    {"skip_invalid": "no"}, {"allow_repeat_recipients": "false"}, {"allow_contract_wallets": 1}])
def test_bad_options_are_refused(option):
    with pytest.raises(InvalidInput, match="campaign option"):
        CampaignOptions(**option)


def test_journal_mismatches_are_refused(world, tmp_path):
    setup, names = world
    good = f"{HEADER}\nC1,{V[0]},edition:{names['edition']},\n"
    campaign = open_campaign(setup, tmp_path, good)
    campaign.run()
    campaign.close()
    with pytest.raises(CampaignJournalError, match="was started from another version of"):
        open_campaign(setup, tmp_path, good.replace("C1", "C9"))
    with pytest.raises(CampaignJournalError, match="belongs to another minter"):
        Campaign.open(setup.suite.collection, tmp_path / "campaign.db", minter=setup.issuer)
    with pytest.raises(CampaignJournalError, match="no campaign journal"):
        Campaign.open(setup.suite.collection, tmp_path / "other.db", minter=setup.minter)
    assert not (tmp_path / "other.db").exists()  # nothing is left behind
    with pytest.raises(CampaignJournalError, match="gone.csv is not a file: give the campaign's CSV, or resume"):
        Campaign.open(setup.suite.collection, tmp_path / "campaign.db", minter=setup.minter, csv_path=tmp_path / "gone.csv")
    # The same chain id and addresses on a chain reset since (or another node): another block 1.
    with sqlite3.connect(tmp_path / "campaign.db") as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'first_block'", ("0x" + "11" * 32,))
    db.close()
    with pytest.raises(CampaignJournalError, match=re.escape(f"was started on another chain of id {setup.client.chain_id} "
                                                             f"(its block 1 is 0x{'11' * 32}, this node's is 0x")):
        Campaign.open(setup.suite.collection, tmp_path / "campaign.db", minter=setup.minter)


def test_a_campaign_another_process_runs_is_refused_until_it_ends(world, tmp_path):
    setup, names = world
    campaign = open_campaign(setup, tmp_path, f"{HEADER}\nC1,{V[0]},edition:{names['edition']},\n")
    before = nonces(setup)
    with open(tmp_path / "campaign.db.lock", "a+") as other:  # as the other process holds it
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(CampaignBusy, match="another process is running this campaign"):
            campaign.run()
        assert nonces(setup) == before
    assert campaign.run().confirmed == 1  # released: it goes on


def test_tolerated_formats_pass(world, tmp_path):
    setup, names = world
    text = "\ufeff" + "\n".join([HEADER, f"C1,{V[0].lower()},edition:Jade Rabbit,", "", f"C2,{V[1].upper().replace('0X', '0x')},drop:{names['drop']},"]) + "\n"
    campaign = open_campaign(setup, tmp_path, text)
    report = campaign.validate()
    assert report.errors == [] and [r.line for r in report.rows] == [2, 4]
    result = campaign.run()
    assert result.confirmed == 2


def test_a_journal_path_holding_something_else_is_refused_and_kept(world, tmp_path):
    setup, names = world
    text = f"{HEADER}\nC1,{V[0]},edition:{names['edition']},\n"
    (tmp_path / "campaign.csv").write_text(text)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE ledger (entry TEXT)")
    (tmp_path / "notes.db").write_text("not a database at all, but the user's notes")
    for path, message in ((other, "database of something else"), (tmp_path / "notes.db", "not a campaign journal")):
        before = path.read_bytes()
        with pytest.raises(CampaignJournalError, match=message):
            Campaign.open(setup.suite.collection, path, minter=setup.minter, csv_path=tmp_path / "campaign.csv")
        assert path.read_bytes() == before


def test_a_report_path_that_cannot_be_written_stops_the_run_before_anything_is_sent(world, tmp_path):
    setup, names = world
    campaign = open_campaign(setup, tmp_path, f"{HEADER}\nC1,{V[0]},edition:{names['edition']},\n")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the report's folder should be")
    before = nonces(setup)
    try:
        with pytest.raises(InvalidInput, match="the report cannot be written"):
            campaign.run(report_path=blocker / "report.csv")
        assert campaign.journal.is_new and nonces(setup) == before
    finally:
        campaign.close()


def test_a_kyc_officer_without_the_role_is_a_problem_of_the_whole_campaign(world, tmp_path):
    setup, names = world
    text = f"{HEADER}\nC1,{UNVERIFIED},edition:{names['edition']},2035-01-01\n"
    campaign = open_campaign(setup, tmp_path, text, kyc_officer=setup.minter)  # the minter is no KYC officer
    before = nonces(setup)
    try:
        errors = campaign.validate().errors
        with pytest.raises(CampaignInvalid):
            campaign.run()
    finally:
        campaign.close()
    assert [(e.line, e.field) for e in errors] == [(0, "kyc officer")] and "lacks KYC_OFFICER_ROLE" in errors[0].problem
    assert nonces(setup) == before
