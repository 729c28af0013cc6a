"""Fault injection for the crash tests of the campaign engine."""

from __future__ import annotations

import os


def crash_point(name: str) -> None:
    """Fault injection for the crash tests: `BANK_COLLECTIBLES_CRASH_AT=<point>:<n>` kills the
    process with SIGKILL the n-th time it reaches `point`. Unset in normal use: one dict lookup."""
    spec = os.environ.get("BANK_COLLECTIBLES_CRASH_AT")
    if not spec:
        return
    point, _, count = spec.partition(":")
    if point != name:
        return
    _crash_counts[name] = _crash_counts.get(name, 0) + 1
    if _crash_counts[name] >= int(count or 1):
        os.kill(os.getpid(), 9)


_crash_counts: dict[str, int] = {}
