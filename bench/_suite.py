"""What every benchmark starts from: a fresh Anvil chain with the suite deployed by the library.

Zero gas by default (as on consortium chains), so customers sign without ether; gas *used*, what
the gas figures report, does not depend on the price.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bank_collectibles import Client, CollectionSpec, Deployment, LocalSigner, SuiteRoles, deploy_suite
from bank_collectibles.chains import AnvilChain, ConsortiumProfile


@dataclass
class BenchSuite:
    chain: AnvilChain
    client: Client
    suite: Deployment
    admin: LocalSigner  # also the consortium operator
    issuer: LocalSigner
    kyc: LocalSigner
    treasury: LocalSigner
    minter: LocalSigner
    spare: list[LocalSigner]  # funded dev accounts with no role
    _next_customer: int = 0

    def customers(self, count: int) -> list[LocalSigner]:
        """`count` new customers, never seen on chain, KYC-approved for a year."""
        signers = [LocalSigner((0xBE7C_0000_0000 + self._next_customer + i).to_bytes(32, "big")) for i in range(count)]
        self._next_customer += count
        self.approve([s.address for s in signers])
        return signers

    def approve(self, addresses: list[str]) -> None:
        registry = self.suite.registry.using(self.kyc)
        for start in range(0, len(addresses), 500):
            registry.approve_kyc(addresses[start : start + 500], int(time.time()) + 365 * 86_400)

    def advance(self, seconds: int) -> None:
        """Moves the chain's clock forward and mines a block (a development chain)."""
        self.client.web3.provider.make_request("evm_increaseTime", [seconds])
        self.client.mine()


@contextmanager
def bench_suite(collection: CollectionSpec | None = None, fee_bps: int = 0, zero_gas: bool = True,
                keep_state: Path | None = None) -> Iterator[BenchSuite]:
    """A started Anvil chain with the suite deployed; the chain stops when the block ends.

    Args:
        collection: The first collection's settings.
        fee_bps: The marketplace's platform fee.
        zero_gas: A zero-gas chain; else Anvil's EIP-1559 fees (customers then need ether).
        keep_state: A folder to keep the chain's final state and manifest in, for `from_snapshot`.
    """
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        folder = keep_state or Path(work)
        with AnvilChain(_profile(folder, zero_gas, persist=keep_state is not None)) as chain:
            client = Client.connect(chain)
            signers = [LocalSigner(a.private_key) for a in chain.accounts]
            admin, issuer, kyc, treasury, minter = signers[0], signers[1], signers[2], signers[5], signers[6]
            roles = SuiteRoles(admin.address, issuer.address, kyc.address, admin.address, admin.address,
                               treasury.address, minter.address, fee_bps=fee_bps)
            suite = deploy_suite(client, admin, folder / "deployment.json", roles=roles, issuer=issuer,
                                 collection=collection)
            yield _bench(chain, client, suite)


@contextmanager
def from_snapshot(snapshot: Path) -> Iterator[BenchSuite]:
    """A chain started from a copy of the state `bench_suite(keep_state=snapshot)` left."""
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        shutil.copytree(snapshot, work, dirs_exist_ok=True)
        with AnvilChain(_profile(Path(work), zero_gas=True, persist=True)) as chain:
            client = Client.connect(chain)
            yield _bench(chain, client, Deployment.load(client, Path(work) / "deployment.json"))


def _profile(folder: Path, zero_gas: bool, persist: bool) -> ConsortiumProfile:
    # A kept state is written on the graceful stop only: no dumps while a benchmark measures.
    return ConsortiumProfile(state_dir=folder / "anvil", persist=persist, state_interval=86_400,
                             gas_price=0 if zero_gas else None)


def _bench(chain: AnvilChain, client: Client, suite: Deployment) -> BenchSuite:
    signers = [LocalSigner(a.private_key) for a in chain.accounts]
    admin, issuer, kyc, treasury, minter = signers[0], signers[1], signers[2], signers[5], signers[6]
    return BenchSuite(chain, client, suite, admin, issuer, kyc, treasury, minter, signers[7:])
