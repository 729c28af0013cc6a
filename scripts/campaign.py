"""``ape run campaign``: run a small CSV campaign mint with the library's campaign engine, through ape.

    ape run campaign --network ethereum:local:test                 # a generated CSV of 20 customers
    ape run campaign customers.csv --network ethereum:local:foundry
    ape run campaign customers.csv --network <live> --account ALIAS --journal campaigns/spring.db

The suite is deployed first, or loaded from its manifest (see ``deploy.py``), and the edition
``--edition`` is created when it does not exist. Without a CSV, one is generated under
``--out-dir`` (``build/ape/campaigns/``): ``--size`` new customer wallets, each to receive one token of the edition
and a year of KYC. The campaign (:class:`bank_collectibles.campaign.Campaign`) validates the file,
onboards KYC, mints in batches, and writes its report next to its journal. On a local network
the journal is new at every run (ape's local chain is); elsewhere it defaults to
``campaigns/<csv name>.db``, so running the same command again resumes an interrupted campaign.
"""

from __future__ import annotations

import csv
import re
import secrets
import time
from pathlib import Path

import click
from ape.cli import ConnectedProviderCommand

from bank_collectibles import CollectiblesError, CollectionSpec, LocalSigner
from bank_collectibles.campaign import Campaign, CampaignInvalid, progress_bar
from scripts._ape_support import connect, default_manifest, deploy, is_local, network_label, signers

WORK = Path("build") / "ape" / "campaigns"


@click.command(cls=ConnectedProviderCommand, short_help="Run a CSV campaign mint")
@click.argument("csv_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--size", type=click.IntRange(1, 10_000), default=20, show_default=True, help="Customers in a generated CSV.")
@click.option("--edition", default="Spring Rabbit", show_default=True, help="Edition of a generated CSV (created if missing).")
@click.option("--supply", type=click.IntRange(1), default=8888, show_default=True, help="Supply of a created edition.")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path), help="Deployment manifest (see `ape run deploy`).")
@click.option("--journal", type=click.Path(dir_okay=False, path_type=Path), help="The campaign's journal.")
@click.option("--account", "alias", metavar="ALIAS", help="The ape account that signs (required off local networks).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=WORK, show_default=True,
              help="Where a generated CSV and a local network's journal and report go.")
def cli(csv_file: Path | None, size: int, edition: str, supply: int, manifest: Path | None, journal: Path | None,
        alias: str | None, out_dir: Path) -> None:
    """Deploy or load the suite, then mint one token to every customer of CSV_FILE (or a generated one)."""
    client = connect()
    acting = signers(alias)
    deployment, _ = deploy(client, acting, manifest or default_manifest(client), CollectionSpec("Collectibles", "BCOL"))
    issuer, kyc_officer, minter = acting[1], acting[2], acting[6]
    collection = deployment.collection
    names = {e.name: e.edition_id for e in collection.editions()}
    if edition not in names:
        created = collection.using(issuer).create_edition(edition, supply, uri=f"ipfs://{_slug(edition)}")
        click.echo(f"created edition {created.edition_id} {edition!r} of {supply}")
    # A local network's chain is new at every run, so is its journal; elsewhere a journal is kept
    # by name, so that running the same command again resumes the campaign.
    stamp = f"-{client.chain_id}-{int(time.time())}"
    if csv_file is None:
        csv_file = _generate(out_dir, edition, size, stamp)
        click.echo(f"generated {csv_file} ({size} customers)")
    if not is_local() or csv_file.stem.endswith(stamp):
        stamp = ""
    journal_path = journal or (out_dir if is_local() else Path("campaigns")) / f"{csv_file.stem}{stamp}.db"
    click.echo(f"network {network_label()} (chain {client.chain_id}); journal {journal_path}")
    campaign = Campaign.open(collection, journal_path, minter=minter, csv_path=csv_file, kyc_officer=kyc_officer)
    try:
        with progress_bar("minting") as progress:
            result = campaign.run(progress=progress)
    except CampaignInvalid as invalid:
        for problem in invalid.report.errors[:20]:
            click.echo(f"  {problem}", err=True)
        raise click.ClickException(str(invalid)) from None
    except CollectiblesError as error:
        raise click.ClickException(f"{type(error).__name__}: {error}") from None
    finally:
        campaign.close()
    click.echo(f"{result.confirmed} of {result.total} customer(s) minted, {result.failed} failed, {result.pending} pending; "
               f"{result.transactions} transaction(s) in {result.seconds:.1f} s")
    click.echo(f"report: {result.report_path}")
    if not result.complete:
        raise click.ClickException("the campaign is not complete: run the same command again to resume it")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "edition"


def _generate(folder: Path, edition: str, size: int, stamp: str) -> Path:
    """A CSV of `size` new customers (random wallets) for `edition`, with a year of KYC."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_slug(edition)}{stamp}.csv"
    expiry = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 365 * 86_400))
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer", "wallet", "target", "kyc_expires_at"])
        for number in range(1, size + 1):
            wallet = LocalSigner(secrets.token_bytes(32)).address
            writer.writerow([f"CUST-{number:05d}", wallet, f"edition:{edition}", expiry])
    return path
