"""Node processes: free ports, spawning (tied to our lifetime or detached), readiness, stopping.

Works on pids as well as on ``Popen`` objects, because a detached node is stopped from another
Python process that never had a handle on it.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

from ._errors import ChainStartError, PortInUse

HOST = "127.0.0.1"
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# A local node answers on loopback; a corporate HTTP(S)_PROXY must never see these requests.
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def ensure_port_free(port: int) -> None:
    """Check that a node could listen on ``port``.

    Raises:
        PortInUse: Another process listens there.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Like the nodes themselves, ignore sockets of closed connections still in TIME_WAIT.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            raise PortInUse(
                f"port {port} on {HOST} is already in use: stop the process listening there "
                f"(`ss -ltnp 'sport = :{port}'` shows it) or choose another port (or none, to get a free one)"
            ) from None


def _die_with_parent(parent_pid: int) -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the kernel send SIGTERM to the child when we die (Linux only).

    This covers what atexit cannot: the Python process being SIGKILLed or crashing. The signal
    is tied to the thread that spawned the child, so chains should be started from a thread
    that lives as long as they do (the main thread, normally).
    """
    if not sys.platform.startswith("linux"):
        return None
    # Looked up in the parent, so that the child between fork and exec only makes the call.
    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def spawn(argv: Sequence[str], *, env: dict[str, str], log_path: Path, detach: bool) -> subprocess.Popen[bytes]:
    """Start a node with its output appended to ``log_path``.

    Args:
        argv: The command line.
        env: The node's whole environment.
        log_path: File that receives stdout and stderr.
        detach: Let the node outlive this Python process; else it gets SIGTERM when we die.

    Returns:
        The running process.

    Raises:
        ChainStartError: The executable could not be run.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        try:
            # Own session either way: a Ctrl-C in the terminal must not reach the node before our
            # atexit hook has stopped it gracefully (which lets Anvil dump its state).
            return subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
                preexec_fn=None if detach else _die_with_parent(os.getpid()),
            )
        except OSError as exc:
            raise ChainStartError(f"cannot run {argv[0]}: {exc.strerror or exc}") from None


def rpc_chain_id(url: str, timeout: float) -> int:
    """The node's ``eth_chainId``.

    Raises:
        OSError: The node did not answer (connection refused, timeout, HTTP error).
        ValueError: The answer was not a JSON-RPC chain id.
    """
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with _NO_PROXY_OPENER.open(request, timeout=timeout) as response:
        return int(json.load(response)["result"], 16)


def wait_ready(
    proc: subprocess.Popen[bytes],
    *,
    name: str,
    url: str,
    chain_id: int,
    timeout: float,
    log_path: Path,
    log_offset: int,
) -> None:
    """Poll ``eth_chainId`` until the node answers with ``chain_id``.

    Args:
        proc: The node, watched so that a crash is reported at once instead of at the timeout.
        name: The node's name for messages (``anvil``, ``ganache``).
        url: Its JSON-RPC URL.
        chain_id: The chain id it must report.
        timeout: Seconds to wait in all.
        log_path: Its log, quoted in errors.
        log_offset: Where this run's output starts in ``log_path``.

    Raises:
        ChainStartError: The node exited, answered another chain id, or did not answer in time.
    """
    deadline = time.monotonic() + timeout
    while True:
        code = proc.poll()
        if code is not None:
            raise ChainStartError(
                f"{name} exited with code {code} during start-up; last lines of {log_path}:\n"
                + log_tail(log_path, log_offset)
            )
        try:
            answered = rpc_chain_id(url, timeout=2.0)
        except (OSError, ValueError, KeyError):
            answered = None
        if answered is not None:
            if answered != chain_id:
                raise ChainStartError(f"{name} at {url} reports chain id {answered}, expected {chain_id}")
            return
        if time.monotonic() > deadline:
            raise ChainStartError(
                f"{name} did not answer eth_chainId at {url} within {timeout:g} s; last lines of {log_path}:\n"
                + log_tail(log_path, log_offset)
            )
        time.sleep(0.05)


def log_tail(log_path: Path, offset: int = 0, lines: int = 15) -> str:
    """The last ``lines`` lines written to ``log_path`` after byte ``offset``."""
    try:
        with open(log_path, "rb") as log:
            log.seek(offset)
            text = log.read().decode(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.rstrip().splitlines()[-lines:]) or "(empty log)"


def stop_child(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM our child, wait up to ``timeout`` seconds, then SIGKILL it; reaps it either way."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
            return
        except subprocess.TimeoutExpired:
            proc.kill()
    proc.wait()


def kill_child(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL our child and reap it."""
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def pid_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no procfs (macOS): trust kill(0)
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def process_matches(pid: int, argv: Sequence[str]) -> bool:
    """Whether live process ``pid`` runs exactly ``argv``: a recycled pid must never be signalled."""
    if not pid_alive(pid):
        return False
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError:
        return False
    if raw is not None:
        return raw.split(b"\0")[:-1] == [os.fsencode(arg) for arg in argv]
    try:  # no procfs (macOS)
        shown = subprocess.run(["ps", "-o", "args=", "-p", str(pid)], capture_output=True, text=True, check=False)
    except OSError:
        return False
    return shown.stdout.strip() == " ".join(argv)


def signal_pid(pid: int, argv: Sequence[str], *, graceful: bool, timeout: float) -> None:
    """Stop a process we did not spawn (a detached node), after checking it is the one recorded.

    Args:
        pid: Its pid.
        argv: The command line it was started with.
        graceful: SIGTERM and wait ``timeout`` seconds before SIGKILL; else SIGKILL at once.
        timeout: Seconds to wait for each signal to take effect.
    """
    for sig in ((signal.SIGTERM, signal.SIGKILL) if graceful else (signal.SIGKILL,)):
        if not process_matches(pid, argv):
            return
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not pid_alive(pid):
            return
