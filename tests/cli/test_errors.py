"""Exit codes per class of failure, short messages with a hint, tracebacks only with --debug."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from bank_collectibles.chains import ChainAlreadyRunning, ChainNotRunning, ChainStartError, PortInUse, ToolNotFound
from bank_collectibles.cli._context import State
from bank_collectibles.cli._output import BAD_INPUT, CONFIG, INTERNAL, NODE, REFUSED, exit_code, hint
from bank_collectibles.errors import (
    DeploymentError,
    EditionSoldOut,
    HoldingPeriodActive,
    InvalidAddress,
    InvalidInput,
    NodeUnreachable,
    TransactionTimeout,
    UnknownEdition,
    WrongChain,
)

from .conftest import CUSTOMERS, Cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _short(stderr: str) -> list[str]:
    lines = stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2, stderr
    assert lines[0].startswith("error: ") and "Traceback" not in stderr
    return lines


def test_contract_refusal_exits_1(run: Cli, suite: dict[str, Any]) -> None:
    lines = _short(run("mint", "999", CUSTOMERS[0], code=1).stderr)
    assert lines[0] == "error: UnknownEdition(edition_id=999)" and lines[1].startswith("hint: ")
    error = json.loads(run("--json", "mint", "999", CUSTOMERS[0], code=1).stdout)["error"]
    assert error["type"] == "UnknownEdition" and error["args"] == {"edition_id": 999} and error["exit_code"] == 1


def test_bad_input_exits_2(run: Cli, suite: dict[str, Any]) -> None:
    lines = _short(run("mint", "1", "0x1234", code=2).stderr)
    assert "is not an address" in lines[0]
    _short(run("kyc", "approve", CUSTOMERS[0], "--expires", "yesterday", code=2).stderr)
    _short(run("transfer", "1:1", CUSTOMERS[0], code=2).stderr)  # no signer named for a holder's action
    _short(run("--account", "42", "mint", "1", CUSTOMERS[0], code=2).stderr)
    assert "Invalid value for 'TOKEN'" in run("token", "not-a-token", code=2).stderr
    assert "No such option" in run("token", "1:1", "--frobnicate", code=2).stderr


def test_ids_and_times_out_of_range_are_usage_errors(run: Cli, suite: dict[str, Any]) -> None:
    """Values the chain's types cannot hold are refused by the CLI (exit 2), never sent (exit 70)."""
    for args in [("token", 2**256 + 1), ("provenance", 2**64), ("freeze", "0x" + "f" * 80), ("edition", "show", 2**32),
                 ("drop", "show", 2**40), ("buy", 2**256, "--price", "1", "--account", 8), ("cancel", 2**256, "--account", 8),
                 ("drop", "create", "Big", "--edition", f"{2**40}=1", "--closes", "+1d", "--placeholder", "ipfs://b"),
                 ("policy", "--max-transfers", 2**32), ("policy", "--holding-period", f"{2**64}s")]:
        result = run(*args, code=2)
        assert "Invalid value for" in result.stderr and "Traceback" not in result.stderr, args
    for expires in ("\u00b2", str(2**64), "+" + "9" * 25 + "d", "1900-01-01"):
        _short(run("kyc", "approve", CUSTOMERS[0], "--expires", expires, code=2).stderr)


def test_negative_numbers_reach_the_arguments_own_checks(run: Cli, suite: dict[str, Any]) -> None:
    """A negative argument is checked as one (exit 2), not taken for an unknown option."""
    for args, message in [
        (("list", "1:1", "-5", "--account", 7), "Invalid value for 'PRICE': the amount must be positive, not '-5'"),
        (("buy", 1, "--price", "-0.5", "--account", 8), "Invalid value for '--price': the amount must be positive, not '-0.5'"),
        (("deposit", "mint", CUSTOMERS[0], "-5"), "Invalid value for 'AMOUNT': the amount must be positive, not '-5'"),
        (("token", "-1"), "'-1' is not a token"),
        (("transfer", "-1:1", CUSTOMERS[0], "--account", 7), "'-1:1' is not a token"),
        (("mint", "-1", CUSTOMERS[0]), "Invalid value for 'EDITION': -1 is not in the range"),
        (("buy", "-1", "--price", "5", "--account", 8), "Invalid value for 'LISTING': '-1' is not a listing: give its number"),
        (("cancel", "9" * 80, "--account", 8), "is not a listing: give its number, from 1"),
    ]:
        result = run(*args, code=2)
        assert message in result.stderr and "No such option" not in result.stderr, (args, result.stderr)
    assert "No such option: -x" in run("token", "1:1", "-x", code=2).stderr  # a mistyped option is still one


