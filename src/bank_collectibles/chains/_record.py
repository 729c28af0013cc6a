"""The pid file of a node: what another process needs to find, check and stop it.

Written to ``<state_dir>/node.json`` for every node we start, detached or not, so that a second
start on the same state (which would corrupt it) is refused and ``status``/``stop`` work from a
command-line tool that did not start the node.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ._process import process_matches
from ._profile import ConsortiumProfile

RECORD_NAME = "node.json"


@dataclass(frozen=True)
class NodeRecord:
    """A started node, as its pid file records it.

    Attributes:
        kind: ``"anvil"`` or ``"ganache"``.
        pid: The node's process id.
        port: Its JSON-RPC port on 127.0.0.1.
        argv: Its exact command line, compared with the live process before any signal is sent.
        detached: Whether it was started to outlive the Python process that started it.
        log_path: Its log file.
        profile: The profile it runs (``ConsortiumProfile.to_dict``); includes the mnemonic,
            which is why the file is private to its owner.
    """

    kind: str
    pid: int
    port: int
    argv: tuple[str, ...]
    detached: bool
    log_path: str
    profile: dict[str, Any]

    @property
    def rpc_url(self) -> str:
        """The node's JSON-RPC URL."""
        return f"http://127.0.0.1:{self.port}"

    def consortium_profile(self) -> ConsortiumProfile:
        """The recorded profile as a ``ConsortiumProfile``."""
        return ConsortiumProfile.from_dict(self.profile)

    def is_live(self) -> bool:
        """Whether the recorded pid is still this node (not dead, not recycled by another program)."""
        return process_matches(self.pid, self.argv)


def write_record(state_dir: Path, record: NodeRecord) -> None:
    """Write the pid file atomically, readable by its owner only."""
    path = state_dir / RECORD_NAME
    tmp = path.with_suffix(".tmp")
    data = asdict(record)
    data["argv"] = list(record.argv)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(data, out, indent=2)
    os.replace(tmp, path)


def read_record(state_dir: Path) -> NodeRecord | None:
    """The pid file in ``state_dir``, or None when there is none or it cannot be read."""
    try:
        data = json.loads((state_dir / RECORD_NAME).read_text())
        data["argv"] = tuple(data["argv"])
        return NodeRecord(**data)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def live_record(state_dir: Path) -> NodeRecord | None:
    """The pid file in ``state_dir`` if its node still runs, else None."""
    record = read_record(state_dir)
    return record if record is not None and record.is_live() else None


def remove_record(state_dir: Path, pid: int) -> None:
    """Delete the pid file if it is node ``pid``'s (a newer node's file is left alone)."""
    record = read_record(state_dir)
    if record is None or record.pid == pid:
        (state_dir / RECORD_NAME).unlink(missing_ok=True)
