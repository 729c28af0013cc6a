"""``collectibles deploy`` and ``collectibles info``: deploy the suite, show what is deployed.

``deploy`` calls :func:`bank_collectibles.deploy_suite`, which records every step in the manifest
(``--manifest``, default ``deployments/<chain id>.json``): a deployment cut off half-way resumes
where it stopped, and deploying again with a complete manifest sends nothing (the command says so,
counting the transactions its signers sent); the options given then must agree with the manifest.

Roles: on a local chain they default to the dev accounts (0 admin and operator, 1 issuer, 2 KYC
officer, 3 compliance officer, 4 regulator, 5 treasury, 6 minter); elsewhere to the signer, unless
given as options. The signer is the admin (``--key-env``/``--keystore``; dev account 0 on a local
chain). When the issuer is another account, the first collection is created by the issuer: its
key comes from ``--issuer-key-env`` (or the dev account on a local chain).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from .._contracts import checked_address
from ..deployment import Deployment, SuiteRoles, deploy_suite
from ..errors import InvalidInput
from ..factory import CollectionSpec
from ..signers import LocalSigner, Signer
from ._base import CliCommand, signer_options
from ._context import State, state
from ._params import DURATION

ROLE_OPTIONS = ("issuer", "kyc_officer", "compliance_officer", "regulator", "treasury", "minter")
_COLLECTION_OPTIONS = {"name", "symbol", "royalty_bps", "holding_period", "max_transfers", "contract_uri"}


def register(cli: click.Group) -> None:
    cli.add_command(deploy)
    cli.add_command(info)


@click.command(cls=CliCommand)
@click.option("--issuer", metavar="ADDRESS", help="The first member bank (issuer of the first collection).")
@click.option("--kyc-officer", metavar="ADDRESS", help="Approves and revokes KYC.")
@click.option("--compliance-officer", "--compliance", metavar="ADDRESS", help="Freezes, forced transfers, burns.")
@click.option("--regulator", metavar="ADDRESS", help="Compliance powers and the operator freeze.")
@click.option("--treasury", metavar="ADDRESS", help="Mints and burns the deposit token.")
@click.option("--minter", metavar="ADDRESS", help="Mints on the first collection.")
@click.option("--fee-bps", type=click.IntRange(0, 1000), default=0, show_default=True, help="Platform fee, basis points.")
@click.option("--fee-recipient", metavar="ADDRESS", help="Receives the platform fee [default: the operator].")
@click.option("--name", default="Collectibles", show_default=True, help="The first collection's name.")
@click.option("--symbol", default="BCOL", show_default=True, help="The first collection's symbol.")
@click.option("--royalty-bps", type=click.IntRange(0, 1000), default=0, show_default=True, help="Default royalty.")
@click.option("--holding-period", type=DURATION, default="0", show_default=True,
              help="Holding period before a token can move (e.g. 24h, 180d).")
@click.option("--max-transfers", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True,
              help="Transfers per token (0: unlimited).")
@click.option("--contract-uri", default="", help="Collection-level metadata URI.")
@click.option("--issuer-key-env", metavar="VAR", help="The issuer's private key, when it is not the signer.")
@signer_options
@click.pass_context
def deploy(ctx: click.Context, fee_bps: int, fee_recipient: str | None, name: str, symbol: str, royalty_bps: int,
           holding_period: int, max_transfers: int, contract_uri: str, issuer_key_env: str | None, **roles: str | None) -> None:
    """Deploy the suite (or finish or confirm an earlier deployment) and write its manifest."""
    st = state(ctx)
    client = st.client()
    admin = st.explicit_signer()
    local = st.is_local()
    dev = st.dev_accounts() if local else []
    if admin is None:
        if not local:
            raise InvalidInput("`deploy` is signed by the admin: choose the signer with --key-env VAR or --keystore PATH")
        admin = dev[0]
    defaults = {role: (dev[i + 1].address if local and len(dev) > i + 1 else admin.address) for i, role in enumerate(ROLE_OPTIONS)}
    chosen = {role: checked_address(roles.get(role) or defaults[role], role.replace("_", " ")) for role in ROLE_OPTIONS}
    suite_roles = SuiteRoles(
        operator=admin.address,
        fee_recipient=checked_address(fee_recipient, "fee recipient") if fee_recipient else None,
        fee_bps=fee_bps,
        **chosen,
    )
    issuer = _issuer_signer(admin, suite_roles.issuer, issuer_key_env, dev)
    spec = CollectionSpec(name, symbol, contract_uri=contract_uri, royalty_bps=royalty_bps,
                          holding_period=holding_period, max_transfers=max_transfers)
    path = st.manifest_path()
    signers = {admin.address, issuer.address}
    before = {a: client.node.nonce(a, "latest") for a in signers}
    if _complete(path):  # only the options given are compared with the deployment: a difference is refused
        given = {name for name in ctx.params if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT}
        compare_roles = bool(given & {*ROLE_OPTIONS, "fee_bps", "fee_recipient", "issuer_key_env"})
        deployment = deploy_suite(client, admin, path, roles=suite_roles if compare_roles else None,
                                  issuer=issuer if compare_roles else None,
                                  collection=spec if given & _COLLECTION_OPTIONS else None)
    else:
        deployment = deploy_suite(client, admin, path, roles=suite_roles, issuer=issuer, collection=spec)
    sent = sum(client.node.nonce(a, "latest") - n for a, n in before.items())
    st._deployment = deployment
    data = _describe(deployment)
    data["transactions_sent"] = sent

    def human(console: Any) -> None:
        _print_deployment(st, data, console)
        if sent:
            console.print(f"deployed: {sent} transaction(s) sent; manifest written to {path}")
        else:
            console.print(f"already deployed: nothing was sent (manifest {path})")

    st.out.result(data, human)


@click.command(cls=CliCommand)
@click.pass_context
def info(ctx: click.Context) -> None:
    """Show the deployment: contracts, collections, role holders."""
    st = state(ctx)
    deployment = st.deployment()
    data = _describe(deployment)
    st.out.result(data, lambda console: _print_deployment(st, data, console))


def _complete(manifest: Path) -> bool:
    try:
        return bool(json.loads(manifest.read_text()).get("complete"))
    except (OSError, ValueError, AttributeError):
        return False  # none yet, or one `deploy_suite` explains better


def _issuer_signer(admin: Signer, issuer: str, key_env: str | None, dev: list[LocalSigner]) -> Signer:
    if issuer == admin.address:
        return admin
    if key_env:
        signer = LocalSigner.from_env(key_env)
        if signer.address != issuer:
            raise InvalidInput(f"the key in {key_env} is for {signer.address}, not the issuer {issuer}")
        return signer
    for account in dev:
        if account.address == issuer:
            return account
    raise InvalidInput(
        f"the issuer {issuer} creates the first collection: give its key with --issuer-key-env VAR, "
        "or make the signer the issuer (--issuer <signer address>)"
    )


def _describe(deployment: Deployment) -> dict[str, Any]:
    """The deployment from its manifest, with its role holders as the chain has them now (grants
    made since, and the issuer's own roles on its collections, included)."""
    manifest = deployment.manifest
    holders = {"registry": deployment.registry, "deposit_token": deployment.deposit_token}
    holders |= {f"collection:{c['address']}": deployment.collection_at(c["address"]) for c in manifest["collections"]}
    return {
        "manifest": str(deployment.manifest_path),
        "chain_id": manifest["chain_id"],
        "admin": manifest["admin"],
        "contracts": {name: record["address"] for name, record in manifest["contracts"].items()},
        "collections": [
            {"address": c["address"], "name": c["name"], "symbol": c["symbol"], "issuer": c["issuer"]}
            for c in manifest["collections"]
        ],
        "roles": {scope: contract.role_holders() for scope, contract in holders.items()},
        "marketplace": manifest.get("marketplace", {}),
    }


def _print_deployment(st: State, data: dict[str, Any], console: Any) -> None:
    out = st.out
    out.table(f"contracts on chain {data['chain_id']}", ["contract", "address"], data["contracts"].items(), console=console)
    out.table("collections", ["name", "symbol", "address", "issuer"],
              [(c["name"], c["symbol"], c["address"], c["issuer"]) for c in data["collections"]], console=console)
    rows = []
    for scope, granted in data["roles"].items():
        for role, holders in granted.items():
            rows.extend((scope.split(":")[0], role, holder) for holder in holders)
    out.table("roles", ["on", "role", "holder"], rows, console=console)
