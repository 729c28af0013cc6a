"""``collectibles chain up|down|status``: the managed local chain.

``chain up`` starts Anvil (or Ganache) DETACHED: the node outlives the CLI process, keeps its
state on disk under ``<chains dir>/<kind>/`` (default ``build/chains/<kind>/``) and is found
again by every later command through that folder. It runs the consortium profile: chain id 8888
and ten funded dev accounts; Anvil runs zero-gas by default (gas price and base fee 0, like most
consortium chains), Ganache with gas (it cannot run zero-gas). Running ``chain up`` while the
chain runs prints its details and succeeds (exit 0), unless ``--fresh`` or another ``--kind``
asks for a different chain, which is refused (exit 1).

``chain status`` exits 0 when the chain runs and 3 when it does not (like ``systemctl status``),
so scripts can test for it. Only addresses of the dev accounts are printed, never their keys.
"""

from __future__ import annotations

import shutil
from typing import Any

import click
from click.core import ParameterSource

from ..chains import ChainAlreadyRunning, ConsortiumProfile, LocalChain, make_chain
from ._base import CliGroup
from ._context import NODE_KINDS, state
from ._output import NODE

# What `collectibles deploy` makes of each dev account on a local chain.
DEV_ROLES = ("admin, operator", "issuer", "KYC officer", "compliance officer", "regulator", "treasury", "minter")


def register(cli: click.Group) -> None:
    cli.add_command(chain)


@click.group(cls=CliGroup)
def chain() -> None:
    """Start, stop and inspect the managed local chain."""


@chain.command()
@click.option("--kind", type=click.Choice(NODE_KINDS), default="anvil", show_default=True, help="The node to run.")
@click.option("--block-time", type=click.IntRange(min=1), metavar="SECONDS",
              help="Mine a block every SECONDS (like a QBFT block period); default: a block per transaction.")
@click.option("--zero-gas/--gas", default=None,
              help="Gas price 0 (a consortium chain) or priced gas. [default: zero gas on Anvil, gas on Ganache]")
@click.option("--fresh", is_flag=True, help="Discard the chain's saved state and start from genesis.")
@click.option("--port", type=click.IntRange(1, 65535), help="A fixed JSON-RPC port; default: a free one.")
@click.pass_context
def up(ctx: click.Context, kind: str, block_time: int | None, zero_gas: bool | None, fresh: bool, port: int | None) -> None:
    """Start the managed chain in the background and print its URL and dev accounts."""
    st = state(ctx)
    running = st.managed_chain()
    if running is not None:
        other_kind = ctx.get_parameter_source("kind") == ParameterSource.COMMANDLINE and running.kind != kind
        if fresh or other_kind:
            status = running.status()
            raise ChainAlreadyRunning(
                f"{'an' if status.kind[0] in 'aeiou' else 'a'} {status.kind} chain already runs from {status.state_dir} ({status.rpc_url}): "
                f"stop it with `collectibles chain down` before starting {'afresh' if fresh else 'another'}"
            )
        st.out.note("the managed chain is already running")
        given = [f"--{name.replace('_', '-')}" for name in ("block_time", "zero_gas", "port")
                 if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE]
        if given:
            st.out.warn(f"{', '.join(given)} ignored: the running chain keeps its settings "
                        "(`collectibles chain down`, then `chain up` with them, to change them)")
        _report(st, running, already=True)
        return
    if zero_gas is None:
        zero_gas = kind == "anvil"
    profile = ConsortiumProfile(block_time=block_time, gas_price=0 if zero_gas else None, state_dir=st.state_dir(kind))
    node = make_chain(kind, profile, **({"port": port} if port else {}))
    if fresh:
        _discard_state(st, node)
    node.start(detach=True)
    _report(st, node, already=False)


@chain.command()
@click.option("--kind", type=click.Choice(NODE_KINDS), help="Stop only this kind of chain.")
@click.pass_context
def down(ctx: click.Context, kind: str | None) -> None:
    """Stop the managed chain (its state is kept for the next `chain up`)."""
    st = state(ctx)
    stopped = []
    for name in (kind,) if kind else NODE_KINDS:
        node = make_chain(name, ConsortiumProfile(state_dir=st.state_dir(name)))
        status = node.status()
        if status.running:
            node.stop()
            stopped.append({"kind": name, "pid": status.pid, "state_dir": str(status.state_dir)})
    if stopped:
        human = "\n".join(f"stopped the {s['kind']} chain (pid {s['pid']}); its state stays in {s['state_dir']}" for s in stopped)
    else:
        human = f"no managed chain is running under {st.chains_base}"
    st.out.result({"stopped": stopped}, human)


@chain.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Show whether the managed chain runs (exit code 3 when it does not)."""
    st = state(ctx)
    node = st.managed_chain()
    if node is None:
        st.out.result(
            {"running": False, "chains_dir": str(st.chains_base)},
            f"no managed chain is running under {st.chains_base}: start one with `collectibles chain up`",
        )
        ctx.exit(NODE)
    _report(st, node, already=None)


def _discard_state(st: Any, node: LocalChain) -> None:
    state_dir = node.status().state_dir
    assert state_dir is not None
    for leftover in (state_dir / "anvil-state.json", state_dir / "ganache-db"):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()
    st.out.note(f"discarded the saved state in {state_dir}: manifests of the old chain no longer apply")


def _report(st: Any, node: LocalChain, *, already: bool | None) -> None:
    status = node.status()
    profile = node.profile
    block = None
    try:
        block = node.web3().eth.block_number
    except Exception:  # noqa: BLE001 - the block number is a courtesy; status must not fail on it
        pass
    accounts = [
        {"index": i, "address": account.address, "role": DEV_ROLES[i] if i < len(DEV_ROLES) else "customer"}
        for i, account in enumerate(node.accounts)
    ]
    data = {
        "running": True,
        **({"already_running": already} if already is not None else {}),
        "kind": status.kind,
        "rpc_url": status.rpc_url,
        "chain_id": status.chain_id,
        "pid": status.pid,
        "block": block,
        "zero_gas": profile.gas_price == 0,
        "block_time": profile.block_time,
        "state_dir": status.state_dir,
        "log_path": status.log_path,
        "accounts": accounts,
    }

    def human(console: Any) -> None:
        out = st.out
        out.fields(None, [
            ("chain", f"{status.kind} (pid {status.pid}), running in the background"),
            ("rpc url", status.rpc_url),
            ("chain id", status.chain_id),
            ("block", block),
            ("gas", "zero gas price" if profile.gas_price == 0 else "priced (EIP-1559)"),
            ("block time", f"{profile.block_time} s" if profile.block_time else "a block per transaction"),
            ("state", status.state_dir),
            ("log", status.log_path),
        ], console=console)
        out.table("dev accounts (funded; roles as `collectibles deploy` assigns them)", ["#", "address", "role"],
                  [(a["index"], a["address"], a["role"]) for a in accounts], console=console)

    st.out.result(data, human)
