"""``collectibles``: the command-line tool for every operation a bank operator needs.

Command tree::

    collectibles chain up|down|status          the managed local chain (Anvil or Ganache)
    collectibles deploy | info                 deploy the suite / show the deployment
    collectibles kyc import|approve|revoke|show
    collectibles edition create|list|show|reveal-uri
    collectibles drop create|show|mint|close
    collectibles reveal DROP | verify-reveal DROP
    collectibles mint EDITION ADDR...
    collectibles transfer | token | holdings | provenance
    collectibles list | buy | cancel | listings
    collectibles deposit mint|balance
    collectibles freeze | pause | force-transfer | policy
    collectibles campaign validate|run|resume|status|report
    collectibles demo                          the spring campaign on a fresh local chain

Design (see ``_context`` for how the chain, deployment and signer are chosen, ``_output`` for
output and exit codes):

- Global options go before the command; ``--json``, ``--debug`` and the signer options
  (``--account``, ``--key-env``, ``--keystore``) may also follow it.
- Every write is signed by the role it needs; on a local chain the dev account holding that role
  is chosen when no signer is given, so a developer types ``collectibles mint 1 0xabc...``.
- Errors are one line plus a hint, with an exit code per class of failure; ``--debug`` shows the
  traceback. Private keys are only read from the environment or a keystore, never printed.
"""

from __future__ import annotations

from pathlib import Path

import click

from ._base import CliGroup
from ._context import State
from ._output import EXIT_CODES_HELP


@click.group(cls=CliGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=EXIT_CODES_HELP)
@click.option("--rpc", envvar="COLLECTIBLES_RPC", metavar="URL",
              help="JSON-RPC URL of the node [env COLLECTIBLES_RPC; default: the managed chain of `chain up`].")
@click.option("--manifest", envvar="COLLECTIBLES_MANIFEST", type=click.Path(dir_okay=False, path_type=Path),
              help="Deployment manifest [env COLLECTIBLES_MANIFEST; default: deployments/<chain id>.json].")
@click.option("--collection", "collection_address", envvar="COLLECTIBLES_COLLECTION", metavar="ADDRESS",
              help="Collection to act on [env COLLECTIBLES_COLLECTION; default: the manifest's first].")
@click.option("--chains-dir", envvar="COLLECTIBLES_CHAINS_DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Where managed chains keep their state [env COLLECTIBLES_CHAINS_DIR; default: build/chains].")
@click.option("--key-env", metavar="VAR", help="Sign with the private key in environment variable VAR.")
@click.option("--keystore", type=click.Path(dir_okay=False, path_type=Path),
              help="Sign with an encrypted JSON keystore (password: env COLLECTIBLES_KEYSTORE_PASSWORD or a prompt).")
@click.option("--account", type=int, metavar="N", help="Sign with dev account N (local chains only).")
@click.option("--json", "json_output", is_flag=True, help="Print one JSON document (for scripts).")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.version_option(package_name="bank-collectibles", prog_name="collectibles")
@click.pass_context
def cli(
    ctx: click.Context,
    rpc: str | None,
    manifest: Path | None,
    collection_address: str | None,
    chains_dir: Path | None,
    key_env: str | None,
    keystore: Path | None,
    account: int | None,
    json_output: bool,
    debug: bool,
) -> None:
    """Operate a bank's permissioned digital-collectibles suite.

    Without --rpc the commands talk to the managed local chain (`collectibles chain up`). Writes
    are signed by the role they need: --key-env, --keystore or --account choose the signer; on a
    local chain the dev account holding the role is used when none is chosen.
    """
    ctx.obj = State(
        rpc=rpc,
        manifest=manifest,
        chains_dir=chains_dir,
        collection_address=collection_address,
        key_env=key_env,
        keystore=keystore,
        account=account,
        json=json_output,
        debug=debug,
    )


def _register() -> None:
    from . import campaign, chain, compliance, demo, deploy, kyc, market, recipes, series, tokens

    for module in (chain, deploy, kyc, series, recipes, tokens, market, compliance, campaign, demo):
        module.register(cli)


_register()


def main() -> None:
    """The console script `collectibles`."""
    cli(prog_name="collectibles")


__all__ = ["cli", "main"]
