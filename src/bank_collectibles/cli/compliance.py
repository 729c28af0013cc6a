"""Compliance powers and the transfer policy: ``freeze``, ``pause``, ``force-transfer``, ``policy``.

Signers: a compliance officer freezes tokens, issuer-level account freezes, pauses and forces
transfers; the regulator sets operator-level account freezes (``--authority operator``); the
collection's issuer sets the transfer policy. Every action emits an auditable event; a reason
code (0-255, the bank's own code list) is recorded with freezes and forced moves.
"""

from __future__ import annotations

from typing import Any

import click

from .._contracts import checked_address
from ..errors import InvalidInput, NotComplianceAuthority, NotRegulator
from ._base import CliCommand, signer_options
from ._context import COMPLIANCE, ISSUER, REGULATOR, state
from ._output import add_hint, units
from ._params import DURATION, TOKEN, parse_amount
from .tokens import ref


def register(cli: click.Group) -> None:
    for command in (freeze, pause, force_transfer, policy):
        cli.add_command(command)


@click.command(cls=CliCommand)
@click.argument("token_id", type=TOKEN, required=False, metavar="[TOKEN]")
@click.option("--wallet", "--account", "accounts", multiple=True, metavar="ADDRESS",
              help="Freeze a customer's account instead (repeatable; --account is the same).")
@click.option("--unfreeze", is_flag=True, help="Lift the freeze.")
@click.option("--reason", type=click.IntRange(0, 255), default=0, show_default=True, help="Reason code (token freezes).")
@click.option("--authority", type=click.Choice(["issuer", "operator"]), default="issuer", show_default=True,
              help="Which account freeze flag: issuer (compliance officer) or operator (regulator).")
@signer_options(account_flag="--signer-account")
@click.pass_context
def freeze(ctx: click.Context, token_id: int | None, accounts: tuple[str, ...], unfreeze: bool, reason: int,
           authority: str) -> None:
    """Freeze (or --unfreeze) TOKEN, or customers' accounts with --wallet ADDRESS."""
    st = state(ctx)
    if (token_id is None) == (not accounts):
        raise InvalidInput("give a TOKEN or --wallet ADDRESS (not both); in `freeze`, --signer-account N chooses "
                           "the dev account that signs")
    verb = "unfroze" if unfreeze else "froze"
    if token_id is not None:
        collection = st.collection().using(st.signer(COMPLIANCE, "freeze"))
        tx = (collection.unfreeze_token if unfreeze else collection.freeze_token)(token_id, reason)
        st.out.result({"token_id": token_id, "frozen": not unfreeze, "reason": reason, "tx_hash": tx.tx_hash},
                      f"{verb} token {ref(token_id)} (reason {reason}); tx {tx.tx_hash}")
        return
    addresses = [checked_address(a, "account") for a in accounts]
    role = REGULATOR if authority == "operator" else COMPLIANCE
    registry = st.deployment().registry.using(st.signer(role, "freeze --wallet"))
    tx = registry.set_account_freeze(addresses, not unfreeze, authority)
    st.out.result({"accounts": addresses, "frozen": not unfreeze, "authority": authority, "tx_hash": tx.tx_hash},
                  f"{verb} {len(addresses)} account(s) ({authority} flag); tx {tx.tx_hash}")


@click.command(cls=CliCommand)
@click.option("--off", is_flag=True, help="Lift the pause.")
@signer_options
@click.pass_context
def pause(ctx: click.Context, off: bool) -> None:
    """Pause the collection (no mints, transfers or redemptions), or lift it with --off."""
    st = state(ctx)
    collection = st.collection().using(st.signer(COMPLIANCE, "pause"))
    try:
        tx = collection.unpause() if off else collection.pause()
    except NotRegulator as refused:
        add_hint(refused, "this is a regulator's pause: only a regulator can lift it (--account N, --key-env VAR)", instead=True)
        raise
    except NotComplianceAuthority as refused:
        if off and collection.paused_by() == "compliance":
            add_hint(refused, "this is a compliance pause: only a compliance officer or a regulator can lift it", instead=True)
        raise
    st.out.result({"paused": not off, "tx_hash": tx.tx_hash},
                  f"{'resumed' if off else 'paused'} collection {collection.address}; tx {tx.tx_hash}")


