"""Chains served by a node process (Anvil, Ganache): start, readiness, stop, detached nodes."""

from __future__ import annotations

import atexit
import datetime
import os
import subprocess
from abc import abstractmethod
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from ._base import ChainStatus, LocalChain
from ._errors import ChainAlreadyRunning, ChainError, ChainNotRunning, ChainStartError, PortInUse
from ._paths import default_state_dir, resolve_node_modules
from ._process import (
    ensure_port_free,
    free_port,
    kill_child,
    signal_pid,
    spawn,
    stop_child,
    wait_ready,
)
from ._profile import ConsortiumProfile
from ._record import NodeRecord, live_record, remove_record, write_record

if TYPE_CHECKING:
    from web3 import Web3

# Nodes started by this process and not detached: stopped gracefully when Python exits normally.
# (When Python is killed instead, the kernel signals them: see _process._die_with_parent.)
_OWNED: set[NodeChain] = set()
# How the nodes say that their port was taken between our check and their bind.
_PORT_TAKEN = ("Address already in use", "EADDRINUSE")
_START_ATTEMPTS = 3


@atexit.register
def _stop_owned_nodes() -> None:
    for chain in list(_OWNED):
        try:
            chain.stop()
        except Exception:  # noqa: BLE001 - at exit, one failure must not leave the others running
            pass


