"""Posts' Markdown converted in forked workers; Pelican's reader takes the results in its order."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from functools import partial
from importlib import import_module

from pelican.readers import MarkdownReader

from blogkit import lazy

from .settings import MIN_POSTS, workers

logger = logging.getLogger(__name__)


class TextMetadataReader(MarkdownReader):
    """Pelican's Markdown reader with metadata left as text, for a worker process.

    Typed metadata (dates, tags, authors) holds the settings and is built in the main
    process, where Pelican would build it; only strings cross between processes.
    """

    def process_metadata(self, name, value):
        return value


_worker_reader: TextMetadataReader | None = None


def _start_worker(settings) -> None:
    global _worker_reader
    _worker_reader = TextMetadataReader(settings)


def convert(path: str) -> tuple[str, dict]:
    """In a worker: one post's HTML and its metadata as text."""
    return _worker_reader.read(path)


class PooledMarkdownReader(MarkdownReader):
    """Takes a post's conversion from the workers when they have it, else reads it itself.

    A conversion that failed in a worker is done again here, so the error Pelican reports
    is the one it would have raised reading the file itself. While a conversion is not
    ready, the main process does ``while_waiting`` work the build needs later, rather
    than wait idle.
    """

    def __init__(self, settings, pending: dict[str, Future], while_waiting: list[Callable]):
        super().__init__(settings)
        self.pending = pending
        self.while_waiting = while_waiting

    def read(self, source_path):
        future = self.pending.pop(source_path, None)
        if future is None:
            return super().read(source_path)
        while self.while_waiting and not future.done():
            self.while_waiting.pop()()
        try:
            content, text_metadata = future.result()
        except Exception:  # read again below, so Pelican reports its own error
            return super().read(source_path)
        self._source_path = source_path
        metadata = {name: self.process_metadata(name, text) for name, text in text_metadata.items()}
        return content, metadata


def work_while_waiting(generator) -> list[Callable]:
    """What the main process can do ahead while workers convert, in the order it is needed.

    First the modules plugins load on first use (blogkit.lazy), then every theme
    template: compiled now, it is compiled once for every process (the generators share
    compiled code, see blog_core.templates, and the processes that later share the output
    inherit it). A module or template that fails here is left alone: it fails again,
    reported by Pelican, where the build uses it.
    """
    env = generator.env
    names = env.list_templates(filter_func=lambda name: not name.startswith("!"))
    tasks = [partial(_quietly, import_module, name) for name in lazy.not_loaded()]
    tasks += [partial(_quietly, env.get_template, name) for name in names]
    return tasks[::-1]  # taken from the end


def _quietly(task: Callable, name: str) -> None:
    with suppress(Exception):
        task(name)


class ParallelReading:
    """One build's worker pool: started with the article generator, shut when it is done."""

    def __init__(self):
        self.executor: ProcessPoolExecutor | None = None

    def start(self, generator) -> None:
        if workers.count < 2:
            return
        extensions = {
            extension
            for extension, reader in generator.readers.readers.items()
            if type(reader) is MarkdownReader
        }
        paths = [path for path in posts_to_read(generator) if _suffix(path) in extensions]
        if len(paths) < MIN_POSTS:
            return
        gc.freeze()  # see writing.ParallelWriting.fork
        self.executor = ProcessPoolExecutor(
            max_workers=workers.count,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(generator.settings,),
        )
        pending = {path: self.executor.submit(convert, path) for path in paths}
        reader = PooledMarkdownReader(generator.settings, pending, work_while_waiting(generator))
        for extension in extensions:
            generator.readers.readers[extension] = reader
        logger.debug("parallel_build: %d posts to convert in %d workers", len(paths), workers.count)

    def stop(self, *_args) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


def posts_to_read(generator):
    """The absolute paths Pelican will read, in its order, less those its cache answers."""
    settings = generator.settings
    for relative in generator.get_files(
        settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
    ):
        if generator.get_cached_data(relative, None) is not None:
            continue
        path = os.path.abspath(os.path.join(generator.path, relative))
        if generator.readers.get_cached_data(path, (None, None))[0] is None:
            yield path


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1][1:]


reading = ParallelReading()
