"""Chains for the client tests: one of each kind per session, stopped at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bank_collectibles.chains import ConsortiumProfile, LocalChain, make_chain
from bank_collectibles.client import Client
from bank_collectibles.signers import LocalSigner

from ._suite import COLLECTED, DESELECTED, Suite, SuitePool

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


# ------------------------------------------------------------------------------ deployed suites


@pytest.fixture(scope="session")
def suites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SuitePool]:
    """The deployed suites of the session, one per chain kind, started on first use."""
    pool = SuitePool(lambda name: tmp_path_factory.mktemp(name))
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def suite(suites: SuitePool) -> Suite:
    """The suite on a zero-gas Anvil chain: the full client suite runs here."""
    return suites.get("anvil")


@pytest.fixture(scope="session", params=KINDS)
def any_suite(request: pytest.FixtureRequest, suites: SuitePool) -> Suite:
    """The suite on each chain kind in turn (zero gas on Anvil and embedded, EIP-1559 fees on
    Ganache): the representative subset runs on all three."""
    return suites.get(request.param)


# ------------------------------------------------------------------------------ error coverage

COVERAGE_TEST = "test_every_suite_error_is_raised_as_its_typed_exception"


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Runs the error-coverage test last, after every test that records the errors it raised."""
    last = [item for item in items if item.name == COVERAGE_TEST]
    if last:
        items[:] = [item for item in items if item.name != COVERAGE_TEST] + last
    config.stash[COLLECTED] = {Path(str(item.path)).name for item in items}


def pytest_deselected(items: list[pytest.Item]) -> None:
    if items:
        items[0].config.stash[DESELECTED] = True
