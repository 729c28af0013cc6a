"""Node processes: detached nodes found again from their pid file, no orphans, no writes to HOME."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bank_collectibles.chains import (
    AnvilChain,
    ChainAlreadyRunning,
    ChainNotRunning,
    ConsortiumProfile,
    make_chain,
)

from .._support import ROOT
from ._helpers import deploy_reporter, gone, wait_until

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs prctl and /proc")

# A Python process that starts a chain and reports the node's pid, as an application would.
CHILD = """
import sys, time
from pathlib import Path
from bank_collectibles.chains import ConsortiumProfile, make_chain
kind, state_dir, mode = sys.argv[1:4]
chain = make_chain(kind, ConsortiumProfile(state_dir=Path(state_dir))).start(detach=mode == "detach")
print(chain.status().pid, flush=True)
if mode == "hang":
    time.sleep(600)
"""


def run_child(kind: str, state_dir: Path, mode: str) -> tuple[subprocess.Popen[str], int]:
    """Start CHILD; return it and the pid of the node it started."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, kind, str(state_dir), mode], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    line = child.stdout.readline()  # type: ignore[union-attr]
    assert line.strip().isdigit(), f"the child failed to start {kind} (see its stderr above)"
    return child, int(line)


@pytest.fixture
def node_dir(tmp_path: Path) -> Iterator[Path]:
    """A state folder whose node, if a test leaves one running, is stopped at teardown."""
    yield tmp_path / "node"
    for kind in ("anvil", "ganache"):
        make_chain(kind, ConsortiumProfile(state_dir=tmp_path / "node")).kill()


def test_detached_node_outlives_python_and_is_stopped_from_a_fresh_object(node_dir):
    child, pid = run_child("anvil", node_dir, "detach")
    assert child.wait(timeout=30) == 0
    assert not gone(pid)  # the Python process that started it has exited

    record = json.loads((node_dir / "node.json").read_text())
    assert record["pid"] == pid and record["detached"] is True
    assert record["profile"]["chain_id"] == 8888 and record["port"] > 0

    fresh = AnvilChain(ConsortiumProfile(state_dir=node_dir))  # as `collectibles chain status` would
    status = fresh.status()
    assert status.running and status.detached and status.pid == pid
    assert status.rpc_url == f"http://127.0.0.1:{record['port']}"
    assert fresh.web3().eth.chain_id == 8888
    with pytest.raises(ChainAlreadyRunning, match=str(pid)):
        fresh.start()

    attached = AnvilChain.attach(node_dir)  # the profile and port the node runs with
    attached.restart()
    restarted = attached.status()
    assert gone(pid) and restarted.pid != pid
    assert restarted.detached and restarted.rpc_url == status.rpc_url

    fresh.stop()  # as `collectibles chain down` would

    assert gone(restarted.pid)
    assert not fresh.is_running() and not attached.is_running()
    assert not (node_dir / "node.json").exists()
    with pytest.raises(ChainNotRunning):
        AnvilChain.attach(node_dir)


def test_a_pid_file_never_leads_to_signalling_another_program(tmp_path):
    other = subprocess.Popen(["sleep", "60"])
    try:
        state_dir = tmp_path / "node"
        state_dir.mkdir()
        fake = {"kind": "anvil", "pid": other.pid, "port": 1, "argv": ["anvil", "--port", "1"],
                "detached": True, "log_path": "x", "profile": ConsortiumProfile().to_dict()}  # fmt: skip
        (state_dir / "node.json").write_text(json.dumps(fake))
        chain = AnvilChain(ConsortiumProfile(state_dir=state_dir))

        assert not chain.is_running()
        chain.stop()
        chain.kill()

        assert other.poll() is None  # `sleep` was left alone
    finally:
        other.kill()
        other.wait()


@linux_only
@pytest.mark.parametrize("kind", ["anvil", "ganache"])
def test_no_orphan_when_the_python_parent_is_killed(node_dir, kind):
    child, pid = run_child(kind, node_dir, "hang")
    assert not gone(pid)

    child.send_signal(signal.SIGKILL)  # no atexit hook runs
    child.wait()

    assert wait_until(lambda: gone(pid), timeout=10), f"{kind} (pid {pid}) outlived its parent"


def test_normal_exit_stops_the_node_before_python_ends(node_dir):
    child, pid = run_child("anvil", node_dir, "exit")  # exits without calling stop()

    assert child.wait(timeout=30) == 0
    assert gone(pid)  # atexit stopped and reaped it before the interpreter finished
    assert not (node_dir / "node.json").exists()


def test_starting_twice_is_refused(start_chain):
    chain = start_chain("anvil", persist=False)
    twin = AnvilChain(chain.profile)

    with pytest.raises(ChainAlreadyRunning):
        chain.start()
    with pytest.raises(ChainAlreadyRunning):
        twin.start()
    assert twin.rpc_url == chain.rpc_url  # the twin sees the same node


@linux_only
@pytest.mark.parametrize("kind", ["anvil", "ganache"])
def test_nothing_is_written_to_the_home_folder(start_chain, tmp_path, monkeypatch, kind):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(var, raising=False)

    chain = start_chain(kind)
    deploy_reporter(chain.web3(), chain.accounts[0])
    environ = Path(f"/proc/{chain.status().pid}/environ").read_bytes().split(b"\0")
    chain.stop()

    assert f"HOME={chain.home_dir}".encode() in environ  # the node got a home of its own
    assert list(home.iterdir()) == []


def test_anvil_needs_no_node_js(start_chain, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no `node`: Anvil runs natively

    chain = start_chain("anvil", persist=False)

    assert chain.web3().eth.chain_id == 8888
    assert os.path.basename(json.loads((chain.state_dir / "node.json").read_text())["argv"][0]) == "anvil"
