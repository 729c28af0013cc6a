"""Editions, blind-box drops and their reveal: ``edition``, ``drop``, ``mint``, ``reveal``, ``verify-reveal``.

Signers: the collection's issuer creates editions and drops and closes drops; a minter mints;
anyone may reveal (the deployment's admin by default on a local chain).

Drop secrets (``drop create``), one of:

- default: the CLI generates the secret and writes it to
  ``<manifest folder>/secrets/drop-<commitment>.secret`` (0600) before sending; ``drop close ID``
  finds it there by the drop's commitment. Nothing secret is printed. See ``_secrets``.
- ``--secret-file PATH``: the same, to a file of your choosing (never overwritten).
- ``--print-secret``: print it once on stdout (and in the JSON) instead, with a warning, for a
  person who stores it in a vault at once.
- ``--commitment HEX``: the secret is held elsewhere (an HSM); only its commitment is sent, and
  ``drop close`` then needs ``--secret`` or ``--secret-file``.

Times of ``drop create`` (``--opens``, ``--closes``) are read against the chain's clock: ``+1h``
is an hour after the chain's next second. ``--opens now`` opens the drop in the block that creates
it (the contract's ``opensAt`` 0), so boxes can be minted at once, whatever the chain's clock says.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

import click

from .._contracts import checked_address
from ..collection import drop_commitment
from ..errors import ContractError, InvalidInput
from ._base import CliCommand, CliGroup, signer_options
from ._context import ANYONE, ISSUER, MINTER, State, state
from ._output import REFUSED, jsonable, when
from ._params import DROP, EDITION, EDITION_COUNT, parse_bytes32, parse_time
from ._secrets import default_path, read_secret, write_secret

OPENING_WAIT = 5  # seconds `drop mint` waits for a drop about to open


def register(cli: click.Group) -> None:
    for command in (edition, drop, mint, reveal, verify_reveal):
        cli.add_command(command)


# ---------------------------------------------------------------------------------- editions


@click.group(cls=CliGroup)
def edition() -> None:
    """Create and inspect editions (limited or hidden)."""


@edition.command(name="create")
@click.argument("name")
@click.option("--supply", type=click.IntRange(1, 2**32 - 1), required=True, help="Maximum supply (serials 1..N).")
@click.option("--uri", help="Metadata URI of a limited edition.")
@click.option("--hidden-uri", help="Metadata URI of a hidden edition: only its hash is published now.")
@click.option("--wallet-cap", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True, help="Tokens per wallet (0: no cap).")
@click.option("--soulbound", is_flag=True, help="Tokens can never be transferred (ERC-5192).")
@signer_options
@click.pass_context
def edition_create(ctx: click.Context, name: str, supply: int, uri: str | None, hidden_uri: str | None,
                   wallet_cap: int, soulbound: bool) -> None:
    """Create edition NAME of --supply tokens."""
    st = state(ctx)
    if bool(uri) == bool(hidden_uri):
        raise InvalidInput("give --uri for a limited edition or --hidden-uri for a hidden one (exactly one)")
    collection = st.collection().using(st.signer(ISSUER, "edition create"))
    created = collection.create_edition(name, supply, uri=uri or "", hidden_uri=hidden_uri, wallet_cap=wallet_cap,
                                        soulbound=soulbound)
    kind = "hidden" if hidden_uri else "limited"
    data = {"edition_id": created.edition_id, "name": name, "kind": kind, "max_supply": supply,
            "tx_hash": created.tx.tx_hash, "block": created.tx.block}
    text = f"created {kind} edition {created.edition_id} {name!r} of {supply}"
    if hidden_uri:
        text += f"; publish its URI later with `collectibles edition reveal-uri {created.edition_id} URI`"
    st.out.result(data, text)


@edition.command(name="list")
@click.pass_context
def edition_list(ctx: click.Context) -> None:
    """List the collection's editions.

    "issued" counts the serials given out: a drop's at its reveal, unsold boxes' included.
    """
    st = state(ctx)
    editions = st.collection().editions()
    st.out.result({"editions": editions}, lambda console: st.out.table(
        "editions", ["id", "name", "kind", "supply", "allocated", "issued", "burned", "left", "wallet cap", "soulbound", "uri"],
        [(e.edition_id, e.name, e.kind, e.max_supply, e.allocated, e.minted, e.burned, e.remaining, e.wallet_cap or None,
          e.soulbound, _uri(e)) for e in editions],
        console=console, empty="no editions yet: `collectibles edition create` makes one"))


@edition.command(name="show")
@click.argument("edition_id", type=EDITION, metavar="ID")
@click.pass_context
def edition_show(ctx: click.Context, edition_id: int) -> None:
    """Show edition ID."""
    st = state(ctx)
    e = st.collection().edition(edition_id)
    st.out.result(e, lambda console: st.out.fields(f"edition {e.edition_id}: {e.name}", [
        ("kind", e.kind), ("supply", e.max_supply), ("allocated", e.allocated),
        ("issued", f"{e.minted} (serials given out; a drop's count at its reveal, unsold boxes' included)"),
        ("burned", e.burned), ("left", e.remaining), ("wallet cap", e.wallet_cap or "none"),
        ("soulbound", e.soulbound), ("uri", _uri(e)),
    ], console=console))


@edition.command(name="reveal-uri")
@click.argument("edition_id", type=EDITION, metavar="ID")
@click.argument("uri")
@signer_options
@click.pass_context
def edition_reveal_uri(ctx: click.Context, edition_id: int, uri: str) -> None:
    """Publish hidden edition ID's URI (checked against its commitment)."""
    st = state(ctx)
    tx = st.collection().using(st.signer(ANYONE, "edition reveal-uri")).reveal_edition_uri(edition_id, uri)
    st.out.result({"edition_id": edition_id, "uri": uri, "tx_hash": tx.tx_hash}, f"edition {edition_id} now shows {uri}")


