"""What every local chain offers, whichever node runs it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, Self

from ._profile import ConsortiumProfile, DevAccount

if TYPE_CHECKING:
    from web3 import Web3


@dataclass(frozen=True)
class ChainStatus:
    """A chain's state as ``status()`` reports it.

    Attributes:
        kind: ``"anvil"``, ``"ganache"`` or ``"embedded"``.
        running: Whether a node (or the in-process chain) is up.
        rpc_url: JSON-RPC URL; None when not running or for the embedded chain.
        chain_id: The chain id of the running profile (the configured one when not running).
        pid: The node's process id, when one runs.
        detached: Whether the node outlives the Python process that started it.
        state_dir: Where state, log and pid file live (None for the embedded chain).
        log_path: The node's log file (None for the embedded chain).
    """

    kind: str
    running: bool
    rpc_url: str | None
    chain_id: int
    pid: int | None = None
    detached: bool = False
    state_dir: Path | None = None
    log_path: Path | None = None


class LocalChain(ABC):
    """A local EVM chain the library starts and stops: Anvil, Ganache or the embedded one.

    Use it as a context manager (``with AnvilChain() as chain: w3 = chain.web3()``) or call
    ``start()``/``stop()``.
    """

    kind: ClassVar[str]

    def __init__(self, profile: ConsortiumProfile | None = None) -> None:
        self._profile = profile if profile is not None else ConsortiumProfile()

    @property
    def profile(self) -> ConsortiumProfile:
        """The consortium profile this chain runs."""
        return self._profile

    @property
    def chain_id(self) -> int:
        """The chain id (``profile.chain_id``)."""
        return self._profile.chain_id

    @property
    def accounts(self) -> tuple[DevAccount, ...]:
        """The funded operator accounts (address and private key), the same on every chain kind."""
        return self._profile.accounts()

    @property
    @abstractmethod
    def rpc_url(self) -> str | None:
        """The JSON-RPC URL (None for the embedded chain, which has no server)."""

    @property
    @abstractmethod
    def log_path(self) -> Path | None:
        """The node's log file (None for the embedded chain)."""

    @abstractmethod
    def start(self, *, detach: bool = False) -> Self:
        """Start the chain and wait until it answers."""

    @abstractmethod
    def stop(self) -> None:
        """Stop the chain cleanly; nothing happens when it is not running."""

    @abstractmethod
    def kill(self) -> None:
        """Stop the chain abruptly (for fault tests); nothing happens when it is not running."""

    @abstractmethod
    def is_running(self) -> bool:
        """Whether the chain is up."""

    @abstractmethod
    def status(self) -> ChainStatus:
        """The chain's current state."""

    @abstractmethod
    def web3(self) -> Web3:
        """A web3 connection to the running chain."""

    def restart(self) -> Self:
        """Stop the chain cleanly and start it again in the same mode (detached or not).

        Returns:
            self, running.
        """
        detached = self.status().detached
        self.stop()
        return self.start(detach=detached)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = (self.rpc_url or "in process") if self.is_running() else "not running"
        return f"{type(self).__name__}(chain_id={self.chain_id}, {state})"
