"""Deploying the whole suite in one call, and loading it again from its manifest.

The manifest (JSON) records the chain id, every contract's address, transaction, block and code
hash, the artifacts' hashes, the collections and the roles granted. It is written after every
step, and a transaction that creates something (a contract, the first collection: a clone gets a
new address each time) is recorded there as pending before it is broadcast, so a deployment cut
off at any point resumes where it stopped without creating anything twice. Role grants need no
record: each is sent only when the chain shows the role missing. Deploying again with a complete
manifest sends nothing, and refuses arguments that differ from what the manifest records.

Every argument is checked before the manifest is read: bad input never sends a transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_abi import encode
from eth_utils import keccak

from ._addresses import is_hex_address
from ._contracts import checked_address, load_artifact
from ._deployment_args import (
    SuiteRoles,
    checked_deposit_name,
    checked_roles,
    checked_signer,
    checked_spec,
    collection_settings,
    manifest_differences,
)
from ._sending import ContractCall, Sender, SignedTx
from .collection import Collection
from .errors import DeploymentError, InvalidInput, WrongChain
from .factory import CollectionSpec, Factory
from .marketplace import DepositToken, Marketplace
from .registry import Registry, role_id
from .results import CollectionCreated, PlatformFee
from .signers import Signer

if TYPE_CHECKING:
    from .client import Client

FORMAT = "bank-collectibles.deployment/1"
CONTRACTS = ("ConsortiumRegistry", "DepositToken", "Collection", "CollectionFactory", "Marketplace")
@dataclass
class Deployment:
    """A deployed suite, bound to a client: its contracts and its first collection.

    The contracts it returns have no signer: bind one with `.using(signer)` to write.

    Attributes:
        client: The connection.
        manifest_path: The manifest's file.
        manifest: The manifest's content.
    """

    client: Client
    manifest_path: Path
    manifest: dict[str, Any] = field(repr=False)

    def address(self, contract: str) -> str:
        """The recorded address of one of the suite's contracts.

        Args:
            contract: Its name: "ConsortiumRegistry", "DepositToken", "Collection" (the
                implementation), "CollectionFactory" or "Marketplace".

        Returns:
            The address.

        Raises:
            InvalidInput: Not a contract of the manifest.
        """
        contracts = self.manifest["contracts"]
        if not isinstance(contract, str) or contract not in contracts:
            raise InvalidInput(f"{contract!r} is not a contract of the suite: the manifest has {', '.join(contracts)}")
        return contracts[contract]["address"]

    @property
    def registry(self) -> Registry:
        """The consortium registry."""
        return Registry(self.client, self.address("ConsortiumRegistry"))

    @property
    def deposit_token(self) -> DepositToken:
        """The deposit token."""
        return DepositToken(self.client, self.address("DepositToken"))

    @property
    def marketplace(self) -> Marketplace:
        """The marketplace, with the deposit token as its currency."""
        return Marketplace(self.client, self.address("Marketplace"), deposit_token=self.deposit_token)

    @property
    def factory(self) -> Factory:
        """The collection factory."""
        return Factory(self.client, self.address("CollectionFactory"))

    @property
    def collection(self) -> Collection:
        """The first collection."""
        return self.collection_at(self.manifest["collections"][0]["address"])

    def collection_at(self, address: str) -> Collection:
        """A collection of the suite, wired to its marketplace.

        Args:
            address: The collection (one the factory made).

        Returns:
            The collection, without a signer.

        Raises:
            InvalidAddress: A bad address.
        """
        return Collection(self.client, address, marketplace=self.marketplace)

    @classmethod
    def load(cls, client: Client, path: str | Path) -> Deployment:
        """The suite a manifest describes, after checking it is on this chain.

        Args:
            client: The connection.
            path: The manifest `deploy_suite` wrote.

        Returns:
            The deployed suite.

        Raises:
            DeploymentError: The manifest is missing, malformed, incomplete, or a contract's code
                is not on the chain (a chain reset since the deployment).
            WrongChain: The manifest belongs to another chain.
        """
        manifest = _read(Path(path))
        if manifest is None:
            raise DeploymentError(f"no deployment manifest at {path}: deploy first (`collectibles deploy`)")
        if not manifest.get("complete"):
            raise DeploymentError(f"the deployment in {path} is incomplete: run the deployment again to finish it")
        deployment = cls(client, Path(path), manifest)
        deployment.verify()
        return deployment

    def verify(self) -> None:
        """Checks the chain id and that every recorded contract's code is on the chain.

        Raises:
            WrongChain: The manifest belongs to another chain.
            DeploymentError: A contract's code is not on the chain (a chain reset since the deployment).
            NodeError: The node failed.
        """
        if self.manifest["chain_id"] != self.client.chain_id:
            raise WrongChain(
                f"{self.manifest_path} is for chain {self.manifest['chain_id']}, the node is chain {self.client.chain_id}"
            )
        for name, record in self.manifest["contracts"].items():
            code_hash = "0x" + keccak(self.client.node.code(record["address"])).hex()
            if code_hash != record["code_hash"]:
                raise DeploymentError(
                    f"{name} is not at {record['address']} on this chain (the chain was reset, or this is another "
                    f"chain of id {self.client.chain_id}): give this chain's manifest, or deploy to a new one "
                    f"(--manifest NEW.json); {self.manifest_path} stays valid for its own chain"
                )


def deploy_suite(
    client: Client,
    admin: Signer,
    manifest_path: str | Path,
    *,
    roles: SuiteRoles | None = None,
    issuer: Signer | None = None,
    collection: CollectionSpec | None = None,
    deposit_name: tuple[str, str] = ("Digital Deposit", "DDEP"),
) -> Deployment:
    """Deploys the registry, deposit token, collection implementation, factory, marketplace and a
    first collection, and grants the roles; or finishes or confirms an earlier deployment.

    Every argument is checked before anything is sent. With a complete manifest nothing is sent:
    the arguments given must agree with what the manifest records (`roles`, `issuer` and
    `collection` left as None are not compared).

    Args:
        client: The connection.
        admin: Deploys, and holds the admin roles of the registry and the deposit token.
        manifest_path: Where the manifest is written (and read, when it exists).
        roles: Role holders; every role goes to the admin when None. The operator must be the
            admin: approving the marketplace and setting the fee need `OPERATOR_ROLE`.
        issuer: Signs the first collection's creation; it must be `roles.issuer` (the admin when None).
        collection: The first collection's settings (`CollectionSpec("Collectibles", "BCOL")` when None).
        deposit_name: The deposit token's name and symbol.

    Returns:
        The deployed suite.

    Raises:
        InvalidAddress: A role holder's address is malformed, has a bad checksum or is zero.
        InvalidInput: `admin` or `issuer` is not a signer; `issuer` is not `roles.issuer`; the
            operator is not the admin; a fee or royalty above 1000 bps, an empty name or symbol,
            or another setting the contracts would refuse.
        WrongChain: The manifest exists for another chain.
        DeploymentError: The manifest is malformed or its contracts are not on this chain; the
            manifest is complete and an argument differs from what it records; or an unfinished
            deployment's pending transaction belongs to neither the admin nor the issuer given now.
        ContractError, NodeError: A step failed; the manifest keeps what was done.
    """
    path = Path(manifest_path)
    admin = checked_signer(admin, "admin")
    suite_roles = checked_roles(roles or SuiteRoles.all(admin.address), admin)
    creator = checked_signer(issuer or admin, "issuer")
    if creator.address != suite_roles.issuer:
        raise InvalidInput(
            f"the issuer signer {creator.address} is not roles.issuer {suite_roles.issuer}: the first collection "
            "is created by roles.issuer, so pass its signer as issuer"
        )
    spec = checked_spec(collection or CollectionSpec("Collectibles", "BCOL"), creator)
    deposit_name = checked_deposit_name(deposit_name)
    manifest = _read(path) or {
        "format": FORMAT,
        "chain_id": client.chain_id,
        "admin": admin.address,
        "created_at": int(time.time()),
        "contracts": {},
        "collections": [],
        "roles": {},
        "pending": None,
        "complete": False,
    }
    deployment = Deployment(client, path, manifest)
    deployment.verify()  # the chain id always, even before the first contract is recorded
    if manifest["complete"]:
        changed = manifest_differences(
            manifest,
            admin,
            suite_roles if roles is not None else None,
            creator if issuer is not None else None,
            spec if collection is not None else None,
        )
        if changed:
            raise DeploymentError(
                f"the deployment in {path} is complete and differs from the arguments: {'; '.join(changed)}: "
                "use another manifest path to deploy a second suite, or Factory to add a collection"
            )
        return deployment
    _Deployer(client, admin, deployment).run(suite_roles, creator, spec, deposit_name)
    return deployment


class _Deployer:
    def __init__(self, client: Client, admin: Signer, deployment: Deployment) -> None:
        self.client = client
        self.admin = admin
        self.deployment = deployment
        self.manifest = deployment.manifest

    def run(self, roles: SuiteRoles, issuer: Signer, spec: CollectionSpec, deposit_name: tuple[str, str]) -> None:
        self._settle_pending(issuer)
        a = self.manifest["contracts"]
        self._deploy("ConsortiumRegistry", ["address"], [self.admin.address])
        self._deploy("DepositToken", ["string", "string", "address", "address"], [*deposit_name, a["ConsortiumRegistry"]["address"], self.admin.address])
        self._deploy("Collection", [], [])
        self._deploy("CollectionFactory", ["address", "address"], [a["ConsortiumRegistry"]["address"], a["Collection"]["address"]])
        self._deploy(
            "Marketplace",
            ["address", "address", "address"],
            [a["ConsortiumRegistry"]["address"], a["DepositToken"]["address"], a["CollectionFactory"]["address"]],
        )
        self._grant_roles(roles)
        if not self.manifest["collections"]:
            self._create_collection(issuer, spec)
        first = self.deployment.collection.using(issuer)
        minters = self.manifest["roles"].setdefault(f"collection:{first.address}", {}).setdefault("MINTER_ROLE", [])
        if roles.minter not in minters:
            if not first._read("hasRole", role_id("MINTER_ROLE"), roles.minter):
                first.grant_role("MINTER_ROLE", roles.minter)
            minters.append(roles.minter)
        self.manifest["complete"] = True
        self._save()

    # ------------------------------------------------------------------------------ contracts

    def _deploy(self, name: str, types: list[str], args: list[Any]) -> None:
        if name in self.manifest["contracts"]:
            return
        artifact = load_artifact(name)
        init_code = bytes.fromhex(artifact["bytecode"][2:]) + encode(types, args)
        call = ContractCall("", init_code, ("deploy", name), f"deploy {name}")
        self._record(name, self._send_recorded(self.admin, call, {"contract": name}))

    def _create_collection(self, issuer: Signer, spec: CollectionSpec) -> None:
        """Creates the first collection, recorded as pending first: a second clone is never made."""
        factory = self.deployment.factory.using(issuer)
        call = factory.create_collection_call(spec)
        step = {"collection": {**collection_settings(spec), "issuer": issuer.address}}
        self._record_collection(factory._created(self._send_recorded(issuer, call, step)), step["collection"])

    def _send_recorded(self, signer: Signer, call: ContractCall, step: dict[str, Any]) -> Any:
        """Sends `call`, writing it to the manifest as pending (signed, with its hash) before the
        broadcast; the receipt, once the transaction succeeded."""
        sender = self.client.sender(signer)
        gas = sender.estimate(call)
        with sender.nonces.lock(sender.address):
            (signed,) = sender.sign([call], gas_limits=[gas])
            self.manifest["pending"] = {
                **step, "sender": sender.address, "to": call.to, "tx_hash": signed.hash, "nonce": signed.nonce,
                "raw": signed.raw.hex(), "gas": gas,
            }  # fmt: skip
            self._save()
            sender.broadcast(signed)
        return sender.check(signed, sender.wait([signed])[0])

    def _record_collection(self, created: CollectionCreated, step: dict[str, str]) -> None:
        self.manifest["collections"].append(
            {**step, "address": created.address, "tx_hash": created.tx.tx_hash, "block": created.tx.block}
        )
        self.manifest["pending"] = None
        self._save()

    def _record(self, name: str, receipt: Any) -> None:
        address = receipt.contract_address
        artifact = load_artifact(name)
        self.manifest["contracts"][name] = {
            "address": address,
            "tx_hash": receipt.tx_hash,
            "block": receipt.block_number,
            "code_hash": "0x" + keccak(self.client.node.code(address)).hex(),
            "artifact_sha256": hashlib.sha256(json.dumps(artifact, sort_keys=True).encode()).hexdigest(),
        }
        self.manifest["pending"] = None
        self._save()

    def _settle_pending(self, issuer: Signer) -> None:
        """Finishes a transaction recorded before a crash (a contract's deployment or the first
        collection's creation): wait for it, resend it, or drop it."""
        pending = self.manifest.get("pending")
        if not pending:
            return
        # Manifests written before collections were recorded hold only contract deployments (by the admin).
        signer = self._pending_signer(pending.get("sender", self.admin.address), issuer)
        sender: Sender = self.client.sender(signer)
        raw = bytes.fromhex(pending["raw"])
        label = f"deploy {pending['contract']}" if "contract" in pending else "Factory.createCollection"
        call = ContractCall(pending.get("to", ""), b"", ("pending", label), label)
        signed = SignedTx(call, sender.address, pending["nonce"], pending["gas"], raw, pending["tx_hash"])
        # The nonce first: once it is past ours, our transaction is final and its receipt decides.
        chain_nonce = self.client.node.nonce(sender.address, "latest")
        receipt = self.client.node.receipt(signed.hash)
        if receipt is None and chain_nonce <= signed.nonce:
            sender.rebroadcast(signed)  # it can still be mined: the same transaction, never a new one
            receipt = sender.wait([signed])[0]
        if receipt is not None and receipt.status == 1:
            if "contract" in pending:
                self._record(pending["contract"], receipt)
            else:
                self._record_collection(self.deployment.factory._created(receipt), pending["collection"])
        else:
            self.manifest["pending"] = None  # its nonce went elsewhere, or it reverted: send it again
            self._save()
        sender.nonces.resync(sender.address)

    def _pending_signer(self, address: str, issuer: Signer) -> Signer:
        for signer in (self.admin, issuer):
            if signer.address == address:
                return signer
        raise DeploymentError(
            f"the deployment in {self.deployment.manifest_path} stopped at a transaction of {address}, "
            f"neither the admin nor the issuer given now: resume it with the same admin and issuer"
        )

    # ---------------------------------------------------------------------------------- roles

    def _grant_roles(self, roles: SuiteRoles) -> None:
        d = self.deployment
        registry, deposit, market = d.registry.using(self.admin), d.deposit_token.using(self.admin), d.marketplace
        granted = self.manifest["roles"]
        for role, account in roles.registry_grants():
            self._grant(granted.setdefault("registry", {}), role, account, registry)
        if not registry.is_approved_operator(market.address):
            registry.set_approved_operator(market.address)  # the admin is the operator (checked before sending)
        for role, account in (("TREASURY_ROLE", roles.treasury), ("PAUSER_ROLE", roles.compliance_officer)):
            self._grant(granted.setdefault("deposit_token", {}), role, account, deposit)
        fee = PlatformFee(roles.fee_recipient or roles.operator, roles.fee_bps)
        if roles.fee_bps and market.platform_fee() != fee:
            market.using(self.admin).set_platform_fee(fee.recipient, fee.bps)
        self.manifest["marketplace"] = {"fee_recipient": fee.recipient, "fee_bps": fee.bps}
        self._save()

    def _grant(self, record: dict[str, list[str]], role: str, account: str, contract: Any) -> None:
        holders = record.setdefault(role, [])
        account = checked_address(account, role)
        if account not in holders:
            if not contract._read("hasRole", role_id(role), account):
                contract.grant_role(role, account)
            holders.append(account)
            self._save()

    def _save(self) -> None:
        path = self.deployment.manifest_path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.manifest, indent=2) + "\n")
        os.replace(tmp, path)  # atomic: a crash leaves the old manifest or the new one


