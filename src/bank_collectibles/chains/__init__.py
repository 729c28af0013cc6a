"""Managed local chains for development and tests: Anvil, Ganache and an embedded chain.

All three start from one :class:`ConsortiumProfile` (chain id 8888, the same funded accounts,
optional block time, optional zero gas, state kept on disk), so code and tests run unchanged
on any of them::

    from bank_collectibles.chains import AnvilChain, ConsortiumProfile

    with AnvilChain(ConsortiumProfile(block_time=1)) as chain:
        w3 = chain.web3()
        operator = chain.accounts[0]

Node processes never outlive the Python process that started them unless started with
``start(detach=True)``; a detached node is found again, checked and stopped from its state
directory by any later process (``AnvilChain.attach()``, or a fresh object's ``status()`` and
``stop()``).
"""

from __future__ import annotations

from typing import Any

from ._anvil import AnvilChain
from ._base import ChainStatus, LocalChain
from ._embedded import EmbeddedChain
from ._errors import (
    ChainAlreadyRunning,
    ChainError,
    ChainNotRunning,
    ChainStartError,
    InvalidProfile,
    NodeJsNotFound,
    PackageNotInstalled,
    PortInUse,
    ToolNotFound,
    UnsupportedFeature,
)
from ._ganache import GanacheChain
from ._node import NodeChain
from ._paths import NODE_MODULES_ENV
from ._profile import DEFAULT_MNEMONIC, ConsortiumProfile, DevAccount

CHAIN_KINDS: dict[str, type[LocalChain]] = {
    "anvil": AnvilChain,
    "ganache": GanacheChain,
    "embedded": EmbeddedChain,
}


def make_chain(kind: str, profile: ConsortiumProfile | None = None, **options: Any) -> LocalChain:
    """A chain of the named kind (not started), for callers that take the kind as text (the CLI).

    Args:
        kind: ``"anvil"``, ``"ganache"`` or ``"embedded"``.
        profile: The consortium profile; the default one when None.
        **options: Constructor options of node chains (``port``, ``node_modules``, ...).

    Returns:
        The chain object.

    Raises:
        UnsupportedFeature: ``kind`` is unknown, or the chain cannot honour the profile.
    """
    try:
        chain_class = CHAIN_KINDS[kind]
    except KeyError:
        raise UnsupportedFeature(f"unknown chain kind {kind!r}: choose one of {', '.join(CHAIN_KINDS)}") from None
    return chain_class(profile, **options)


__all__ = [
    "CHAIN_KINDS",
    "DEFAULT_MNEMONIC",
    "NODE_MODULES_ENV",
    "AnvilChain",
    "ChainAlreadyRunning",
    "ChainError",
    "ChainNotRunning",
    "ChainStartError",
    "ChainStatus",
    "ConsortiumProfile",
    "DevAccount",
    "EmbeddedChain",
    "GanacheChain",
    "InvalidProfile",
    "LocalChain",
    "NodeChain",
    "NodeJsNotFound",
    "PackageNotInstalled",
    "PortInUse",
    "ToolNotFound",
    "UnsupportedFeature",
    "make_chain",
]