class NodeChain(LocalChain):
    """A local chain served by a node process launched from the project's ``node_modules``.

    The node listens on 127.0.0.1. Its log (``<state_dir>/<kind>.log``), its pid file
    (``node.json``) and the HOME it runs with (``home/``, so that nothing is written to the
    user's home folder) all live in the state directory.

    Any object for the same state directory sees a node started there, from this process or
    another one: ``status()``, ``is_running()``, ``rpc_url``, ``web3()`` and ``stop()`` work on
    a detached node from a fresh object.
    """

    def __init__(
        self,
        profile: ConsortiumProfile | None = None,
        *,
        port: int | None = None,
        node_modules: str | os.PathLike[str] | None = None,
        start_timeout: float = 60.0,
        stop_timeout: float = 10.0,
    ) -> None:
        """Describe the chain; nothing is started until ``start()``.

        Args:
            profile: The consortium profile; the default one when None.
            port: A fixed JSON-RPC port; None picks a free one at each start.
            node_modules: Where the npm packages are; see ``resolve_node_modules``.
            start_timeout: Seconds to wait for the node to answer ``eth_chainId``.
            stop_timeout: Seconds to wait after SIGTERM before SIGKILL.

        Raises:
            UnsupportedFeature: This node cannot honour a profile setting.
        """
        super().__init__(profile)
        self._check_profile(self._profile)
        self._fixed_port = port
        self._node_modules = resolve_node_modules(node_modules)
        self._start_timeout = start_timeout
        self._stop_timeout = stop_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._record: NodeRecord | None = None

    @classmethod
    def attach(cls, state_dir: str | os.PathLike[str] | None = None, **options: Any) -> Self:
        """A handle on the node already running from ``state_dir``, with the profile it runs.

        Args:
            state_dir: The node's state folder; None for this kind's default.
            **options: Passed to the constructor (``node_modules``, ``stop_timeout``, ...);
                ``port`` defaults to the node's, so that a ``restart()`` keeps its URL.

        Returns:
            A chain object whose ``stop()``, ``status()``, ``web3()`` and ``restart()`` act on that node.

        Raises:
            ChainNotRunning: No node of this kind runs from ``state_dir``.
        """
        folder = Path(state_dir) if state_dir is not None else default_state_dir(cls.kind)
        record = live_record(folder)
        if record is None or record.kind != cls.kind:
            raise ChainNotRunning(f"no {cls.kind} node runs from {folder}: start one with {cls.__name__}(...).start()")
        options.setdefault("port", record.port)
        return cls(replace(record.consortium_profile(), state_dir=folder), **options)

    @staticmethod
    def _check_profile(profile: ConsortiumProfile) -> None:
        """Raise ``UnsupportedFeature`` for settings this node cannot honour."""

    @abstractmethod
    def _command(self, port: int) -> list[str]:
        """The node's command line for ``port``; raises ``ToolNotFound`` when a program is missing."""

    @property
    def state_dir(self) -> Path:
        """The folder for state, log, pid file and the node's HOME."""
        return self._profile.state_dir or default_state_dir(self.kind)

    @property
    def log_path(self) -> Path:
        """The node's log file (appended to at each start)."""
        return self.state_dir / f"{self.kind}.log"

    @property
    def home_dir(self) -> Path:
        """The HOME the node runs with, so that it writes nothing to the user's home folder."""
        return self.state_dir / "home"

    @property
    def rpc_url(self) -> str:
        """The node's JSON-RPC URL.

        Raises:
            ChainNotRunning: No node runs.
        """
        return self._running_record().rpc_url

    def is_running(self) -> bool:
        """Whether a node of this state directory runs (started by this object or another)."""
        return self._current() is not None

    def status(self) -> ChainStatus:
        """The node's state: running or not, URL, pid, detached.

        Returns:
            A ``ChainStatus``; ``chain_id`` is the running node's when one runs.
        """
        record = self._current()
        return ChainStatus(
            kind=self.kind,
            running=record is not None,
            rpc_url=record.rpc_url if record else None,
            chain_id=int(record.profile["chain_id"]) if record else self.chain_id,
            pid=record.pid if record else None,
            detached=record.detached if record else False,
            state_dir=self.state_dir,
            log_path=self.log_path,
        )

    def start(self, *, detach: bool = False) -> Self:
        """Start the node and wait until it answers ``eth_chainId`` with the profile's chain id.

        Args:
            detach: Let the node outlive this Python process (for ``collectibles chain up``);
                stop it later with ``stop()`` on any object for the same state directory.
                Otherwise the node is stopped when Python exits, even when Python is killed
                (Linux).

        Returns:
            self, running.

        Raises:
            ChainAlreadyRunning: A node already runs from this state directory.
            NodeJsNotFound, PackageNotInstalled: A program the node needs is missing.
            UnsupportedFeature: The node has no build for this machine (Anvil).
            PortInUse: The fixed port is taken.
            ChainStartError: The node exited or did not answer in time.
        """
        # Any live node counts, whatever its kind: two nodes must never share a state directory.
        running = self._current() or live_record(self.state_dir)
        if running is not None:
            raise ChainAlreadyRunning(
                f"{'an' if running.kind[0] in 'aeiou' else 'a'} {running.kind} node already runs from {self.state_dir} (pid {running.pid}, "
                f"{running.rpc_url}): stop it first (chain.stop(), or `collectibles chain down`)"
            )
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.home_dir.mkdir(exist_ok=True)
        for attempt in range(1, _START_ATTEMPTS + 1):
            try:
                self._launch(detach)
                break
            except ChainStartError as exc:
                if self._fixed_port is not None or attempt == _START_ATTEMPTS or not _port_taken(str(exc)):
                    raise
                # Another program took the free port we picked before the node could bind it.
        if not detach:
            _OWNED.add(self)
        return self

    def stop(self) -> None:
        """Stop the node: SIGTERM, wait ``stop_timeout`` seconds, then SIGKILL.

        A graceful stop lets Anvil write its state file. Nothing happens when no node runs.

        Raises:
            ChainError: The node would not die even after SIGKILL.
        """
        self._halt(graceful=True)

    def kill(self) -> None:
        """SIGKILL the node (fault tests). State not yet written is lost: up to
        ``profile.state_interval`` seconds of it on Anvil. Nothing happens when no node runs.

        Raises:
            ChainError: The node would not die.
        """
        self._halt(graceful=False)

    def web3(self) -> Web3:
        """A web3 connection (HTTP, bypassing any HTTP proxy) to the running node.

        Its provider retries reads only, never ``eth_sendRawTransaction``: a blind resend after a
        timeout makes Ganache execute the transaction twice (ganache#3794).

        Raises:
            ChainNotRunning: No node runs.
        """
        from web3 import Web3

        from .._rpc import http_provider

        return Web3(http_provider(self.rpc_url, timeout=60, proxies={"http": None, "https": None}))

    # ------------------------------------------------------------------ internals

    def _launch(self, detach: bool) -> None:
        port = self._fixed_port if self._fixed_port is not None else free_port()
        if self._fixed_port is not None:
            ensure_port_free(port)
        argv = self._command(port)
        with open(self.log_path, "a") as log:
            now = datetime.datetime.now().isoformat(timespec="seconds")
            log.write(f"--- {now} bank_collectibles starts {self.kind} on port {port}\n")
        log_offset = self.log_path.stat().st_size
        proc = spawn(argv, env=self._env(), log_path=self.log_path, detach=detach)
        record = NodeRecord(
            kind=self.kind,
            pid=proc.pid,
            port=port,
            argv=tuple(argv),
            detached=detach,
            log_path=str(self.log_path),
            profile=self._profile.to_dict(),
        )
        try:
            write_record(self.state_dir, record)
            wait_ready(
                proc,
                name=self.kind,
                url=record.rpc_url,
                chain_id=self.chain_id,
                timeout=self._start_timeout,
                log_path=self.log_path,
                log_offset=log_offset,
            )
        except BaseException as exc:
            kill_child(proc)
            remove_record(self.state_dir, proc.pid)
            if self._fixed_port is not None and isinstance(exc, ChainStartError) and _port_taken(str(exc)):
                raise PortInUse(
                    f"port {port} on 127.0.0.1 was taken before {self.kind} could listen on it: choose another port"
                ) from None
            raise
        self._proc, self._record = proc, record

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["HOME"] = str(self.home_dir)
        # XDG folders too: tools that honour them would otherwise write to the user's own.
        for var, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                         ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
            env[var] = str(self.home_dir / sub)
        return env

    def _current(self) -> NodeRecord | None:
        """The running node's record: our own child's, else a live pid file's."""
        if self._proc is not None:
            if self._proc.poll() is None:
                return self._record
            self._forget(self._proc.pid)  # our node died on its own (crash, or killed from outside)
        record = live_record(self.state_dir)
        return record if record is not None and record.kind == self.kind else None

    def _running_record(self) -> NodeRecord:
        record = self._current()
        if record is None:
            raise ChainNotRunning(f"the {self.kind} chain of {self.state_dir} is not running: call start() first")
        return record

    def _halt(self, *, graceful: bool) -> None:
        if self._proc is not None:
            pid = self._proc.pid
            if graceful:
                stop_child(self._proc, self._stop_timeout)
            else:
                kill_child(self._proc)
        else:
            record = self._current()
            if record is None:
                return
            pid = record.pid
            signal_pid(record.pid, record.argv, graceful=graceful, timeout=self._stop_timeout)
            if record.is_live():
                raise ChainError(f"{self.kind} node pid {pid} did not stop; kill it with `kill -9 {pid}`")
        self._forget(pid)

    def _forget(self, pid: int) -> None:
        remove_record(self.state_dir, pid)
        self._proc = self._record = None
        _OWNED.discard(self)


def _port_taken(message: str) -> bool:
    return any(marker in message for marker in _PORT_TAKEN)