def _read(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text())
    except ValueError as error:
        raise DeploymentError(f"{path} is not a deployment manifest: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DeploymentError(f"{path} is not a {FORMAT} manifest")
    problem = _shape_problem(manifest)
    if problem:
        raise DeploymentError(f"{path} is a damaged {FORMAT} manifest ({problem}): restore it from a copy or deploy again")
    return manifest


def _shape_problem(manifest: dict[str, Any]) -> str | None:
    """What is wrong with the structure of a manifest that names our format, or None."""
    if not isinstance(manifest.get("chain_id"), int) or isinstance(manifest.get("chain_id"), bool):
        return "chain_id is not a number"
    for key, kind in (("contracts", dict), ("collections", list), ("roles", dict), ("complete", bool)):
        if not isinstance(manifest.get(key), kind):
            return f"{key} is missing or not a {kind.__name__}"
    records = [*manifest["contracts"].values(), *manifest["collections"]]
    if not all(isinstance(r, dict) and is_hex_address(r.get("address")) for r in records):
        return "a contract or collection without a valid address"
    if not all(isinstance(r.get("code_hash"), str) for r in manifest["contracts"].values()):
        return "a contract without its code hash"
    if manifest["complete"] and (not manifest["collections"] or not set(CONTRACTS) <= set(manifest["contracts"])):
        return "complete, but without every contract of the suite and a first collection"
    return None
