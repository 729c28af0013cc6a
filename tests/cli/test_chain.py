"""`collectibles chain up|status|down`: a detached managed chain, found again from its state folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bank_collectibles.chains import AnvilChain

from .conftest import ADDRESSES, Cli, stop_chains


def test_up_status_down_a_detached_chain(tmp_path: Path) -> None:
    run = Cli({"COLLECTIBLES_CHAINS_DIR": str(tmp_path)})
    pids: list[int] = []
    try:
        up = run.json("chain", "up", "--block-time", "1")
        pids.append(up["pid"])
        assert up["running"] and not up["already_running"]
        assert up["kind"] == "anvil" and up["chain_id"] == 8888 and up["zero_gas"] and up["block_time"] == 1
        assert up["rpc_url"].startswith("http://127.0.0.1:")
        assert [a["address"] for a in up["accounts"]] == ADDRESSES
        assert Path(up["state_dir"]) == tmp_path / "anvil"

        # Detached: another object (as another process would) finds the node from its folder.
        attached = AnvilChain.attach(tmp_path / "anvil")
        assert attached.status().detached and attached.status().pid == up["pid"]

        again = run.json("chain", "up")
        assert again["already_running"] and again["pid"] == up["pid"]
        ignored = run("chain", "up", "--block-time", "5")
        assert "--block-time ignored: the running chain keeps its settings" in ignored.stderr
        human = run("chain", "status").stdout
        assert up["rpc_url"] in human and "8888" in human
        refused = run("chain", "up", "--fresh", code=3)  # a chain problem: one runs already
        assert "chain down" in refused.stderr

        down = run.json("chain", "down")
        assert down["stopped"][0]["pid"] == up["pid"]
        assert not attached.is_running()
        assert run.json("chain", "status", code=3) == {"running": False, "chains_dir": str(tmp_path)}
        assert "no managed chain is running" in run("chain", "down").stdout
    finally:
        stop_chains(tmp_path, *pids)


def test_state_survives_down_and_up_unless_fresh(tmp_path: Path) -> None:
    run = Cli({"COLLECTIBLES_CHAINS_DIR": str(tmp_path)})
    pids: list[int] = []
    try:
        pids.append(run.json("chain", "up")["pid"])
        run.json("--rpc", "http://127.0.0.1:1", "chain", "status")  # the managed chain, whatever --rpc says
        node = AnvilChain.attach(tmp_path / "anvil")
        node.web3().provider.make_request("evm_mine", [])
        node.web3().provider.make_request("evm_mine", [])
        run("chain", "down")
        again = run.json("chain", "up")
        pids.append(again["pid"])
        assert again["block"] == 2
        run("chain", "down")
        fresh = run("chain", "up", "--fresh")
        status = run.json("chain", "status")
        pids.append(status["pid"])
        assert "discarded the saved state" in fresh.stderr and status["block"] == 0
    finally:
        stop_chains(tmp_path, *pids)


def test_ganache_cannot_run_zero_gas(tmp_path: Path) -> None:
    run = Cli({"COLLECTIBLES_CHAINS_DIR": str(tmp_path)})
    result = run("chain", "up", "--kind", "ganache", "--zero-gas", code=2)
    assert "zero-gas" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "ganache" / "node.json").exists()


def test_the_console_script_runs_as_a_program(tmp_path: Path) -> None:
    """One real process: the installed `collectibles` entry point, its exit code and JSON."""
    script = Path(sys.executable).parent / "collectibles"
    env = {**os.environ, "COLLECTIBLES_CHAINS_DIR": str(tmp_path)}
    status = subprocess.run([str(script), "--json", "chain", "status"], env=env, capture_output=True, text=True, timeout=60)
    assert status.returncode == 3, status.stderr
    assert '"running": false' in status.stdout
    helped = subprocess.run([str(script), "--help"], env=env, capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0 and "Exit codes:" in helped.stdout and "chain" in helped.stdout
    bad = subprocess.run([str(script), "no-such-command"], env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "No such command" in bad.stderr