def _uri(e: Any) -> str:
    if e.kind == "hidden" and not e.uri_revealed:
        return "hidden (committed 0x" + e.uri_commitment.hex()[:12] + "...)"
    return e.uri


# ------------------------------------------------------------------------------------- drops


@click.group(cls=CliGroup)
def drop() -> None:
    """Create, fill, close and inspect blind-box drops."""


@drop.command(name="create")
@click.argument("name")
@click.option("--edition", "editions", type=EDITION_COUNT, multiple=True, required=True, metavar="ID=COUNT",
              help="Boxes holding edition ID (repeat: --edition 1=190 --edition 2=10).")
@click.option("--opens", default="now", show_default=True, metavar="WHEN", help="When boxes can be minted.")
@click.option("--closes", required=True, metavar="WHEN", help="When minting ends (e.g. +7d, 2027-02-01).")
@click.option("--placeholder", required=True, metavar="URI", help="Metadata of an unrevealed box.")
@click.option("--wallet-cap", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True, help="Boxes per wallet.")
@click.option("--secret-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the generated secret to this new file (0600) [default: <manifest dir>/secrets/].")
@click.option("--print-secret", is_flag=True, help="Print the generated secret once instead of writing a file.")
@click.option("--commitment", metavar="HEX", help="keccak256 of a secret held elsewhere (an HSM); no secret is generated.")
@signer_options
@click.pass_context
def drop_create(ctx: click.Context, name: str, editions: tuple[tuple[int, int], ...], opens: str, closes: str,
                placeholder: str, wallet_cap: int, secret_file: Path | None, print_secret: bool, commitment: str | None) -> None:
    """Create blind-box drop NAME, committing to its secret now."""
    st = state(ctx)
    if sum(map(bool, (secret_file, print_secret, commitment))) > 1:
        raise InvalidInput("choose one of --secret-file, --print-secret and --commitment")
    plan: dict[int, int] = {}
    for edition_id, count in editions:
        if edition_id in plan:
            raise InvalidInput(f"edition {edition_id} is given twice")
        plan[edition_id] = count
    now = _chain_now(st)
    opens_at = 0 if opens.strip().lower() == "now" else parse_time(opens, now)
    closes_at = parse_time(closes, now)
    collection = st.collection().using(st.signer(ISSUER, "drop create"))
    secret: bytes | None = None
    path = None
    if commitment:
        committed = parse_bytes32(commitment, "commitment")
    else:
        secret = secrets.token_bytes(32)
        committed = drop_commitment(secret)
        if not print_secret:
            path = secret_file or default_path(st.manifest_path(), committed)
            write_secret(path, secret)  # before sending: a crash must not lose it
    try:
        created = collection.create_drop(name, plan, opens_at=opens_at, closes_at=closes_at, placeholder_uri=placeholder,
                                         commitment=committed, wallet_cap=wallet_cap)
    except (ContractError, InvalidInput):
        if path is not None:
            path.unlink(missing_ok=True)  # refused: no drop holds this commitment
        raise
    if opens_at == 0:
        opens_at = collection.drop(created.drop_id).opens_at  # the creating block's time
    data: dict[str, Any] = {"drop_id": created.drop_id, "name": name, "box_count": sum(plan.values()),
                            "opens_at": opens_at, "closes_at": closes_at, "commitment": committed,
                            "secret_file": path, "tx_hash": created.tx.tx_hash, "block": created.tx.block}
    if print_secret:
        data["secret"] = secret
        st.out.warn("the drop's secret is printed below ONCE and kept nowhere else: store it in a vault now. "
                    "Without it the drop can only be closed 7 days after it ends (`drop close ID --after-deadline`).")
    lines = [f"created drop {created.drop_id} {name!r}: {sum(plan.values())} boxes, open {when(opens_at)} to {when(closes_at)}",
             f"commitment 0x{committed.hex()}"]
    if path is not None:
        lines.append(f"secret stored in {path} (mode 0600): keep it private and backed up until `collectibles drop close {created.drop_id}`")
    elif print_secret:
        lines.append(f"secret 0x{secret.hex()}")  # type: ignore[union-attr]
    else:
        lines.append(f"close it with `collectibles drop close {created.drop_id} --secret-file FILE` (the secret behind the commitment)")
    st.out.result(data, "\n".join(lines))


