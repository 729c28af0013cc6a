"""Deploying the suite: arguments checked before the first transaction, the manifest, idempotent
re-runs and re-runs with other arguments, loading, a reset chain, a wrong chain, and resuming a
deployment cut off at a pending transaction."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bank_collectibles import (
    Client,
    CollectionSpec,
    Deployment,
    DeploymentError,
    InvalidAddress,
    InvalidInput,
    LocalSigner,
    SuiteRoles,
    deploy_suite,
)
from bank_collectibles._rpc import Node
from bank_collectibles._sending import ContractCall, Sender
from bank_collectibles.chains import AnvilChain, ConsortiumProfile, LocalChain
from bank_collectibles.deployment import CONTRACTS
from bank_collectibles.errors import WrongChain
from bank_collectibles.results import PlatformFee

from ._suite import ROYALTY_BPS, Suite, nothing_sent
from .test_validation import staff

#: The first collection of the shared suites (`_suite.deploy`).
SPEC = CollectionSpec("Spring Festival", "SPRING", royalty_bps=ROYALTY_BPS)


class Crash(BaseException):
    """The process dies (not an exception the library could catch)."""


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalChain]:
    """A zero-gas Anvil chain of this module's own, for deployments that start from nothing."""
    chain = AnvilChain(ConsortiumProfile(state_dir=tmp_path_factory.mktemp("scratch"), persist=False, gas_price=0))
    yield chain.start()
    chain.stop()


def _signer(chain: LocalChain, index: int) -> LocalSigner:
    return LocalSigner(chain.accounts[index].private_key)


def _nonce(chain: LocalChain, address: str) -> int:
    return Client.connect(chain).node.nonce(address, "latest")


def _admin_roles(admin: LocalSigner, **changes) -> SuiteRoles:
    return replace(SuiteRoles.all(admin.address), **changes)


@pytest.mark.parametrize("arguments, error, message", [
    (lambda admin, other: {"collection": CollectionSpec("Spring", "SPR", royalty_bps=5000)},
     InvalidInput, "royalty_bps must be at most 1000, not 5000"),
    (lambda admin, other: {"roles": _admin_roles(admin, fee_bps=20_000)},
     InvalidInput, "roles.fee_bps must be at most 1000, not 20000"),
    (lambda admin, other: {"roles": _admin_roles(admin, regulator="0xdead")},
     InvalidAddress, "roles.regulator '0xdead' is not an address"),
    (lambda admin, other: {"roles": _admin_roles(admin, operator=other.address)},
     InvalidInput, "roles.operator 0x.* is not the admin 0x.*: .*Deploy with the admin as operator, then grant OPERATOR_ROLE"),
    (lambda admin, other: {"roles": _admin_roles(admin, issuer=other.address)},
     InvalidInput, "the issuer signer 0x.* is not roles.issuer 0x.*: .*pass its signer as issuer"),
], ids=["royalty", "fee", "role address", "operator not admin", "issuer not roles.issuer"])  # fmt: skip
def test_bad_arguments_are_refused_before_the_first_transaction(scratch: LocalChain, tmp_path: Path, arguments, error, message):
    admin, other = _signer(scratch, 8), _signer(scratch, 9)
    client = Client.connect(scratch)
    path = tmp_path / "deployment.json"
    with nothing_sent(client, admin.address, other.address), pytest.raises(error, match=message):
        deploy_suite(client, admin, path, **arguments(admin, other))
    assert not path.exists()  # not even a manifest to resume


def test_the_manifest_records_every_contract_and_role(any_suite: Suite):
    manifest = json.loads(any_suite.deployment.manifest_path.read_text())
    assert manifest["complete"] and manifest["pending"] is None
    assert manifest["chain_id"] == 8888 and manifest["admin"] == any_suite.admin.address
    assert set(manifest["contracts"]) == set(CONTRACTS)
    for record in manifest["contracts"].values():
        assert record["code_hash"].startswith("0x") and record["tx_hash"].startswith("0x")
    assert manifest["roles"]["registry"]["KYC_OFFICER_ROLE"] == [any_suite.kyc_officer.address]
    assert manifest["marketplace"] == {"fee_recipient": any_suite.admin.address, "fee_bps": 250}
    (first,) = manifest["collections"]
    assert first["issuer"] == any_suite.issuer.address
    assert any_suite.deployment.factory.is_collection(first["address"])
    assert any_suite.deployment.registry.has_role("REGULATOR_ROLE", any_suite.regulator.address)
    assert any_suite.marketplace.platform_fee() == PlatformFee(any_suite.admin.address, 250)