@click.command(name="force-transfer", cls=CliCommand)
@click.argument("token_id", type=TOKEN, metavar="TOKEN")
@click.argument("to", metavar="TO")
@click.option("--reason", type=click.IntRange(0, 255), required=True, help="Reason code (a court order, a lost wallet...).")
@signer_options
@click.pass_context
def force_transfer(ctx: click.Context, token_id: int, to: str, reason: int) -> None:
    """Move TOKEN to TO whatever its policy (a compliance power, recorded with --reason)."""
    st = state(ctx)
    tx = st.collection().using(st.signer(COMPLIANCE, "force-transfer")).force_transfer(token_id, to, reason)
    st.out.result({"token_id": token_id, "to": to, "reason": reason, "tx_hash": tx.tx_hash},
                  f"moved token {ref(token_id)} to {to} by force (reason {reason}); tx {tx.tx_hash}")


@click.command(cls=CliCommand)
@click.option("--holding-period", type=DURATION, help="Set the holding period (0, 24h, 180d...).")
@click.option("--max-transfers", type=click.IntRange(0, 2**32 - 1), help="Set the transfers allowed per token (0: unlimited).")
@click.option("--price-ceiling", metavar="AMOUNT",
              help="Set the highest listing price on the marketplace, in deposit-token units (none: no ceiling).")
@signer_options
@click.pass_context
def policy(ctx: click.Context, holding_period: int | None, max_transfers: int | None, price_ceiling: str | None) -> None:
    """Show the collection's transfer policy and price ceiling, or set them (signed by the issuer)."""
    st = state(ctx)
    collection = st.collection()
    market = st.deployment().marketplace
    decimals = st.deployment().deposit_token.decimals()
    ceiling = None if price_ceiling is None else _ceiling(price_ceiling, decimals)  # checked before anything is sent
    current_holding = collection.holding_period()
    current_max = collection.max_transfers()
    paused_by = collection.paused_by()
    txs = []
    if holding_period is not None or max_transfers is not None:
        holding_period = current_holding if holding_period is None else holding_period
        max_transfers = current_max if max_transfers is None else max_transfers
        txs.append(collection.using(st.signer(ISSUER, "policy")).set_transfer_policy(holding_period, max_transfers))
        current_holding, current_max = holding_period, max_transfers
    if ceiling is not None:
        txs.append(market.using(st.signer(ISSUER, "policy")).set_price_ceiling(collection.address, ceiling))
    current_ceiling = market.price_ceiling(collection.address)
    data = {"collection": collection.address, "holding_period": current_holding, "max_transfers": current_max,
            "price_ceiling": str(current_ceiling) if current_ceiling else None,
            "price_ceiling_units": units(current_ceiling, decimals) if current_ceiling else None,
            "paused": paused_by is not None, "paused_by": paused_by, "tx_hashes": [tx.tx_hash for tx in txs]}

    def human(console: Any) -> None:
        for tx in txs:
            console.print(f"policy set; tx {tx.tx_hash}")
        st.out.fields(f"transfer policy of {collection.address}", [
            ("holding period", _duration(current_holding)),
            ("transfers per token", current_max or "unlimited"),
            ("price ceiling", units(current_ceiling, decimals) if current_ceiling else "none"),
            ("paused", {None: "no", "issuer": "yes, by the issuer", "compliance": "yes, by a compliance officer",
                        "regulator": "yes, by a regulator (only a regulator lifts it)"}[paused_by]),
        ], console=console)

    st.out.result(data, human)


def _ceiling(text: str, decimals: int) -> int:
    return 0 if text.strip().lower() in ("none", "0") else parse_amount(text, decimals)


def _duration(seconds: int) -> str:
    if not seconds:
        return "none"
    for unit, size in (("d", 86_400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit} ({seconds} s)"
    return f"{seconds} s"

