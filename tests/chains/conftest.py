"""Fixtures that start chains and stop them whatever the test's outcome."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bank_collectibles.chains import ConsortiumProfile, LocalChain, make_chain

KINDS = ("anvil", "ganache", "embedded")
NODE_KINDS = ("anvil", "ganache")

StartChain = Callable[..., LocalChain]


@pytest.fixture
def start_chain(tmp_path: Path) -> Iterator[StartChain]:
    """``start_chain(kind, *, port=None, detach=False, **profile_fields)``: a started chain whose
    state lives under the test's tmp folder; every chain it made is stopped at teardown."""
    made: list[LocalChain] = []

    def start(kind: str, *, port: int | None = None, detach: bool = False, **fields: Any) -> LocalChain:
        fields.setdefault("state_dir", tmp_path / kind)
        options = {"port": port} if port is not None else {}
        chain = make_chain(kind, ConsortiumProfile(**fields), **options)
        made.append(chain)
        return chain.start(detach=detach)

    yield start
    for chain in made:
        chain.stop()


@pytest.fixture(scope="module", params=KINDS)
def chain(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalChain]:
    """One started chain of each kind, shared by a module's tests (each test uses its own accounts)."""
    kind = request.param
    started = make_chain(kind, ConsortiumProfile(state_dir=tmp_path_factory.mktemp(kind))).start()
    yield started
    started.stop()
