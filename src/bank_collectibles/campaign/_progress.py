"""A progress bar with rate and time left for campaign runs (rich), or nothing in quiet mode."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def progress_bar(description: str = "minting", *, quiet: bool = False) -> Iterator[Callable[[int, int], None]]:
    """Yields a `progress(done, total)` callback drawing a bar with tokens per second and ETA."""
    if quiet:
        yield lambda done, total: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>8.0f} tokens/s"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task(description, total=None, rate=0.0)
        started: list[tuple[float, int]] = []

        def update(done: int, total: int) -> None:
            now = time.monotonic()
            if not started:
                started.append((now, done))  # a resume starts with rows already done
            first_at, first_done = started[0]
            rate = (done - first_done) / (now - first_at) if now > first_at else 0.0
            bar.update(task, completed=done, total=total, rate=rate)

        yield update
