"""Resuming a deployment cut off at the first collection's creation: a factory clone gets a new
address each time, so the creation is recorded as pending before it is broadcast and settled on
resume, and the suite ends with exactly one collection whatever the moment of the crash."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bank_collectibles import Client, Deployment, DeploymentError, LocalSigner, SuiteRoles, deploy_suite
from bank_collectibles._sending import ContractCall
from bank_collectibles.chains import AnvilChain, ConsortiumProfile, LocalChain
from bank_collectibles.registry import role_id

from ._suite import nothing_sent
from .test_deployment import Crash, _crash_at, _nonce, _signer

CREATE = "Factory.createCollection"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalChain]:
    """A zero-gas Anvil chain of this module's own, for deployments that start from nothing."""
    chain = AnvilChain(ConsortiumProfile(state_dir=tmp_path_factory.mktemp("resume"), persist=False, gas_price=0))
    yield chain.start()
    chain.stop()


@pytest.fixture(scope="module")
def transactions(scratch: LocalChain, tmp_path_factory: pytest.TempPathFactory) -> int:
    """How many transactions a deployment that nothing interrupts sends."""
    admin = _signer(scratch, 9)
    before = _nonce(scratch, admin.address)
    deploy_suite(Client.connect(scratch), admin, tmp_path_factory.mktemp("clean") / "deployment.json")
    return _nonce(scratch, admin.address) - before


def _cut_at_the_collection(chain: LocalChain, admin: LocalSigner, path: Path, monkeypatch: pytest.MonkeyPatch, *, after: bool) -> dict:
    with monkeypatch.context() as patch:
        _crash_at(patch, CREATE, after_broadcast=after)
        with pytest.raises(Crash):
            deploy_suite(Client.connect(chain), admin, path)
    cut = json.loads(path.read_text())
    assert cut["collections"] == [] and not cut["complete"]
    return cut


@pytest.mark.parametrize("after_broadcast", [False, True], ids=["before-broadcast", "after-broadcast"])
def test_a_deployment_cut_at_the_collection_resumes_with_exactly_one_collection(
    scratch: LocalChain, transactions: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after_broadcast: bool
):
    admin = _signer(scratch, 1 if after_broadcast else 2)
    path = tmp_path / "deployment.json"
    start = _nonce(scratch, admin.address)
    pending = _cut_at_the_collection(scratch, admin, path, monkeypatch, after=after_broadcast)["pending"]
    assert pending["collection"] == {
        "name": "Collectibles", "symbol": "BCOL", "issuer": admin.address, "contract_uri": "",
        "royalty_receiver": None, "royalty_bps": 0, "holding_period": 0, "max_transfers": 0,
    }  # fmt: skip
    assert pending["sender"] == admin.address and pending["raw"] and pending["tx_hash"].startswith("0x")

    resumed = deploy_suite(Client.connect(scratch), admin, path)  # a new process
    (first,) = resumed.manifest["collections"]
    assert resumed.factory.collections_of(admin.address) == [first["address"]]  # no second clone
    assert first["tx_hash"] == pending["tx_hash"]  # the recorded transaction, not a new one
    assert resumed.manifest["complete"] and resumed.manifest["pending"] is None
    assert _nonce(scratch, admin.address) - start == transactions
    assert resumed.collection._read("hasRole", role_id("MINTER_ROLE"), admin.address)  # the steps after it ran
    assert Deployment.load(Client.connect(scratch), path).manifest == resumed.manifest

    with nothing_sent(Client.connect(scratch), admin.address):  # and again: nothing changes
        again = deploy_suite(Client.connect(scratch), admin, path)
    assert again.manifest == resumed.manifest


def test_a_pending_collection_whose_nonce_went_elsewhere_is_created_once(
    scratch: LocalChain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    admin = _signer(scratch, 3)
    path = tmp_path / "deployment.json"
    pending = _cut_at_the_collection(scratch, admin, path, monkeypatch, after=False)["pending"]
    client = Client.connect(scratch)
    client.sender(admin).send(ContractCall(admin.address, b"", "ping", "ping"))  # takes the recorded nonce
    assert client.node.nonce(admin.address, "latest") == pending["nonce"] + 1

    resumed = deploy_suite(Client.connect(scratch), admin, path)
    (first,) = resumed.manifest["collections"]
    assert first["tx_hash"] != pending["tx_hash"] and resumed.manifest["complete"]
    assert resumed.factory.collections_of(admin.address) == [first["address"]]


def test_a_collection_pending_for_another_issuer_is_not_resumed_by_this_one(
    scratch: LocalChain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    admin, issuer, stranger = _signer(scratch, 4), _signer(scratch, 5), _signer(scratch, 6)
    path = tmp_path / "deployment.json"
    roles = SuiteRoles(**{**vars(SuiteRoles.all(admin.address)), "issuer": issuer.address})
    with monkeypatch.context() as patch:
        _crash_at(patch, CREATE, after_broadcast=True)
        with pytest.raises(Crash):
            deploy_suite(Client.connect(scratch), admin, path, roles=roles, issuer=issuer)
    assert json.loads(path.read_text())["pending"]["sender"] == issuer.address

    other = SuiteRoles(**{**vars(roles), "issuer": stranger.address})
    client = Client.connect(scratch)
    with nothing_sent(client, admin.address, issuer.address, stranger.address):
        with pytest.raises(DeploymentError, match=f"stopped at a transaction of {issuer.address}"):
            deploy_suite(client, admin, path, roles=other, issuer=stranger)
    resumed = deploy_suite(Client.connect(scratch), admin, path, roles=roles, issuer=issuer)
    assert resumed.factory.collections_of(issuer.address) == [resumed.collection.address]
