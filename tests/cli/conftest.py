"""Fixtures for the CLI tests: the CLI driven in-process, one managed Anvil chain and one deployment.

The chain is started by the CLI itself (`chain up`, detached) in a temporary chains folder, and
stopped at the end of the session whatever happened. Every invocation is checked for leaked
private keys.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bank_collectibles.chains import ConsortiumProfile, make_chain
from bank_collectibles.cli import cli

DEV = ConsortiumProfile().accounts()
ADDRESSES = [account.address for account in DEV]
CUSTOMERS = ADDRESSES[7:10]
SECRETS_TO_NEVER_PRINT = [account.private_key.removeprefix("0x").lower() for account in DEV]


@dataclass
class Cli:
    """Runs `collectibles ARGS` in-process with the given environment."""

    env: dict[str, str]
    extra_secrets: tuple[str, ...] = ()

    def __call__(self, *args: Any, code: int = 0, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        runner = CliRunner(mix_stderr=False)
        result = runner.invoke(cli, [str(a) for a in args], env={**self.env, **(env or {})}, input=input,
                               prog_name="collectibles")
        transcript = f"$ collectibles {' '.join(map(str, args))}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        assert result.exit_code == code, transcript
        leaked = result.stdout.lower() + result.stderr.lower()
        for key in SECRETS_TO_NEVER_PRINT + [k.lower() for k in self.extra_secrets]:
            assert key not in leaked, f"a private key was printed:\n{transcript}"
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    def json(self, *args: Any, code: int = 0, env: dict[str, str] | None = None) -> Any:
        result = self("--json", *args, code=code, env=env)
        return json.loads(result.stdout)


def stop_chains(chains_dir: Path, *pids: int) -> None:
    """Stops any managed chain under `chains_dir` (teardown safety net), then reaps `pids`.

    `chain up` run in-process makes the detached node a child of the test process: once stopped
    it stays a zombie until reaped (a real `collectibles` process exits and leaves that to init).
    """
    for kind in ("anvil", "ganache"):
        make_chain(kind, ConsortiumProfile(state_dir=chains_dir / kind)).stop()
    for pid in pids:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass  # not our child, or reaped already


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="session")
def run(workdir: Path) -> Cli:
    """The CLI against the session's chain and manifest."""
    return Cli({
        "COLLECTIBLES_CHAINS_DIR": str(workdir / "chains"),
        "COLLECTIBLES_MANIFEST": str(workdir / "deployments" / "suite.json"),
    })


@pytest.fixture(scope="session")
def chain(run: Cli, workdir: Path) -> Iterator[dict[str, Any]]:
    """The session's managed Anvil chain, started by `collectibles chain up`."""
    pids: list[int] = []
    try:
        up = run.json("chain", "up")
        pids.append(up["pid"])
        yield up
    finally:
        stop_chains(workdir / "chains", *pids)


@pytest.fixture(scope="session")
def suite(run: Cli, chain: dict[str, Any]) -> dict[str, Any]:
    """The deployed suite (by `collectibles deploy`), with two customers KYC-approved."""
    deployed = run.json("deploy")
    run("kyc", "approve", *CUSTOMERS, "--expires", "+365d")
    return deployed
