"""Chains for the client tests: one of each kind per session, stopped at the end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bank_collectibles.chains import ConsortiumProfile, LocalChain, make_chain
from bank_collectibles.client import Client
from bank_collectibles.signers import LocalSigner

KINDS = ("anvil", "ganache", "embedded")


def _started(kind: str, tmp_path_factory: pytest.TempPathFactory, **fields) -> Iterator[LocalChain]:
    chain = make_chain(kind, ConsortiumProfile(state_dir=tmp_path_factory.mktemp(kind), persist=False, **fields))
    chain.start()
    yield chain
    chain.stop()


@pytest.fixture(scope="session", params=KINDS)
def any_chain(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalChain]:
    """Each chain kind in turn: the tests that use it run on Anvil, Ganache and the embedded chain."""
    yield from _started(request.param, tmp_path_factory)


@pytest.fixture(scope="session")
def anvil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalChain]:
    """One Anvil chain for the tests that run on Anvil only."""
    yield from _started("anvil", tmp_path_factory)


@pytest.fixture
def signers(any_chain: LocalChain) -> list[LocalSigner]:
    return [LocalSigner(account.private_key) for account in any_chain.accounts]


@pytest.fixture
def client(any_chain: LocalChain) -> Client:
    return Client.connect(any_chain)