@drop.command(name="show")
@click.argument("drop_id", type=DROP, metavar="ID")
@click.pass_context
def drop_show(ctx: click.Context, drop_id: int) -> None:
    """Show drop ID: plan, phase, boxes minted, secret and seed once published."""
    st = state(ctx)
    d = st.collection().drop(drop_id)
    data = _drop_data(d)
    st.out.result(data, lambda console: st.out.fields(f"drop {d.drop_id}: {d.name}", [
        ("phase", d.phase),
        ("editions", ", ".join(f"{e}: {c} boxes" for e, c in zip(d.edition_ids, d.counts))),
        ("boxes", f"{d.minted} of {d.box_count} minted"),
        ("opens", when(d.opens_at)), ("closes", when(d.closes_at)),
        ("wallet cap", d.wallet_cap or "none"),
        ("commitment", d.commitment),
        ("secret", data["secret"] or "not published"),
        ("reveal block", data["reveal_block"]),
        ("seed", data["seed"] or "not revealed"),
        ("placeholder", d.placeholder_uri),
    ], console=console))


@drop.command(name="list")
@click.pass_context
def drop_list(ctx: click.Context) -> None:
    """List the collection's drops: phase, boxes, opening and closing."""
    st = state(ctx)
    drops = st.collection().drops()
    st.out.result({"drops": [_drop_data(d) for d in drops]}, lambda console: st.out.table(
        "drops", ["id", "name", "phase", "boxes", "minted", "opens", "closes", "editions (boxes)"],
        [(d.drop_id, d.name, d.phase, d.box_count, d.minted, when(d.opens_at), when(d.closes_at),
          ", ".join(f"{e} ({c})" for e, c in zip(d.edition_ids, d.counts))) for d in drops],
        console=console, empty="no drops yet: `collectibles drop create` makes one"))


