"""``demo``: the spring campaign on a fresh managed chain (see :mod:`bank_collectibles.demo`)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from ..demo import run_demo
from ._base import CliCommand
from ._context import state


def register(cli: click.Group) -> None:
    cli.add_command(demo)


@click.command(cls=CliCommand)
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=Path("build/demo"), show_default=True,
              help="Where the demo's chain state, manifest and reports go (reset on every run).")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.pass_context
def demo(ctx: click.Context, folder: Path, quiet: bool) -> None:
    """Run the spring campaign demo: deploy, campaign mint, blind box, reveal, redemption, sale."""
    st = state(ctx)
    summary = run_demo(folder, Console(stderr=True) if st.json else None, quiet=quiet or st.json)
    if st.json:
        st.out.result(summary, "")