def test_deploying_again_with_a_complete_manifest_sends_nothing(any_suite: Suite):
    s = any_suite
    roles = [s.admin, s.issuer, s.kyc_officer, s.compliance, s.regulator, s.treasury, s.minter]
    with nothing_sent(s.client, *(r.address for r in roles)):
        again = deploy_suite(s.client, s.admin, s.deployment.manifest_path, roles=s.roles, issuer=s.issuer)
    assert again.manifest == s.deployment.manifest


def test_deploying_again_with_the_same_arguments_in_another_case_sends_nothing(suite: Suite):
    """Every argument as the first deployment had it, addresses in lower case (as databases export
    them): they agree with the manifest, so the re-run is the no-op it always was."""
    s = suite
    lower = replace(s.roles, **{name: getattr(s.roles, name).lower() for name in ("issuer", "kyc_officer", "minter")})
    with nothing_sent(s.client, *staff(s)):
        again = deploy_suite(s.client, s.admin, s.deployment.manifest_path, roles=lower, issuer=s.issuer, collection=SPEC)
    assert again.manifest == s.deployment.manifest


@pytest.mark.parametrize("change", [
    lambda s: ({"collection": replace(SPEC, name="Summer")},
               "the manifest's collection name is 'Spring Festival' but collection.name is 'Summer'"),
    lambda s: ({"collection": replace(SPEC, royalty_bps=100)},
               f"the manifest's collection royalty_bps is {ROYALTY_BPS} but collection.royalty_bps is 100"),
    lambda s: ({"collection": replace(SPEC, royalty_receiver=s.spare.address)},
               f"the manifest's collection royalty_receiver is None but collection.royalty_receiver is '{s.spare.address}'"),
    lambda s: ({"roles": replace(s.roles, kyc_officer=s.spare.address)},
               f"the manifest's KYC_OFFICER_ROLE is held by {s.kyc_officer.address} but roles.kyc_officer is {s.spare.address}"),
    lambda s: ({"roles": replace(s.roles, minter=s.spare.address)},
               f"the manifest's MINTER_ROLE is held by {s.minter.address} but roles.minter is {s.spare.address}"),
    lambda s: ({"roles": replace(s.roles, fee_bps=100)}, "the manifest's fee_bps is 250 but roles.fee_bps is 100"),
    lambda s: ({"roles": replace(s.roles, issuer=s.spare.address), "issuer": s.spare},
               f"the manifest's collection issuer is {s.issuer.address} but issuer is {s.spare.address}"),
    lambda s: ({"roles": None, "issuer": None, "collection": None, "admin": s.spare},
               f"the manifest's admin is {s.admin.address} but admin is {s.spare.address}"),
], ids=["collection name", "royalty", "royalty receiver", "kyc officer", "minter", "fee", "issuer", "admin"])  # fmt: skip
def test_deploying_again_with_other_arguments_names_what_differs_and_sends_nothing(suite: Suite, change):
    s = suite
    arguments, difference = change(s)
    arguments = {"admin": s.admin, "roles": s.roles, "issuer": s.issuer, "collection": SPEC, **arguments}
    before = s.deployment.manifest_path.read_text()
    with nothing_sent(s.client, *staff(s), s.spare.address), pytest.raises(DeploymentError) as info:
        deploy_suite(s.client, arguments.pop("admin"), s.deployment.manifest_path, **arguments)
    message = str(info.value)
    assert f"the deployment in {s.deployment.manifest_path} is complete and differs from the arguments: " in message
    assert difference in message
    assert message.endswith("use another manifest path to deploy a second suite, or Factory to add a collection")
    assert s.deployment.manifest_path.read_text() == before


def test_an_unknown_contract_name_lists_the_known_ones(suite: Suite):
    with pytest.raises(InvalidInput, match=re.escape(
        "'Factory' is not a contract of the suite: the manifest has ConsortiumRegistry, DepositToken, "
        "Collection, CollectionFactory, Marketplace"
    )):  # fmt: skip
        suite.deployment.address("Factory")


def test_a_suite_loads_from_its_manifest(suite: Suite):
    loaded = Deployment.load(suite.client, suite.deployment.manifest_path)
    for name in CONTRACTS:
        assert loaded.address(name) == suite.deployment.address(name)
    assert loaded.collection.address == suite.collection.address
    assert loaded.marketplace.deposit_token.address == suite.deposit.address


