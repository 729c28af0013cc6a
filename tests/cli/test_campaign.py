"""`collectibles campaign validate|run|resume|status|report` against the campaign engine."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from bank_collectibles import LocalSigner
from bank_collectibles.campaign import Campaign
from bank_collectibles.campaign._journal import Journal
from bank_collectibles.chains._process import free_port
from bank_collectibles.errors import NodeUnreachable

from .conftest import Cli


def _csv(path: Path, edition: str, wallets: list[str], extra: list[list[str]] = ()) -> Path:  # type: ignore[assignment]
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer", "wallet", "target", "kyc_expires_at"])
        for number, wallet in enumerate(wallets, start=1):
            writer.writerow([f"CUST-{number:03d}", wallet, f"edition:{edition}", "2030-01-01"])
        writer.writerows(extra)
    return path


def test_validate_run_status_report_and_resume(run: Cli, suite: dict[str, Any], tmp_path: Path) -> None:
    edition_id = run.json("edition", "create", "Campaign Rabbit", "--supply", "50", "--uri", "ipfs://cr")["edition_id"]
    wallets = [LocalSigner(bytes([i]) * 32).address for i in range(150, 158)]
    spring = _csv(tmp_path / "spring.csv", "Campaign Rabbit", wallets)
    journal = tmp_path / "spring.db"

    checked = run.json("campaign", "validate", spring, "--journal", journal)
    assert checked["ok"] and checked["valid_rows"] == 8 and not journal.exists()  # validating writes nothing
    twice = _csv(tmp_path / "twice.csv", "Campaign Rabbit", wallets[:1], [["CUST-902", wallets[1], f"edition:{edition_id}", "2030-01-01"]])
    table = run("campaign", "validate", twice, "--journal", tmp_path / "twice.db").stdout
    assert f"edition:{edition_id}, edition:Campaign Rabbit" in table or f"edition:Campaign Rabbit, edition:{edition_id}" in table

    bad = _csv(tmp_path / "bad.csv", "Campaign Rabbit", wallets[:2],
               [["CUST-900", "0x1234", "edition:Campaign Rabbit", ""], ["CUST-901", wallets[0], "edition:Nope", ""]])
    refused = run("campaign", "validate", bad, code=2)
    assert "problem(s)" in refused.stderr and "line 4 (CUST-900): wallet" in refused.stderr
    run("campaign", "run", bad, "--journal", tmp_path / "bad.db", code=2)

    dry = run.json("campaign", "run", spring, "--journal", journal, "--dry-run")
    assert dry["total"] == 8 and dry["transactions"] == 0
    done = run.json("campaign", "run", spring, "--journal", journal, "--max-batch", "3")
    assert done["complete"] and done["confirmed"] == 8 and done["failed"] == 0 and done["transactions"] >= 3
    assert run.json("edition", "show", edition_id)["minted"] == 8

    status = run.json("campaign", "status", "--journal", journal)
    assert status["rows"] == {"confirmed": 8} and status["collection"] == suite["collections"][0]["address"]
    assert status["chain_id"] == 8888 and isinstance(status["start_block"], int) and status["series_floor"] == {f"edition:{edition_id}": 0}
    report = run.json("campaign", "report", "--journal", journal, "--out", tmp_path / "report.csv")
    assert report["audit"]["chain_agrees"] == 8 and report["audit"]["wallets_minted_twice"] == []
    rows = list(csv.DictReader(open(tmp_path / "report.csv")))
    assert {r["wallet"] for r in rows} == set(wallets) and {r["status"] for r in rows} == {"confirmed"}

    again = run.json("campaign", "resume", "--journal", journal)
    assert again["transactions"] == 0 and again["confirmed"] == 8
    assert run.json("campaign", "resume", spring, "--journal", journal)["confirmed"] == 8  # the same file: checked, fine
    changed = _csv(tmp_path / "changed.csv", "Campaign Rabbit", [*wallets, *_wallets(170, 1)])
    other = run("campaign", "resume", changed, "--journal", journal, code=4)  # its new row would be left out unsaid
    assert f"the journal {journal} was started from another version of {changed}" in other.stderr
    run("campaign", "status", "--journal", tmp_path / "missing.db", code=2)
    foreign = run("campaign", "status", "--journal", spring, code=4)  # a file of something else: configuration
    assert f"{spring} is not a campaign journal" in foreign.stderr

    # The same file under a new journal would mint everyone again: refused, unless asked for.
    repeated = run("campaign", "run", spring, "--journal", tmp_path / "new.db", code=2)
    assert "line 2 (CUST-001): wallet" in repeated.stderr and "already received edition" in repeated.stderr
    assert run.json("edition", "show", edition_id)["minted"] == 8
    run("campaign", "validate", spring, "--journal", tmp_path / "new.db", "--allow-repeat-recipients")
    nothing_left = run("campaign", "run", spring, "--journal", tmp_path / "new.db", "--skip-invalid", code=2)
    assert "every customer received a token of their target already: nothing is left to mint" in nothing_left.stderr
    grown = _csv(tmp_path / "grown.csv", "Campaign Rabbit", [*wallets, *_wallets(160, 2)])
    dry = run("campaign", "run", grown, "--journal", tmp_path / "grown.db", "--dry-run", "--skip-invalid")
    assert "2 row(s) would be minted" in dry.stdout and "8 invalid row(s) would be skipped" in dry.stdout
    refused = run("campaign", "run", grown, "--journal", tmp_path / "grown.db", code=2)
    assert "--allow-repeat-recipients accepts wallets that received their target already" in refused.stderr

    # Validating a file whose campaign has started says so, not "0 rows, all valid".
    started = run.json("campaign", "validate", spring, "--journal", journal)
    assert started == {"csv_path": str(spring), "journal": str(journal), "started": True, "rows": {"confirmed": 8}}
    assert "its campaign started in" in run("campaign", "validate", spring, "--journal", journal).stdout
    # The journal of another version of the file is a configuration problem (exit 4), for every command.
    spring.write_text(spring.read_text().replace("CUST-001", "CUST-009"))
    for command in (("validate", spring), ("run", spring)):
        refused = run("campaign", *command, "--journal", journal, code=4)
        assert "was started from another version of" in refused.stderr


def _wallets(first: int, count: int) -> list[str]:
    return [LocalSigner(bytes([i]) * 32).address for i in range(first, first + count)]


def test_a_run_that_starts_no_campaign_leaves_no_journal(run: Cli, suite: dict[str, Any], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the default journal goes to ./campaigns/<csv name>.db
    run("edition", "create", "Unstarted Rabbit", "--supply", "10", "--uri", "ipfs://ur")
    wallets = _wallets(170, 2)
    bad = _csv(tmp_path / "bad.csv", "Unstarted Rabbit", wallets, [["CUST-900", "0x1234", "edition:Unstarted Rabbit", ""]])
    refused = run("campaign", "run", bad, code=2)
    assert "--skip-invalid to mint only the 2 valid row(s)" in refused.stderr and "skip_invalid" not in refused.stderr
    assert "line 4 (CUST-900): wallet" in refused.stderr
    assert not (tmp_path / "campaigns").exists()  # no journal, lock or folder left

    good = _csv(tmp_path / "good.csv", "Unstarted Rabbit", wallets)
    assert run.json("campaign", "run", good, "--dry-run")["total"] == 2
    assert not (tmp_path / "campaigns").exists()  # a dry run starts nothing either
    missing = run("campaign", "resume", "--journal", tmp_path / "campaigns" / "bad.db", code=2)
    assert "no campaign journal" in missing.stderr and "campaign run FILE.csv" in missing.stderr

    (tmp_path / "mine").mkdir()
    kept = tmp_path / "mine" / "kept.db"
    kept.write_bytes(b"")  # a file the user made: a failed run must not delete it
    run("campaign", "run", bad, "--journal", kept, code=2)
    assert kept.exists()
    Journal(kept).close()  # an empty journal, as an older release left behind
    empty = run("campaign", "resume", "--journal", kept, code=2)
    assert "holds no started campaign" in empty.stderr and f"campaign run FILE.csv --journal {kept}" in empty.stderr


# The engine raises CampaignError for these until it raises CampaignFileError (an InvalidInput too).
@pytest.mark.parametrize(
    "content, message",
    [
        ("customer,wallet,target\n".encode() + "张三,".encode("gbk") + b"0x0000000000000000000000000000000000000001,edition:1\n",
         "is not UTF-8"),
        (b"customer,target\nC1,edition:1\n", "missing column(s) wallet"),
        (b"", "the file is empty"),
        (b"customer,wallet,target\n", "has a header but no rows"),
    ],
    ids=["wrong encoding", "missing column", "empty file", "header only"],
)
def test_a_bad_campaign_file_exits_2(run: Cli, suite: dict[str, Any], tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    journal = tmp_path / "campaigns" / "bad.db"
    refused = run("campaign", "run", bad, "--journal", journal, code=2)
    assert message in refused.stderr
    assert not journal.parent.exists()


def test_status_reads_the_journal_alone_and_report_says_it_needs_the_chain(run: Cli, suite: dict[str, Any],
                                                                             tmp_path: Path) -> None:
    run("edition", "create", "Offline Rabbit", "--supply", "10", "--uri", "ipfs://or")
    spring = _csv(tmp_path / "offline.csv", "Offline Rabbit", _wallets(175, 3))
    journal = tmp_path / "offline.db"
    assert run.json("campaign", "run", spring, "--journal", journal)["complete"]

    down = ("--rpc", f"http://127.0.0.1:{free_port()}")  # nothing listens there: the node is down
    status = run.json(*down, "campaign", "status", "--journal", journal)
    assert status["rows"] == {"confirmed": 3} and status["collection"] == suite["collections"][0]["address"]
    assert "confirmed: 3" in run(*down, "campaign", "status", "--journal", journal).stdout
    refused = run(*down, "campaign", "report", "--journal", journal, code=3)
    assert "`campaign report` needs the chain" in refused.stderr and "serial labels" in refused.stderr
    assert f"campaign status --journal {journal}" in refused.stderr


def test_a_node_lost_mid_run_says_how_to_resume(run: Cli, suite: dict[str, Any], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    run("edition", "create", "Interrupted Rabbit", "--supply", "10", "--uri", "ipfs://ir")
    spring = _csv(tmp_path / "lost.csv", "Interrupted Rabbit", _wallets(180, 3))
    journal = tmp_path / "lost.db"

    def node_dies(self: Any, progress: Any) -> int:  # after KYC onboarding, before the first mint
        raise NodeUnreachable("cannot reach the node at http://127.0.0.1:1")

    monkeypatch.setattr(Campaign, "_mint_all", node_dies)
    lost = run("campaign", "run", spring, "--journal", journal, code=3)
    assert f"once the chain is back, `collectibles campaign resume --journal {journal}`" in lost.stderr
    monkeypatch.undo()
    done = run.json("campaign", "resume", "--journal", journal)
    assert done["complete"] and done["confirmed"] == 3
