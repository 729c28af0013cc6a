"""A deployed suite on a persistent Anvil chain, and campaign files of customers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from eth_account import Account

from bank_collectibles import Client, CollectionSpec, Deployment, LocalSigner, SuiteRoles, deploy_suite
from bank_collectibles.chains import AnvilChain, ConsortiumProfile
from bank_collectibles.chains._process import free_port

from ._driver import KYC_KEY, MINTER_KEY


@dataclass
class Setup:
    chain: AnvilChain
    client: Client
    suite: Deployment
    manifest: Path
    issuer: LocalSigner
    minter: LocalSigner
    kyc: LocalSigner

    def reconnect(self) -> None:
        self.client = Client.connect(self.chain)
        self.suite = Deployment.load(self.client, self.manifest)


def customers(count: int, start: int) -> list[str]:
    """Deterministic customer wallets (no keys needed: they only receive)."""
    return [Account.from_key((start + i).to_bytes(32, "big")).address for i in range(count)]


def write_csv(path: Path, wallets: list[str], target: str, kyc: str | None = "2035-01-01") -> Path:
    lines = ["customer,wallet,target" + (",kyc_expires_at" if kyc else "")]
    lines += [f"C{i:05d},{w},{target}" + (f",{kyc}" if kyc else "") for i, w in enumerate(wallets)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    """A fresh suite on an Anvil chain whose state is dumped only on a graceful stop: a kill loses
    everything since the last restart, which the node fault test relies on."""
    profile = ConsortiumProfile(state_dir=tmp_path / "anvil", gas_price=0, state_interval=3600)
    chain = AnvilChain(profile, port=free_port()).start()
    try:
        client = Client.connect(chain)
        signers = [LocalSigner(a.private_key) for a in chain.accounts]
        admin, issuer = signers[0], signers[1]
        minter, kyc = LocalSigner(MINTER_KEY), LocalSigner(KYC_KEY)
        roles = SuiteRoles(admin.address, issuer.address, kyc.address, signers[3].address, signers[4].address,
                           signers[5].address, minter.address)
        manifest = tmp_path / "deployment.json"
        suite = deploy_suite(client, admin, manifest, roles=roles, issuer=issuer, collection=CollectionSpec("Spring", "SPR"))
        yield Setup(chain, client, suite, manifest, issuer, minter, kyc)
    finally:
        chain.stop()


@pytest.fixture
def edition(setup: Setup) -> Callable[..., int]:
    def create(name: str = "Jade Rabbit", supply: int = 5000) -> int:
        return setup.suite.collection.using(setup.issuer).create_edition(name, supply, uri=f"ipfs://{name}").edition_id

    return create