def test_a_missing_or_foreign_manifest_is_refused(suite: Suite, tmp_path: Path):
    with pytest.raises(DeploymentError, match="no deployment manifest"):
        Deployment.load(suite.client, tmp_path / "none.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(DeploymentError, match="not a deployment manifest"):
        Deployment.load(suite.client, tmp_path / "bad.json")
    (tmp_path / "other.json").write_text(json.dumps({"format": "something/1"}))
    with pytest.raises(DeploymentError, match="is not a bank-collectibles"):
        deploy_suite(suite.client, suite.admin, tmp_path / "other.json")
    (tmp_path / "list.json").write_text("[]")
    with pytest.raises(DeploymentError, match="is not a bank-collectibles"):
        Deployment.load(suite.client, tmp_path / "list.json")


def _damaged(manifest: dict, damage) -> dict:
    copy = json.loads(json.dumps(manifest))
    damage(copy)
    return copy


@pytest.mark.parametrize("damage, problem", [
    (lambda m: m.pop("contracts"), "contracts is missing"),
    (lambda m: m.update(collections=None), "collections is missing or not a list"),
    (lambda m: m.update(collections=[]), "without every contract of the suite and a first collection"),
    (lambda m: m.update(contracts=[]), "contracts is missing or not a dict"),
    (lambda m: m["contracts"]["Marketplace"].update(address="0x123"), "without a valid address"),
    (lambda m: m.update(chain_id="8888"), "chain_id is not a number"),
], ids=["no contracts", "null collections", "no collections", "contracts a list", "short address", "chain id text"])
def test_a_damaged_manifest_is_refused_by_name(suite: Suite, tmp_path: Path, damage, problem):
    manifest = json.loads(suite.deployment.manifest_path.read_text())
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(_damaged(manifest, damage)))
    with pytest.raises(DeploymentError, match=rf"is a damaged .* manifest \(.*{re.escape(problem)}"):
        Deployment.load(suite.client, path)


def test_a_manifest_of_another_chain_raises_wrong_chain_and_sends_nothing(suite: Suite, tmp_path: Path):
    manifest = json.loads(suite.deployment.manifest_path.read_text())
    manifest["chain_id"] = 31337
    path = tmp_path / "other-chain.json"
    path.write_text(json.dumps(manifest))
    with pytest.raises(WrongChain, match="is for chain 31337"):
        Deployment.load(suite.client, path)
    with nothing_sent(suite.client, suite.admin.address), pytest.raises(WrongChain):
        deploy_suite(suite.client, suite.admin, path, roles=suite.roles, issuer=suite.issuer)


def test_a_manifest_of_another_chain_is_refused_before_its_first_contract(suite: Suite, tmp_path: Path):
    """A deployment cut off before anything was recorded still names its chain: resuming it on
    another chain must not deploy a second suite there."""
    manifest = json.loads(suite.deployment.manifest_path.read_text())
    manifest.update(chain_id=31337, contracts={}, collections=[], roles={}, pending=None, complete=False)
    manifest.pop("marketplace", None)
    path = tmp_path / "started-elsewhere.json"
    path.write_text(json.dumps(manifest))
    with nothing_sent(suite.client, suite.admin.address, suite.issuer.address), pytest.raises(WrongChain, match="is for chain 31337"):
        deploy_suite(suite.client, suite.admin, path, roles=suite.roles, issuer=suite.issuer)
    assert json.loads(path.read_text()) == manifest  # untouched


def test_an_incomplete_manifest_does_not_load(suite: Suite, tmp_path: Path):
    manifest = json.loads(suite.deployment.manifest_path.read_text())
    manifest["complete"] = False
    path = tmp_path / "incomplete.json"
    path.write_text(json.dumps(manifest))
    with pytest.raises(DeploymentError, match="incomplete"):
        Deployment.load(suite.client, path)


def test_a_manifest_on_a_reset_chain_raises_deployment_error(scratch: LocalChain, tmp_path: Path):
    admin = _signer(scratch, 1)
    path = tmp_path / "deployment.json"
    deploy_suite(Client.connect(scratch), admin, path)
    scratch.restart()  # not persisted: back to genesis, every contract gone
    client = Client.connect(scratch)
    with pytest.raises(DeploymentError, match="the chain was reset"):
        Deployment.load(client, path)
    with nothing_sent(client, admin.address), pytest.raises(DeploymentError, match="the chain was reset"):
        deploy_suite(client, admin, path)


def _crash_at(monkeypatch: pytest.MonkeyPatch, label: str, *, after_broadcast: bool) -> None:
    """Makes the process 'die' at the broadcast of the transaction labelled `label`."""
    real = Sender.broadcast

    def broadcast(self: Sender, signed, retries: int = 3) -> None:
        if signed.call.label == label:
            if after_broadcast:
                real(self, signed, retries)
            raise Crash(label)
        real(self, signed, retries)

    monkeypatch.setattr(Sender, "broadcast", broadcast)


def _clean_deployment_nonce(chain: LocalChain, admin: LocalSigner, path: Path) -> int:
    before = _nonce(chain, admin.address)
    deploy_suite(Client.connect(chain), admin, path)
    return _nonce(chain, admin.address) - before


