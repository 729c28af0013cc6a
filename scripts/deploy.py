"""``ape run deploy``: deploy the bank-collectibles suite with the Python library, through ape.

    ape run deploy --network ethereum:local:test        # ape's in-process chain
    ape run deploy --network ethereum:local:foundry     # Anvil, launched by ape-foundry
    ape run deploy --network <live network> --account ALIAS --manifest deployments/<chain>.json

On a local network ape's test accounts take the suite's roles (0 admin and operator, 1 issuer,
2 KYC officer, 3 compliance officer, 4 regulator, 5 treasury, 6 minter); elsewhere the ape
account ``--account`` holds every role. The suite is deployed by
:func:`bank_collectibles.deploy_suite` from the compiled artifacts shipped with the package (no
compilation by ape); deploying again with the same manifest on the same chain sends nothing.
"""

from __future__ import annotations

from pathlib import Path

import click
from ape.cli import ConnectedProviderCommand

from bank_collectibles import CollectionSpec
from scripts._ape_support import connect, default_manifest, deploy, describe, network_label, signers


@click.command(cls=ConnectedProviderCommand, short_help="Deploy the bank-collectibles suite")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="Deployment manifest [default: build/ape/deployments/ on local networks, else deployments/<chain id>.json].")
@click.option("--account", "alias", metavar="ALIAS", help="The ape account that signs (required off local networks).")
@click.option("--name", default="Collectibles", show_default=True, help="The first collection's name.")
@click.option("--symbol", default="BCOL", show_default=True, help="The first collection's symbol.")
@click.option("--fee-bps", type=click.IntRange(0, 1000), default=0, show_default=True, help="Platform fee, basis points.")
def cli(manifest: Path | None, alias: str | None, name: str, symbol: str, fee_bps: int) -> None:
    """Deploy the suite (or confirm an earlier deployment) and write its manifest."""
    client = connect()
    path = manifest or default_manifest(client)
    deployment, sent = deploy(client, signers(alias), path, CollectionSpec(name, symbol), fee_bps)
    click.echo(f"network {network_label()} (chain {client.chain_id})")
    click.echo(describe(deployment))
    if sent:
        click.echo(f"deployed: {sent} transaction(s) sent; manifest {path}")
    else:
        click.echo(f"already deployed: nothing was sent; manifest {path}")
