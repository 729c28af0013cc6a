"""`ape run deploy` and `ape run campaign` as a developer runs them, on ape's two local networks:
the in-process EthereumTester chain and Anvil launched by ape-foundry."""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bank_collectibles.chains._anvil import anvil_binary

ROOT = Path(__file__).resolve().parents[2]
APE = Path(sys.executable).parent / "ape"
NETWORKS = ("ethereum:local:test", "ethereum:local:foundry")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def ape_env(tmp_path: Path) -> tuple[dict[str, str], int]:
    """ape's environment: a HOME of the test's own, Anvil's native binary first on PATH (ape-foundry
    looks for `anvil` there; the npm wrapper in node_modules/.bin would leave the binary running as
    a grandchild), and a free port for the Anvil that ape-foundry launches."""
    home = tmp_path / "home"
    home.mkdir()
    port = _free_port()
    anvil_dir = anvil_binary(ROOT / "node_modules").parent
    env = {**os.environ, "HOME": str(home), "PATH": os.pathsep.join([str(anvil_dir), os.environ["PATH"]]),
           "APE_FOUNDRY_HOST": f"http://127.0.0.1:{port}"}
    return env, port


def _ape(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(APE), "run", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"ape run {' '.join(args)}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.parametrize("network", NETWORKS)
def test_deploy_then_campaign(network: str, ape_env: tuple[dict[str, str], int], tmp_path: Path) -> None:
    env, port = ape_env
    manifest = tmp_path / "manifest.json"
    deployed = _ape(env, "deploy", "--network", network, "--manifest", str(manifest), "--name", "Ape Spring")
    assert "deployed: 15 transaction(s) sent" in deployed.stdout
    recorded = json.loads(manifest.read_text())
    assert recorded["complete"] and recorded["collections"][0]["name"] == "Ape Spring"
    assert recorded["chain_id"] == (1337 if network.endswith(":test") else 31337)

    # ape starts a new local chain at every run: the campaign finds the manifest's chain gone and deploys afresh.
    out = tmp_path / "campaign"
    ran = _ape(env, "campaign", "--network", network, "--manifest", str(manifest), "--size", "12", "--out-dir", str(out))
    assert "deploying afresh" in ran.stdout
    assert "12 of 12 customer(s) minted, 0 failed, 0 pending" in ran.stdout
    (report,) = out.glob("*.report.csv")
    rows = list(csv.DictReader(open(report)))
    assert len(rows) == 12 and {r["status"] for r in rows} == {"confirmed"}
    assert sorted(r["serial"] for r in rows) == sorted(f"#{n}/8888" for n in range(1, 13))
    assert not _listening(port), "ape-foundry left Anvil running"


def test_campaign_from_a_csv_argument(ape_env: tuple[dict[str, str], int], tmp_path: Path) -> None:
    env, _ = ape_env
    customers = tmp_path / "customers.csv"
    customers.write_text("customer,wallet,target,kyc_expires_at\n"
                         "A-1,0x1111111111111111111111111111111111111111,edition:Tiger,2030-01-01\n"
                         "A-2,0x2222222222222222222222222222222222222222,edition:Tiger,2030-01-01\n")
    ran = _ape(env, "campaign", str(customers), "--edition", "Tiger", "--supply", "88", "--network", NETWORKS[0],
               "--manifest", str(tmp_path / "m.json"), "--out-dir", str(tmp_path / "out"))
    assert "created edition 1 'Tiger' of 88" in ran.stdout and "2 of 2 customer(s) minted" in ran.stdout