@pytest.mark.parametrize("after_broadcast", [False, True], ids=["before-broadcast", "after-broadcast"])
def test_an_interrupted_deployment_resumes_its_pending_transaction(
    scratch: LocalChain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after_broadcast: bool
):
    transactions = _clean_deployment_nonce(scratch, _signer(scratch, 2), tmp_path / "clean.json")
    admin = _signer(scratch, 3 if after_broadcast else 4)
    path = tmp_path / "deployment.json"
    start = _nonce(scratch, admin.address)

    with monkeypatch.context() as patch:
        _crash_at(patch, "deploy CollectionFactory", after_broadcast=after_broadcast)
        with pytest.raises(Crash):
            deploy_suite(Client.connect(scratch), admin, path)
    cut = json.loads(path.read_text())
    assert set(cut["contracts"]) == {"ConsortiumRegistry", "DepositToken", "Collection"}
    pending = cut["pending"]
    assert pending["contract"] == "CollectionFactory" and not cut["complete"]

    resumed = deploy_suite(Client.connect(scratch), admin, path)  # a new process
    assert resumed.manifest["complete"] and resumed.manifest["pending"] is None
    assert resumed.manifest["contracts"]["CollectionFactory"]["tx_hash"] == pending["tx_hash"]
    assert _nonce(scratch, admin.address) - start == transactions  # nothing deployed twice
    assert resumed.factory.is_collection(resumed.collection.address)
    assert Deployment.load(Client.connect(scratch), path).manifest == resumed.manifest


def test_a_pending_transaction_mined_while_the_deployment_resumes_is_recorded_not_deployed_again(
    scratch: LocalChain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """On a chain that mines by the clock, the block with the pending deployment can arrive
    between the resume's reads: the receipt, not a stale look, must decide."""
    transactions = _clean_deployment_nonce(scratch, _signer(scratch, 2), tmp_path / "clean.json")
    admin = _signer(scratch, 7)
    path = tmp_path / "deployment.json"
    start = _nonce(scratch, admin.address)
    provider = Client.connect(scratch).web3.provider
    real_broadcast, real_nonce = Sender.broadcast, Node.nonce

    def broadcast_then_die(self: Sender, signed, retries: int = 3) -> None:
        if signed.call.label == "deploy Marketplace":
            provider.make_request("evm_setAutomine", [False])  # it waits in the pool
            real_broadcast(self, signed, retries)
            raise Crash(signed.call.label)
        real_broadcast(self, signed, retries)

    def the_block_arrives_first(self: Node, address: str, block: str = "pending") -> int:
        if block == "latest" and not mined:
            provider.make_request("evm_mine", [])
            provider.make_request("evm_setAutomine", [True])
            mined.append(True)
        return real_nonce(self, address, block)

    mined: list[bool] = []
    try:
        with monkeypatch.context() as patch:
            patch.setattr(Sender, "broadcast", broadcast_then_die)
            with pytest.raises(Crash):
                deploy_suite(Client.connect(scratch), admin, path)
        pending = json.loads(path.read_text())["pending"]
        assert Client.connect(scratch).node.receipt(pending["tx_hash"]) is None
        with monkeypatch.context() as patch:
            patch.setattr(Node, "nonce", the_block_arrives_first)
            resumed = deploy_suite(Client.connect(scratch), admin, path)
    finally:
        provider.make_request("evm_setAutomine", [True])
    assert mined
    assert resumed.manifest["contracts"]["Marketplace"]["tx_hash"] == pending["tx_hash"]
    assert _nonce(scratch, admin.address) - start == transactions  # nothing deployed twice


def test_a_pending_transaction_whose_nonce_went_elsewhere_is_deployed_again(
    scratch: LocalChain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    admin = _signer(scratch, 5)
    path = tmp_path / "deployment.json"
    with monkeypatch.context() as patch:
        _crash_at(patch, "deploy Marketplace", after_broadcast=False)
        with pytest.raises(Crash):
            deploy_suite(Client.connect(scratch), admin, path)
    pending = json.loads(path.read_text())["pending"]
    # Before the resume, the admin's nonce is used by another transaction.
    client = Client.connect(scratch)
    client.sender(admin).send(ContractCall(admin.address, b"", "ping", "ping"))
    assert client.node.nonce(admin.address, "latest") == pending["nonce"] + 1

    resumed = deploy_suite(Client.connect(scratch), admin, path)
    record = resumed.manifest["contracts"]["Marketplace"]
    assert record["tx_hash"] != pending["tx_hash"]
    assert resumed.manifest["complete"]
    assert resumed.registry.is_approved_operator(resumed.marketplace.address)
