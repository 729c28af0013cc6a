"""The marketplace and the deposit token: ``list``, ``buy``, ``cancel``, ``listings``, ``deposit``.

Prices and amounts are typed in whole deposit-token units (``100``, ``99.5``) and converted
with the token's decimals; JSON output gives them in the smallest unit, as strings, next to
the human figure. ``list``, ``buy`` and ``cancel`` are signed by the holder or buyer, who must
be named. ``list`` first approves the marketplace on the collection for the seller if needed
(one more transaction, said so). ``buy --price`` is the price the buyer agreed to: a listing
whose price changed since is refused (``PriceMismatch``), never paid at the new price.
"""

from __future__ import annotations

import time
from typing import Any

import click

from .._contracts import checked_address
from ..errors import ContractError, ERC20InsufficientBalance, InvalidInput, NotTradable, PriceMismatch
from ._base import CliCommand, CliGroup, signer_options
from ._context import TREASURY, State, state
from ._output import add_hint, units, when
from ._params import AMOUNT, LISTING_ID, TOKEN, parse_amount, parse_time
from .tokens import ref


def register(cli: click.Group) -> None:
    for command in (list_, buy, cancel, listings, deposit):
        cli.add_command(command)


def _decimals(st: State) -> int:
    return st.deployment().deposit_token.decimals()


@click.command(name="list", cls=CliCommand)
@click.argument("token_id", type=TOKEN, metavar="TOKEN")
@click.argument("price", type=AMOUNT, metavar="PRICE")
@click.option("--expires", metavar="WHEN", help="When the listing lapses (e.g. +7d) [default: in 30 days].")
@signer_options
@click.pass_context
def list_(ctx: click.Context, token_id: int, price: str, expires: str | None) -> None:
    """List the signer's TOKEN for sale at PRICE deposit-token units."""
    st = state(ctx)
    decimals = _decimals(st)
    amount = parse_amount(price, decimals)
    seller = st.signer(None, "list", "the seller")
    deployment = st.deployment()
    collection = st.collection().using(seller)
    market = deployment.marketplace.using(seller)
    latest = int(st.client().node.block("latest")["timestamp"])  # chain time, as the contract reads it
    expiry = parse_time(expires) if expires else latest + 30 * 86_400
    if expiry <= latest:
        raise InvalidInput(f"--expires {expires} is not in the future: a listing must lapse later than now")
    approving = not collection.is_approved_for_all(seller.address, market.address)
    try:
        if approving:
            market.check_listing(collection.address, token_id, amount, expiry)  # a refusal leaves no approval behind
            st.out.note("approving the marketplace to move your tokens on this collection (once)")
            collection.approve_operator(market.address)
        try:
            created = market.list(collection.address, token_id, amount, expiry)
        except ContractError as error:
            if approving:
                add_hint(error, "the listing was refused, but the marketplace approval sent before it stays: it lets the "
                                "marketplace move your tokens only through listings you create", instead=True)
            raise
    except NotTradable as error:
        add_hint(error, _why_not_tradable(collection, token_id), instead=True)
        raise
    data = {"listing_id": created.listing_id, "token_id": token_id, "price": str(amount), "price_units": units(amount, decimals),
            "expires_at": expiry, "tx_hash": created.tx.tx_hash}
    st.out.result(data, f"listed token {ref(token_id)} at {units(amount, decimals)} as listing {created.listing_id}")


def _why_not_tradable(collection: Any, token_id: int) -> str:
    """What keeps a token from moving now, read from the chain (`NotTradable` does not say)."""
    info, paused_by, cap = collection.token(token_id), collection.paused_by(), collection.max_transfers()
    reasons = [reason for reason, holds in (
        ("a compliance authority froze it", info.frozen),
        ("its edition is soulbound", info.locked),
        (f"its holding period runs until {when(info.transferable_at)}", (info.transferable_at or 0) > time.time()),
        (f"it has moved {info.transfer_count} time(s), the collection's cap", cap and info.transfer_count >= cap),
        (f"the collection is paused by {'the issuer' if paused_by == 'issuer' else 'a compliance authority'}", paused_by),
    ) if holds]
    return "; ".join(reasons or ["the token cannot move now"]) + " (`collectibles token TOKEN` shows its state)"


_SALE_AMOUNTS = ("price", "royalty", "platform_fee", "seller_proceeds")
# What a buyer can do about a listing the seller's side has spoilt (the usual hints speak to the seller).
_BUYER_HINTS = {
    "SellerNotOwner": "the token has left the seller since it was listed: the listing can no longer be bought "
                      "(`collectibles listings` shows the active ones)",
    "ListingStale": "the seller cancelled their listings, the token changed hands, or it is a blind box whose draw "
                    "changed since it was listed (its drop closed, or its reveal target moved): `collectibles listings` "
                    "shows the active ones",
    "NotTradable": "the token cannot move now (frozen, or its holding period): buy it later or choose another listing",
    "PriceAboveCeiling": "the collection's price ceiling is now below this listing's price: it cannot be bought",
}


