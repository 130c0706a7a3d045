"""Progress of long work (encoding images, drawing cards): done/total and an estimate.

In a terminal, a bar (rich, which Pelican already uses) that leaves no trace once done; in CI
(``CI=true``) or when the output is not a terminal (a log, the dev server's builder), one line
as the stage starts, never a line per item.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


def interactive(console: Console) -> bool:
    """A person watches a terminal: not CI, and the output is a terminal."""
    return console.is_terminal and os.environ.get("CI", "").lower() != "true"


@contextmanager
def stage(what: str, total: int, console: Console | None = None) -> Iterator[Callable[[], None]]:
    """``advance()`` once per item done, while ``what`` ("encoding images") runs over
    ``total`` items."""
    console = console or Console(stderr=True)
    if not interactive(console):
        console.file.write(f"{what}: {total:,} to do\n")
        console.file.flush()
        yield lambda: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("elapsed"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(what, total=total)
        yield lambda: progress.advance(task)