def _drop_data(d: Any) -> dict[str, Any]:
    """A drop as JSON: its secret, reveal block and seed null until published, not zeros."""
    data = jsonable(d)
    for field, unset in (("secret", bytes(32)), ("seed", bytes(32)), ("reveal_block", 0)):
        if getattr(d, field) == unset:
            data[field] = None
    return data


@drop.command(name="mint")
@click.argument("drop_id", type=DROP, metavar="DROP")
@click.argument("recipients", nargs=-1, required=True, metavar="ADDRESS...")
@signer_options
@click.pass_context
def drop_mint(ctx: click.Context, drop_id: int, recipients: tuple[str, ...]) -> None:
    """Mint one blind box of DROP to each ADDRESS."""
    st = state(ctx)
    wallets = [checked_address(a, "recipient") for a in recipients]
    collection = st.collection().using(st.signer(MINTER, "drop mint"))
    d = collection.drop(drop_id)
    if d.phase == "scheduled" and d.opens_at - time.time() <= OPENING_WAIT:
        _await_opening(st, d.opens_at)
    minted = collection.mint_boxes(drop_id, wallets)
    _print_mint(st, minted, f"box(es) of drop {drop_id}")


@drop.command(name="close")
@click.argument("drop_id", type=DROP, metavar="ID")
@click.option("--secret", metavar="HEX", help="The secret (visible in shell history: prefer --secret-file).")
@click.option("--secret-file", type=click.Path(dir_okay=False, path_type=Path),
              help="File holding the secret [default: the one `drop create` wrote].")
@click.option("--after-deadline", is_flag=True,
              help="Close without the secret, which anyone may do once the issuer has left the drop open 7 days past its closing.")
@signer_options
@click.pass_context
def drop_close(ctx: click.Context, drop_id: int, secret: str | None, secret_file: Path | None, after_deadline: bool) -> None:
    """Publish drop ID's secret once it has ended; the reveal block is the next one."""
    st = state(ctx)
    if sum(map(bool, (secret, secret_file, after_deadline))) > 1:
        raise InvalidInput("give one of --secret, --secret-file and --after-deadline")
    collection = st.collection().using(st.signer(ISSUER, "drop close"))
    d = collection.drop(drop_id)
    if after_deadline:
        tx = collection.close_drop_after_deadline(drop_id)  # the commitment stands in for the secret
        data = {"drop_id": drop_id, "tx_hash": tx.tx_hash, "block": tx.block, "reveal_block": tx.block + 1}
        st.out.result(data, f"closed drop {drop_id} after its deadline; reveal it from block {tx.block + 1} "
                            f"with `collectibles reveal {drop_id}`")
        return
    if secret:
        value = parse_bytes32(secret, "secret")
    else:
        path = secret_file or default_path(st.manifest_path(), d.commitment)
        if not secret_file and not path.exists():
            raise InvalidInput(f"no stored secret for drop {drop_id} ({path} is missing): give --secret-file or --secret")
        value = read_secret(path)
    if drop_commitment(value) != d.commitment:
        raise InvalidInput(f"that secret does not match drop {drop_id}'s commitment 0x{d.commitment.hex()}")
    if d.phase == "open" and d.closes_at <= time.time() and st.is_local():
        st.client().node.mine(1)  # an idle local chain's clock stands at its last block, before the closing time
    tx = collection.close_drop(drop_id, value)
    data = {"drop_id": drop_id, "tx_hash": tx.tx_hash, "block": tx.block, "reveal_block": tx.block + 1}
    st.out.result(data, f"closed drop {drop_id}; reveal it from block {tx.block + 1} with `collectibles reveal {drop_id}`")


# ------------------------------------------------------------------------------ mint, reveal


@click.command(cls=CliCommand)
@click.argument("edition_id", type=EDITION, metavar="EDITION")
@click.argument("recipients", nargs=-1, required=True, metavar="ADDRESS...")
@signer_options
@click.pass_context
def mint(ctx: click.Context, edition_id: int, recipients: tuple[str, ...]) -> None:
    """Mint one token of limited EDITION to each ADDRESS (consecutive serials)."""
    st = state(ctx)
    wallets = [checked_address(a, "recipient") for a in recipients]  # bad input first, before any chain read
    minted = st.collection().using(st.signer(MINTER, "mint")).mint(edition_id, wallets)
    _print_mint(st, minted, f"token(s) of edition {edition_id}")