def test_an_expiry_in_the_past_is_said_as_typed(run: Cli, suite: dict[str, Any]) -> None:
    lines = _short(run("kyc", "approve", CUSTOMERS[0], "--expires", "2020-01-01", code=2).stderr)
    assert lines[0].startswith("error: --expires 2020-01-01 is in the past"), lines


def test_node_down_exits_3(run: Cli, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    lines = _short(run("--rpc", url, "token", "1:1", code=3).stderr)
    assert url in lines[0] and "chain up" in lines[1]
    nothing = Cli({"COLLECTIBLES_CHAINS_DIR": str(tmp_path)})  # no managed chain, no --rpc
    lines = _short(nothing("holdings", CUSTOMERS[0], code=3).stderr)
    assert "no chain to talk to" in lines[0]
    error = json.loads(nothing("--json", "holdings", CUSTOMERS[0], code=3).stdout)["error"]
    assert error["type"] == "NodeUnreachable" and error["exit_code"] == 3
    csv = tmp_path / "spring.csv"
    csv.write_text(f"customer,wallet,target\nC1,{CUSTOMERS[0]},edition:1\n")
    for command in (("campaign", "validate", csv), ("campaign", "run", csv), ("--account", 6, "mint", 1, CUSTOMERS[0])):
        assert "no chain to talk to" in nothing(*command, code=3).stderr  # not a missing signer


def test_missing_or_foreign_manifest_exits_4(run: Cli, suite: dict[str, Any], tmp_path: Path) -> None:
    lines = _short(run("--manifest", tmp_path / "none.json", "token", "1:1", code=4).stderr)
    assert "no deployment manifest" in lines[0]
    foreign = json.loads(Path(suite["manifest"]).read_text())
    foreign["chain_id"] = 1
    (tmp_path / "foreign.json").write_text(json.dumps(foreign))
    lines = _short(run("--manifest", tmp_path / "foreign.json", "edition", "list", code=4).stderr)
    assert lines[0].startswith("error: WrongChain")


def test_debug_shows_the_traceback(run: Cli, suite: dict[str, Any], tmp_path: Path) -> None:
    result = run("--manifest", tmp_path / "none.json", "token", "1:1", "--debug", code=4)
    assert "Traceback (most recent call last)" in result.stderr and "DeploymentError" in result.stderr


def test_dev_accounts_are_refused_off_local_chains(tmp_path: Path) -> None:
    remote = State(rpc="http://10.20.30.40:8545", chains_dir=tmp_path, account=0)
    assert not remote.is_local()
    with pytest.raises(InvalidInput, match="local development chains only"):
        remote.explicit_signer()
    assert State(rpc="http://localhost:8545", chains_dir=tmp_path).is_local()


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (HoldingPeriodActive(1, 2), REFUSED),
        (EditionSoldOut(1, 2, 3, 0), REFUSED),
        (InvalidAddress("x"), BAD_INPUT),
        (NodeUnreachable("x"), NODE),
        (TransactionTimeout("0xab", 1.0), NODE),
        (ChainNotRunning("x"), NODE),
        (WrongChain("x"), CONFIG),
        (DeploymentError("x"), CONFIG),
        (ToolNotFound("x"), CONFIG),
        (ChainAlreadyRunning("x"), NODE),
        (PortInUse("x"), NODE),
        (ChainStartError("x"), NODE),
        (PermissionError(13, "Permission denied", "/proc/x"), BAD_INPUT),
        (NotADirectoryError(20, "Not a directory", "/tmp/file/x"), BAD_INPUT),
        (ConnectionResetError(104, "reset"), NODE),
        (RuntimeError("x"), INTERNAL),
    ],
)
def test_exit_code_of_each_error_class(error: BaseException, code: int) -> None:
    assert exit_code(error) == code


def test_every_library_error_gets_a_hint() -> None:
    for error in (UnknownEdition(3), HoldingPeriodActive(1, 2), NodeUnreachable("x"), DeploymentError("x"),
                  WrongChain("x"), InvalidInput("x"), ChainNotRunning("x")):
        assert hint(error) or ": " in str(error), type(error).__name__


def test_a_path_that_cannot_be_written_is_bad_input_and_sends_nothing(run: Cli, suite: dict[str, Any], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    refused = run("--manifest", blocker / "m.json", "deploy", code=2)
    assert "check the path" in refused.stderr and "unexpected" not in refused.stderr


def test_a_usage_error_with_json_is_a_json_document_too(run: Cli) -> None:
    for args in (("--json", "bogus"), ("--json", "token", "1"), ("token", "--json", "1")):
        result = run(*args, code=2)
        error = json.loads(result.stdout)["error"]
        assert error["type"] == "UsageError" and error["exit_code"] == 2 and error["message"]
        assert _short(result.stderr)[1].startswith("hint: `collectibles")
    assert run("bogus", code=2).stdout == ""  # without --json, stdout stays empty
