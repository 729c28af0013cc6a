"""What the ape scripts share: the library's client on ape's provider, signers, the deployment.

Not a script itself (ape ignores files starting with ``_``). The scripts only adapt ape to the
library; everything they do goes through ``bank_collectibles``:

- the client wraps ``ape.networks.provider.web3`` (with the node's URL, when it has one, so that
  reads are batched);
- on a local network (``ethereum:local:test``, ``ethereum:local:foundry``) the signers are ape's
  test accounts, by their private keys; elsewhere ``--account ALIAS`` names an ape account, which
  signs through ape (a keyfile account asks for its passphrase, or reads
  ``APE_ACCOUNTS_<alias>_PASSPHRASE``). ``TEST::N`` names test account N the same way;
- manifests of local networks live under ``build/ape/deployments/`` and are replaced when their
  chain is gone (ape starts a new local chain on every run); on other networks the default is
  ``deployments/<chain id>.json`` and a manifest is never replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bank_collectibles import Client, CollectionSpec, Deployment, DeploymentError, ExternalSigner, LocalSigner, SuiteRoles
from bank_collectibles import deploy_suite
from bank_collectibles.signers import Signer

ROLE_NAMES = ("admin", "issuer", "kyc_officer", "compliance_officer", "regulator", "treasury", "minter")


def provider() -> Any:
    import ape

    return ape.networks.provider


def is_local() -> bool:
    return bool(provider().network.is_local)


def network_label() -> str:
    p = provider()
    return f"{p.network.ecosystem.name}:{p.network.name}:{p.name}"


def connect() -> Client:
    """The library's client on ape's connection."""
    p = provider()
    url = getattr(p, "http_uri", None)
    url = url if isinstance(url, str) and url.startswith("http") else None
    return Client(p.web3, url=url)


def ape_signer(account: Any) -> Signer:
    """An ape account as a library signer: the library builds the transaction, ape signs it."""
    ecosystem = provider().network.ecosystem

    def sign(tx: dict[str, Any]) -> bytes:
        fields = dict(tx)
        fields["chain_id"] = fields.pop("chainId")
        if "to" in fields:
            fields["receiver"] = fields.pop("to")
        signed = account.sign_transaction(ecosystem.create_transaction(**fields))
        if signed is None:
            raise click.ClickException(f"{account.address} declined to sign")
        return bytes(signed.serialize_transaction())

    return ExternalSigner(account.address, sign)


def load_account(alias: str) -> Signer:
    import ape

    if alias.upper().startswith("TEST::"):
        return ape_signer(ape.accounts.test_accounts[int(alias.split("::", 1)[1])])
    return ape_signer(ape.accounts.load(alias))


def test_signers() -> list[LocalSigner]:
    """Ape's funded test accounts (local networks), signing with their keys in this process."""
    import ape

    return [LocalSigner(account.private_key) for account in list(ape.accounts.test_accounts)[: len(ROLE_NAMES) + 3]]


def signers(alias: str | None) -> list[Signer]:
    """Who acts: test accounts 0-6 on a local network (admin, issuer, KYC officer, compliance
    officer, regulator, treasury, minter), else the ape account `alias` in every role."""
    if alias:
        return [load_account(alias)] * len(ROLE_NAMES)
    if not is_local():
        raise click.UsageError(f"{network_label()} is not a local network: name the signer with --account ALIAS")
    return list(test_signers())


def default_manifest(client: Client) -> Path:
    if is_local():
        p = provider()
        return Path("build") / "ape" / "deployments" / f"{p.network.name}-{p.name}-{client.chain_id}.json"
    return Path("deployments") / f"{client.chain_id}.json"


def deploy(client: Client, acting: list[Signer], manifest: Path, spec: CollectionSpec, fee_bps: int = 0) -> tuple[Deployment, int]:
    """Deploys the suite (or loads it), replacing the stale manifest of a gone local chain.

    Returns:
        The deployment and the number of transactions its signers sent.
    """
    admin, issuer, kyc, compliance, regulator, treasury, minter = acting[: len(ROLE_NAMES)]
    roles = SuiteRoles(admin.address, issuer.address, kyc.address, compliance.address, regulator.address,
                       treasury.address, minter.address, fee_bps=fee_bps)
    if manifest.exists() and is_local():
        try:
            Deployment.load(client, manifest)
        except DeploymentError:
            stale = manifest.with_name(f"{manifest.stem}.stale.json")
            manifest.replace(stale)
            click.echo(f"the chain of {manifest} is gone (a new local chain): kept it as {stale.name}, deploying afresh")
    addresses = {s.address for s in (admin, issuer)}
    before = {a: client.node.nonce(a, "latest") for a in addresses}
    deployment = deploy_suite(client, admin, manifest, roles=roles, issuer=issuer, collection=spec)
    sent = sum(client.node.nonce(a, "latest") - n for a, n in before.items())
    return deployment, sent


def describe(deployment: Deployment) -> str:
    lines = [f"{name:<20} {record['address']}" for name, record in deployment.manifest["contracts"].items()]
    first = deployment.manifest["collections"][0]
    lines.append(f"{'collection':<20} {first['address']} ({first['name']}, issuer {first['issuer']})")
    return "\n".join(lines)
