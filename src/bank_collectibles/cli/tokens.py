"""Tokens: ``transfer``, ``token``, ``holdings``, ``provenance``.

TOKEN is a token id (decimal or 0x hex) or ``SERIES:NUMBER``: ``1:42`` is serial 42 of edition 1
(or box 42 of drop 1). ``transfer`` is signed by the holder, who must be named (``--account N``
on a local chain, else ``--key-env``/``--keystore``): the CLI never guesses whose token moves.
"""

from __future__ import annotations

import time
from typing import Any

import click

from .._collection_queries import number_of, series_of
from .._contracts import checked_address
from ..errors import NonexistentToken
from ._base import CliCommand, signer_options
from ._context import state
from ._output import when
from ._params import TOKEN


def register(cli: click.Group) -> None:
    for command in (transfer, token, holdings, provenance):
        cli.add_command(command)


def ref(token_id: int) -> str:
    """``SERIES:NUMBER`` of a token id."""
    return f"{series_of(token_id)}:{number_of(token_id)}"


@click.command(cls=CliCommand)
@click.argument("token_id", type=TOKEN, metavar="TOKEN")
@click.argument("to", metavar="TO")
@signer_options
@click.pass_context
def transfer(ctx: click.Context, token_id: int, to: str) -> None:
    """Give the signer's TOKEN to TO (a verified customer), under the transfer policy."""
    st = state(ctx)
    tx = st.collection().using(st.signer(None, "transfer")).transfer(token_id, to)
    st.out.result({"token_id": token_id, "to": to, "tx_hash": tx.tx_hash, "block": tx.block},
                  f"transferred token {ref(token_id)} to {to}; tx {tx.tx_hash}")


@click.command(cls=CliCommand)
@click.argument("token_id", type=TOKEN, metavar="TOKEN")
@click.pass_context
def token(ctx: click.Context, token_id: int) -> None:
    """Show TOKEN: serial (#42/8888), owner, holding period, flags."""
    st = state(ctx)
    collection = st.collection()
    info = collection.token(token_id)
    edition_name = collection.edition(info.serial.edition_id).name if info.serial else None
    now = time.time()
    data = {**_token_data(info), "edition_name": edition_name}

    def human(console: Any) -> None:
        if info.transferable_at is None:
            movable = "never by its holder (" + ("soulbound" if info.locked else "at the collection's transfer cap") + ")"
        else:
            movable = "now" if info.transferable_at <= now else when(info.transferable_at)
        st.out.fields(f"token {ref(token_id)} ({token_id})", [
            ("serial", f"{info.serial} of edition {info.serial.edition_id} ({edition_name})" if info.serial
             else f"unrevealed box of drop {info.drop_id}"),
            ("from drop", info.drop_id),
            ("owner", info.owner),
            ("acquired", when(info.acquired_at)),
            ("transferable", movable),
            ("transfers so far", info.transfer_count),
            ("locked (soulbound)", info.locked),
            ("frozen", info.frozen),
            ("listed for sale", info.listed),
            ("uri", info.uri),
        ], console=console)

    st.out.result(data, human)


@click.command(cls=CliCommand)
@click.argument("address")
@click.pass_context
def holdings(ctx: click.Context, address: str) -> None:
    """List the tokens ADDRESS holds."""
    st = state(ctx)
    owner = checked_address(address, "address")
    infos = st.collection().holdings(owner)
    st.out.result({"owner": owner, "tokens": [_token_data(i) for i in infos]}, lambda console: st.out.table(
        f"{len(infos)} token(s) held by {owner}",
        ["token", "id", "serial", "edition", "acquired", "transferable", "frozen", "listed"],
        [(ref(i.token_id), i.token_id, i.label, i.serial.edition_id if i.serial else f"drop {i.drop_id}",
          when(i.acquired_at), when(i.transferable_at), i.frozen, i.listed) for i in infos],
        console=console, empty=f"{owner} holds no token of this collection"))


@click.command(cls=CliCommand)
@click.argument("token_id", type=TOKEN, metavar="TOKEN")
@click.pass_context
def provenance(ctx: click.Context, token_id: int) -> None:
    """Every change of hands of TOKEN, oldest first."""
    st = state(ctx)
    entries = st.collection().provenance(token_id)
    if not entries:
        raise NonexistentToken(token_id)  # never minted: as `token` says it (a burned token has a history)
    st.out.result({"token_id": token_id, "entries": entries}, lambda console: st.out.table(
        f"provenance of token {ref(token_id)}", ["block", "event", "from", "to", "reason", "tx"],
        [(e.block, e.event, e.from_address, e.to_address, e.reason_code, e.tx_hash) for e in entries],
        console=console))


def _token_data(info: Any) -> dict[str, Any]:
    return {
        "token_id": info.token_id,
        "ref": ref(info.token_id),
        "collection": info.collection,
        "owner": info.owner,
        "serial": str(info.serial) if info.serial else None,
        "edition_id": info.serial.edition_id if info.serial else None,
        "serial_number": info.serial.serial if info.serial else None,
        "max_supply": info.serial.max_supply if info.serial else None,
        "drop_id": info.drop_id,
        "acquired_at": info.acquired_at,
        "transferable_at": info.transferable_at,
        "transfer_count": info.transfer_count,
        "locked": info.locked,
        "frozen": info.frozen,
        "listed": info.listed,
        "uri": info.uri,
    }

