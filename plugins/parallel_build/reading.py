"""Posts' Markdown converted in forked workers; Pelican's reader takes the results in its order."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import suppress
from functools import partial
from importlib import import_module

from blogkit import lazy
from blogkit.pelican_internals import parallel
from blogkit.processes import WorkerPool

from .workers import MIN_POSTS, workers

logger = logging.getLogger(__name__)

_convert: Callable[[str], tuple[str, dict]] | None = None


def _start_worker(generator) -> None:
    global _convert
    _convert = parallel.markdown_converter(generator)


def convert(path: str) -> tuple[str, dict]:
    """In a worker: one post's HTML and its metadata as text."""
    return _convert(path)


class Conversions:
    """The workers' conversions, handed to Pelican's reader as it reaches each post.

    While a conversion is not ready, the main process does ``while_waiting`` work the build
    needs later rather than wait idle. A post the workers were not given, or whose
    conversion failed, is None: Pelican reads it itself (and so reports its own error).
    """

    def __init__(self, pending: dict[str, Future], while_waiting: list[Callable]):
        self.pending = pending
        self.while_waiting = while_waiting

    def __call__(self, path: str) -> tuple[str, dict] | None:
        future = self.pending.pop(path, None)
        if future is None:
            return None
        while self.while_waiting and not future.done():
            self.while_waiting.pop()()
        try:
            return future.result()
        except Exception:
            return None


def work_while_waiting(generator) -> list[Callable]:
    """What the main process can do ahead while workers convert, in the order it is needed.

    First the modules plugins load on first use (blogkit.lazy), then every theme
    template: compiled now, it is compiled once for every process (the generators share
    compiled code, see blog_core.templates, and the processes that later share the output
    inherit it). A module or template that fails here is left alone: it fails again,
    reported by Pelican, where the build uses it.
    """
    tasks = [partial(import_module, name) for name in lazy.not_loaded()]
    tasks += parallel.template_compilers(generator)
    return [partial(_quietly, task) for task in reversed(tasks)]  # taken from the end


def _quietly(task: Callable) -> None:
    with suppress(Exception):
        task()


class ParallelReading:
    """One build's worker pool: started with the article generator, shut when it is done."""

    def __init__(self):
        self.pool: WorkerPool | None = None

    def start(self, generator) -> None:
        if workers.count < 2:
            return
        paths = parallel.markdown_posts_to_read(generator)
        if len(paths) < MIN_POSTS:
            return
        self.pool = WorkerPool(workers.count, initializer=_start_worker, initargs=(generator,))
        pending = {path: self.pool.submit(convert, path) for path in paths}
        conversions = Conversions(pending, work_while_waiting(generator))
        parallel.read_markdown_with(generator, conversions)
        logger.debug("parallel_build: %d posts to convert in %d workers", len(paths), workers.count)

    def stop(self, *_args) -> None:
        """Once the posts are read (or the build ended, or failed before)."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None


reading = ParallelReading()
