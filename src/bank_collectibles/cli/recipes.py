"""Set redemptions: ``recipe create|list|open|close`` and ``redeem``.

A recipe names the editions of a full set and the reward edition; a holder redeems a set by
burning one token of each edition, in the recipe's order, for one reward token. The collection's
issuer creates, opens and closes recipes; ``redeem`` is signed by the holder, who must be named.
"""

from __future__ import annotations

import click

from ._base import CliCommand, CliGroup, signer_options
from ._context import ISSUER, state
from ._params import EDITION, TOKEN
from .tokens import ref

RECIPE_ID = click.IntRange(1, 2**32 - 1)


def register(cli: click.Group) -> None:
    for command in (recipe, redeem):
        cli.add_command(command)


@click.group(cls=CliGroup)
def recipe() -> None:
    """Create, list, open and close set redemptions (a full set buys a reward token)."""


@recipe.command(name="create")
@click.option("--edition", "editions", type=EDITION, multiple=True, required=True, metavar="EDITION",
              help="An edition of the set (id or name), in redemption order (repeat: 2 to 16).")
@click.option("--reward", type=EDITION, required=True, metavar="EDITION", help="The edition a full set is redeemed for (id or name).")
@signer_options
@click.pass_context
def recipe_create(ctx: click.Context, editions: tuple[int, ...], reward: int) -> None:
    """Create a set redemption of --edition tokens for one --reward token (open at once)."""
    st = state(ctx)
    created = st.collection().using(st.signer(ISSUER, "recipe create")).create_recipe(list(editions), reward)
    st.out.result({"recipe_id": created.recipe_id, "edition_ids": editions, "reward_edition_id": reward,
                   "tx_hash": created.tx.tx_hash, "block": created.tx.block},
                  f"created recipe {created.recipe_id}: one token of each of editions "
                  f"{', '.join(map(str, editions))} buys one of edition {reward}; tx {created.tx.tx_hash}")


@recipe.command(name="list")
@click.pass_context
def recipe_list(ctx: click.Context) -> None:
    """List the collection's set redemptions."""
    st = state(ctx)
    recipes = st.collection().recipes()
    st.out.result({"recipes": recipes}, lambda console: st.out.table(
        "recipes", ["id", "editions (in order)", "reward edition", "open"],
        [(r.recipe_id, ", ".join(map(str, r.edition_ids)), r.reward_edition_id, r.active) for r in recipes],
        console=console, empty="no recipes yet: `collectibles recipe create` makes one"))


@recipe.command(name="open")
@click.argument("recipe_id", type=RECIPE_ID, metavar="ID")
@signer_options
@click.pass_context
def recipe_open(ctx: click.Context, recipe_id: int) -> None:
    """Let holders redeem sets of recipe ID again."""
    _set_active(ctx, recipe_id, True)


@recipe.command(name="close")
@click.argument("recipe_id", type=RECIPE_ID, metavar="ID")
@signer_options
@click.pass_context
def recipe_close(ctx: click.Context, recipe_id: int) -> None:
    """Stop redemptions of recipe ID (`recipe open ID` resumes them)."""
    _set_active(ctx, recipe_id, False)


def _set_active(ctx: click.Context, recipe_id: int, active: bool) -> None:
    st = state(ctx)
    command = f"recipe {'open' if active else 'close'}"
    tx = st.collection().using(st.signer(ISSUER, command)).set_recipe_active(recipe_id, active)
    st.out.result({"recipe_id": recipe_id, "active": active, "tx_hash": tx.tx_hash, "block": tx.block},
                  f"recipe {recipe_id} is {'open' if active else 'closed'}; tx {tx.tx_hash}")


@click.command(cls=CliCommand)
@click.argument("recipe_id", type=RECIPE_ID, metavar="RECIPE")
@click.argument("token_ids", type=TOKEN, nargs=-1, required=True, metavar="TOKEN...")
@signer_options
@click.pass_context
def redeem(ctx: click.Context, recipe_id: int, token_ids: tuple[int, ...]) -> None:
    """Burn the signer's full set TOKEN... (in RECIPE's edition order) for one reward token."""
    st = state(ctx)
    result = st.collection().using(st.signer(None, "redeem")).redeem(recipe_id, list(token_ids))
    st.out.result({"recipe_id": recipe_id, "burned_token_ids": result.burned_token_ids,
                   "reward_token_id": result.reward_token_id, "reward_serial": str(result.reward_serial),
                   "tx_hash": result.tx.tx_hash, "block": result.tx.block},
                  f"redeemed {', '.join(ref(t) for t in result.burned_token_ids)} for token "
                  f"{ref(result.reward_token_id)} ({result.reward_serial}); tx {result.tx.tx_hash}")
