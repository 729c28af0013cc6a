"""Which chain, which deployment and which signer a command uses.

Chain: ``--rpc URL`` (env ``COLLECTIBLES_RPC``) wins; without it the CLI looks for the managed
chain that ``collectibles chain up`` started, from its state folder (``<chains dir>/anvil`` then
``<chains dir>/ganache``; the chains dir is ``--chains-dir``, env ``COLLECTIBLES_CHAINS_DIR``,
default the project's ``build/chains``). A ``--rpc`` URL equal to the managed chain's is treated
as the managed chain.

Deployment: ``--manifest PATH`` (env ``COLLECTIBLES_MANIFEST``), default
``deployments/<chain id>.json`` under the current directory. Collection: ``--collection ADDRESS``
(env ``COLLECTIBLES_COLLECTION``), default the manifest's first collection.

Signer, in this order:

1. ``--key-env VAR``: the private key in environment variable VAR (never on the command line,
   where shell history and ``ps`` would show it);
2. ``--keystore PATH``: an encrypted JSON keystore, its password from env
   ``COLLECTIBLES_KEYSTORE_PASSWORD`` or a hidden prompt;
3. ``--account N``: funded dev account N of a local chain (the managed chain, or a --rpc URL on
   127.0.0.1/localhost); refused for any other chain;
4. nothing given, on a local chain: the dev account that holds the role the command needs, as
   the manifest records it (``kyc approve`` -> the KYC officer, ``mint`` -> a minter, ``freeze``
   -> a compliance officer...). Commands acting for a holder (transfer, list, buy, cancel) have
   no default: the holder must be named.

Only one of 1-3 may be given.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import click

from ..chains import CHAIN_KINDS, ChainNotRunning, ConsortiumProfile, LocalChain
from ..chains._paths import project_root
from ..client import Client
from ..deployment import Deployment
from ..errors import InvalidInput, NodeUnreachable
from ..signers import LocalSigner, Signer
from ._output import Output

if TYPE_CHECKING:
    from ..collection import Collection

NODE_KINDS = ("anvil", "ganache")
PASSWORD_ENV = "COLLECTIBLES_KEYSTORE_PASSWORD"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Role:
    """A role a command is signed by, and where the manifest records its holders."""

    label: str  # for messages: "the KYC officer"
    section: str | None  # manifest["roles"] key ("registry", "deposit_token", "collection"); None: special
    name: str = ""

    def holders(self, manifest: dict[str, Any], collection: str | None) -> list[str]:
        roles = manifest.get("roles", {})
        if self.section is None:
            if self.name == "issuer":
                return [c["issuer"] for c in manifest.get("collections", []) if collection in (None, c["address"])]
            return [manifest.get("admin", "")]
        key = f"collection:{collection}" if self.section == "collection" else self.section
        return list(roles.get(key, {}).get(self.name, []))


ADMIN = Role("the deployment's admin", None, "admin")
ANYONE = Role("any account (the deployment's admin by default)", None, "admin")
ISSUER = Role("the collection's issuer", None, "issuer")
MINTER = Role("a minter of the collection", "collection", "MINTER_ROLE")
KYC_OFFICER = Role("the KYC officer", "registry", "KYC_OFFICER_ROLE")
COMPLIANCE = Role("a compliance officer", "registry", "COMPLIANCE_ROLE")
REGULATOR = Role("the regulator", "registry", "REGULATOR_ROLE")
OPERATOR = Role("the consortium operator", "registry", "OPERATOR_ROLE")
TREASURY = Role("the treasury", "deposit_token", "TREASURY_ROLE")


@dataclass
class State:
    """The global options of one invocation and what they resolve to (resolved on first use)."""

    rpc: str | None = None
    manifest: Path | None = None
    chains_dir: Path | None = None
    collection_address: str | None = None
    key_env: str | None = None
    keystore: Path | None = None
    account: int | None = None
    json: bool = False
    debug: bool = False
    _chain: LocalChain | None = field(default=None, repr=False)
    _chain_checked: bool = field(default=False, repr=False)
    _client: Client | None = field(default=None, repr=False)
    _deployment: Deployment | None = field(default=None, repr=False)

    @property
    def out(self) -> Output:
        return Output(self.json)

    # ---------------------------------------------------------------------------- the chain

    @property
    def chains_base(self) -> Path:
        return self.chains_dir or project_root() / "build" / "chains"

    def state_dir(self, kind: str) -> Path:
        return self.chains_base / kind

    def managed_chain(self) -> LocalChain | None:
        """The running managed chain (the first of anvil, ganache found running), or None."""
        if not self._chain_checked:
            self._chain_checked = True
            for kind in NODE_KINDS:
                try:
                    self._chain = CHAIN_KINDS[kind].attach(self.state_dir(kind))  # type: ignore[attr-defined]
                    break
                except ChainNotRunning:
                    continue
        return self._chain

    def client(self) -> Client:
        """The connection: --rpc, else the managed chain.

        Raises:
            NodeUnreachable: No --rpc and no managed chain runs, or nothing answers at --rpc.
        """
        if self._client is None:
            chain = self.managed_chain()
            if self.rpc and (chain is None or self.rpc.rstrip("/") != chain.rpc_url):
                self._client = _connect_url(self.rpc)
            elif chain is not None:
                self._client = Client.connect(chain)
            else:
                raise NodeUnreachable(
                    f"no chain to talk to: no --rpc URL given and no managed chain runs under {self.chains_base}"
                )
        return self._client

    def is_local(self) -> bool:
        """Whether the chain is a development chain: the managed one, or a --rpc on this machine."""
        if self.rpc:
            chain = self.managed_chain()
            return (chain is not None and self.rpc.rstrip("/") == chain.rpc_url) or urlparse(self.rpc).hostname in LOOPBACK
        return self.managed_chain() is not None

    def dev_accounts(self) -> list[LocalSigner]:
        """The funded dev accounts of the local chain (keys stay inside the signers)."""
        self._require_a_chain()
        if not self.is_local():
            raise InvalidInput("--account N is for local development chains only: use --key-env VAR or --keystore PATH")
        chain = self.managed_chain()
        accounts = chain.accounts if chain is not None and (not self.rpc or self.rpc.rstrip("/") == chain.rpc_url) else ConsortiumProfile().accounts()
        return [LocalSigner(a.private_key) for a in accounts]

    # ----------------------------------------------------------------------- the deployment

    def manifest_path(self) -> Path:
        if self.manifest is not None:
            return self.manifest
        return Path.cwd() / "deployments" / f"{self.client().chain_id}.json"

    def deployment(self) -> Deployment:
        """The deployed suite of the manifest, checked against the chain.

        Raises:
            DeploymentError: No manifest, an incomplete one, or its contracts are not on this chain.
            WrongChain: The manifest is for another chain.
        """
        if self._deployment is None:
            self._deployment = Deployment.load(self.client(), self.manifest_path())
        return self._deployment

    def collection(self) -> Collection:
        """The collection commands act on: --collection, else the manifest's first."""
        deployment = self.deployment()
        if self.collection_address:
            from .._contracts import checked_address

            address = checked_address(self.collection_address, "--collection (env COLLECTIBLES_COLLECTION)")
            if not deployment.factory.is_collection(address):
                raise InvalidInput(f"{address} is not a collection of this deployment's factory")
            return deployment.collection_at(address)
        return deployment.collection

    # ------------------------------------------------------------------------------ signers

    def explicit_signer(self) -> Signer | None:
        """The signer chosen with --key-env, --keystore or --account, or None."""
        chosen = [name for name, value in (("--key-env", self.key_env), ("--keystore", self.keystore),
                                            ("--account", self.account)) if value is not None]
        if len(chosen) > 1:
            raise InvalidInput(f"give one signer, not {' and '.join(chosen)}")
        if self.key_env is not None:
            return LocalSigner.from_env(self.key_env)
        if self.keystore is not None:
            LocalSigner.check_keystore(self.keystore)  # before asking for a password
            password = os.environ.get(PASSWORD_ENV)
            if password is None:
                if not sys.stdin.isatty():
                    raise InvalidInput(f"no password for {self.keystore}: set {PASSWORD_ENV} (no terminal to ask on)")
                password = click.prompt(f"Password for {self.keystore}", hide_input=True, err=True)
            return LocalSigner.from_keystore(self.keystore, password)
        if self.account is not None:
            accounts = self.dev_accounts()
            if not 0 <= self.account < len(accounts):
                raise InvalidInput(f"--account {self.account}: the chain has dev accounts 0 to {len(accounts) - 1}")
            return accounts[self.account]
        return None

    def signer(self, role: Role | None, command: str, who: str = "the holder") -> Signer:
        """The signer for `command`: the explicit one, else on a local chain the dev account
        that holds `role` in the manifest (with no role, `who` must be named).

        Raises:
            InvalidInput: No signer given and none can be chosen.
        """
        explicit = self.explicit_signer()
        if explicit is not None:
            return explicit
        how = "--key-env VAR or --keystore PATH (or --account N on a local chain)"
        self._require_a_chain()
        if role is None:
            raise InvalidInput(f"`{command}` is signed by {who}: choose the signer with {how}")
        found = self.role_signer(role)
        if found is None:
            raise InvalidInput(f"`{command}` is signed by {role.label}: choose the signer with {how}")
        return found

    def _require_a_chain(self) -> None:
        """With no --rpc and no managed chain running, the problem is the missing chain, not the
        signer: say that (NodeUnreachable, exit 3)."""
        if not self.rpc and self.managed_chain() is None:
            self.client()

    def role_signer(self, role: Role) -> Signer | None:
        """On a local chain, the dev account that holds `role` according to the manifest; else None."""
        if not self.is_local():
            return None
        collection = self.collection().address if role.section == "collection" or role is ISSUER else None
        holders = role.holders(self.deployment().manifest, collection)
        for account in self.dev_accounts():
            if account.address in holders:
                return account
        return None


def _connect_url(url: str) -> Client:
    """A client for `url`, bypassing HTTP proxies for a node on this machine."""
    if not url.startswith(("http://", "https://")):
        raise InvalidInput(f"--rpc (env COLLECTIBLES_RPC) {url!r} is not an http(s) URL")
    if urlparse(url).hostname in LOOPBACK:
        from web3 import Web3

        from .._rpc import http_provider

        return Client(Web3(http_provider(url, timeout=30, proxies={"http": None, "https": None})), url=url)
    return Client.connect(url)


def state(ctx: click.Context | None = None) -> State:
    """The invocation's State."""
    ctx = ctx or click.get_current_context()
    found = ctx.find_object(State)
    if found is None:  # a command invoked on its own (tests): default options
        found = ctx.ensure_object(State)
    return found
