"""Chains for the client tests: one of each kind per session, stopped at the end.

- `suite`: the full client suite, on Anvil (zero gas) and on Ganache (EIP-1559 fees).
- `any_suite` / `any_chain`: the representative subset, on Anvil, Ganache and the embedded chain.
"""

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
def suite(request: pytest.FixtureRequest, suites: SuitePool) -> Suite:
    """The suite on each node chain in turn (Anvil with zero gas, Ganache with EIP-1559 fees): the
    full client suite runs on both (see `pytest_generate_tests`)."""
    return suites.get(request.param)


#: The full suite runs on both node chains (the embedded chain runs the `any_suite` subset).
SUITE_KINDS = ("anvil", "ganache")

#: Tests of the `suite` fixture that do not apply to Ganache, and why: they run on Anvil only.
#: Keyed by "file::test" (a renamed test then runs on Ganache too, and fails there loudly).
ANVIL_ONLY = {
    "test_connect.py::test_a_legacy_zero_gas_client_sends_type_0_transactions_at_price_0":
        "asserts a zero gas price; the suite's Ganache chain charges EIP-1559 fees (zero_gas)",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrizes `suite` over Anvil and Ganache (one shared chain per kind for the session)."""
    if "suite" in metafunc.fixturenames:
        key = f"{Path(str(metafunc.definition.path)).name}::{metafunc.definition.originalname}"
        kinds = ("anvil",) if key in ANVIL_ONLY else SUITE_KINDS
        metafunc.parametrize("suite", kinds, indirect=True, scope="session")


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