@click.command(cls=CliCommand)
@click.argument("listing_id", type=LISTING_ID, metavar="LISTING")
@click.option("--price", type=AMOUNT, required=True, metavar="PRICE", help="The price you agree to pay (deposit-token units).")
@signer_options
@click.pass_context
def buy(ctx: click.Context, listing_id: int, price: str) -> None:
    """Buy LISTING at --price (refused if the listing's price differs)."""
    st = state(ctx)
    decimals = _decimals(st)
    amount = parse_amount(price, decimals)
    buyer = st.signer(None, "buy", "the buyer")
    try:
        sale = st.deployment().marketplace.using(buyer).buy(listing_id, amount)
    except ContractError as refused:
        advice = _BUYER_HINTS.get(type(refused).__name__) or _payment_hint(refused, amount, decimals)
        if advice:
            add_hint(refused, advice, instead=True)
        raise
    data = {
        "listing_id": sale.listing_id, "token_id": sale.token_id, "seller": sale.seller, "buyer": sale.buyer,
        **{name: str(getattr(sale, name)) for name in _SALE_AMOUNTS},
        **{f"{name}_units": units(getattr(sale, name), decimals) for name in _SALE_AMOUNTS},
        "royalty_receiver": sale.royalty_receiver, "tx_hash": sale.tx.tx_hash,
    }

    def human(console: Any) -> None:
        console.print(f"bought token {ref(sale.token_id)} (listing {sale.listing_id}); tx {sale.tx.tx_hash}")
        st.out.fields(None, [
            ("price", units(sale.price, decimals)),
            ("royalty", f"{units(sale.royalty, decimals)} to {sale.royalty_receiver}"),
            ("platform fee", units(sale.platform_fee, decimals)),
            ("seller receives", f"{units(sale.seller_proceeds, decimals)} ({sale.seller})"),
        ], console=console)

    st.out.result(data, human)


def _payment_hint(error: ContractError, price: int, decimals: int) -> str | None:
    """Advice on a refused payment, in deposit-token units (the error carries the smallest unit)."""
    if isinstance(error, PriceMismatch):
        return (f"listing {error.listing_id} asks {units(error.price, decimals)}, you agreed to "
                f"{units(error.expected_price, decimals)}: buy with --price {units(error.price, decimals)} if you agree")
    if isinstance(error, ERC20InsufficientBalance):
        return (f"{error.sender} holds {units(error.balance, decimals)} deposit tokens, less than the price of "
                f"{units(price, decimals)}: the treasury credits it with `collectibles deposit mint ADDRESS AMOUNT`")
    return None


@click.command(cls=CliCommand)
@click.argument("listing_id", type=LISTING_ID, required=False, metavar="[LISTING]")
@click.option("--all", "all_", is_flag=True, help="Cancel every listing of the signer.")
@signer_options
@click.pass_context
def cancel(ctx: click.Context, listing_id: int | None, all_: bool) -> None:
    """Cancel LISTING, or every listing of the signer with --all."""
    st = state(ctx)
    if (listing_id is None) == (not all_):
        raise InvalidInput("give a LISTING id or --all (not both)")
    market = st.deployment().marketplace.using(st.signer(None, "cancel", "the seller"))
    tx = market.cancel_all() if all_ else market.cancel(listing_id)  # type: ignore[arg-type]
    what = "every listing of the signer" if all_ else f"listing {listing_id}"
    st.out.result({"cancelled": "all" if all_ else listing_id, "tx_hash": tx.tx_hash}, f"cancelled {what}; tx {tx.tx_hash}")


@click.command(cls=CliCommand)
@click.option("--seller", metavar="ADDRESS", help="Only this seller's listings.")
@click.option("--inactive", is_flag=True,
              help="Include listings that cannot be bought now (expired, stale, ended by cancel --all); "
                   "sold and cancelled ones are gone from the chain (`provenance` shows sales).")
@click.pass_context
def listings(ctx: click.Context, seller: str | None, inactive: bool) -> None:
    """List the collection's listings (active ones by default)."""
    st = state(ctx)
    decimals = _decimals(st)
    found = st.deployment().marketplace.listings(collection=st.collection().address, seller=seller, active_only=not inactive)
    data = {"listings": [{**vars(item), "price": str(item.price), "price_units": units(item.price, decimals)} for item in found]}
    st.out.result(data, lambda console: st.out.table(
        "listings", ["listing", "token", "seller", "price", "expires", "active"],
        [(i.listing_id, ref(i.token_id), i.seller, units(i.price, decimals), when(i.expires_at), i.active) for i in found],
        console=console, empty="no listings" if inactive else "no active listings (--inactive shows the others)"))


@click.group(cls=CliGroup)
def deposit() -> None:
    """The deposit token buyers pay with: credit accounts, read balances."""


@deposit.command(name="mint")
@click.argument("address")
@click.argument("amount", type=AMOUNT)
@signer_options
@click.pass_context
def deposit_mint(ctx: click.Context, address: str, amount: str) -> None:
    """Credit AMOUNT deposit-token units to ADDRESS (a verified customer). Signed by the treasury."""
    st = state(ctx)
    decimals = _decimals(st)
    value = parse_amount(amount, decimals)
    account = checked_address(address, "address")
    tx = st.deployment().deposit_token.using(st.signer(TREASURY, "deposit mint")).mint(account, value)
    st.out.result({"account": account, "amount": str(value), "amount_units": units(value, decimals), "tx_hash": tx.tx_hash},
                  f"credited {units(value, decimals)} to {account}; tx {tx.tx_hash}")


@deposit.command(name="balance")
@click.argument("address")
@click.pass_context
def deposit_balance(ctx: click.Context, address: str) -> None:
    """Show ADDRESS's deposit-token balance."""
    st = state(ctx)
    decimals = _decimals(st)
    account = checked_address(address, "address")
    balance = st.deployment().deposit_token.balance_of(account)
    st.out.result({"account": account, "balance": str(balance), "balance_units": units(balance, decimals), "decimals": decimals},
                  f"{account}: {units(balance, decimals)}")