@click.command(cls=CliCommand)
@click.argument("drop_id", type=DROP, metavar="DROP")
@click.option("--mine/--no-mine", default=None, help="Mine the reveal block if missing [default: on a local chain].")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for the reveal block.")
@signer_options
@click.pass_context
def reveal(ctx: click.Context, drop_id: int, mine: bool | None, timeout: float) -> None:
    """Reveal closed DROP: fix its seed from the reveal block's hash."""
    st = state(ctx)
    collection = st.collection().using(st.signer(ANYONE, "reveal"))
    result = collection.reveal(drop_id, mine=st.is_local() if mine is None else mine, timeout=timeout)
    data = {"drop_id": drop_id, "seed": result.seed, "reveal_block": result.reveal_block,
            "tx_hash": result.tx.tx_hash, "gas_used": result.tx.gas_used}
    st.out.result(data, f"revealed drop {drop_id}: seed 0x{result.seed.hex()} (block {result.reveal_block}); "
                        f"check it with `collectibles verify-reveal {drop_id}`")


@click.command(name="verify-reveal", cls=CliCommand)
@click.argument("drop_id", type=DROP, metavar="DROP")
@click.pass_context
def verify_reveal(ctx: click.Context, drop_id: int) -> None:
    """Recompute DROP's reveal from public chain data (exit code 1 if it is not fair)."""
    st = state(ctx)
    report = st.collection().verify_reveal(drop_id)
    data = {**{k: v for k, v in vars(report).items()}, "fair": report.fair}

    def human(console: Any) -> None:
        st.out.fields(f"drop {drop_id} reveal", [
            ("verdict", "FAIR" if report.fair else "NOT FAIR"),
            ("secret matches the commitment", "closed at the deadline without it: the commitment stands in"
             if report.closed_without_secret else report.commitment_honoured),
            ("seed recomputed from public data", report.seed_recomputed),
            ("boxes checked", report.boxes_checked),
            ("mismatched boxes", ", ".join(map(str, report.mismatches)) or "none"),
            ("planned boxes per edition", ", ".join(f"edition {e}: {n}" for e, n in sorted(report.counts_by_edition.items()))),
        ], console=console)

    st.out.result(data, human)
    if not report.fair:
        ctx.exit(REFUSED)


def _print_mint(st: State, minted: Any, what: str) -> None:
    data = {"token_ids": minted.token_ids, "recipients": minted.recipients, "tx_hash": minted.tx.tx_hash,
            "block": minted.tx.block, "gas_used": minted.tx.gas_used}
    st.out.result(data, lambda console: (
        console.print(f"minted {len(minted.token_ids)} {what}; tx {minted.tx.tx_hash}"),
        st.out.table(None, ["token", "id", "recipient"],
                     [(f"{t >> 32}:{t & 0xFFFFFFFF}", t, r) for t, r in zip(minted.token_ids, minted.recipients)],
                     console=console),
    ))


def _await_opening(st: State, opens_at: int) -> None:
    """Waits for a drop that opens within seconds, until the chain's latest block is past its opening.

    Nodes check a mint against the latest block's time, so on a local chain that mines only on
    demand an empty block is mined once the wall clock has passed the opening.
    """
    node = st.client().node
    deadline = time.monotonic() + OPENING_WAIT + 2
    if opens_at > time.time():
        st.out.note(f"the drop opens in {opens_at - int(time.time())} s: waiting")
    while int(node.block("latest")["timestamp"]) < opens_at and time.monotonic() < deadline:
        if time.time() >= opens_at and st.is_local():
            node.mine(1)
        else:
            time.sleep(0.2)


def _chain_now(st: State) -> int:
    """The chain's next second: the later of the wall clock and the latest block's time, plus one."""
    latest = int(st.client().node.block("latest")["timestamp"])
    return max(int(time.time()), latest) + 1

