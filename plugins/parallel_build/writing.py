"""The build's output shared between the main process and forked copies of it.

Once every context is computed, the main process forks as the first generator starts its
output. Each process then runs every generator's output as Pelican would, sharing it two
ways:

- Pelican's article, page and template-page generators write only through the writer. The
  processes go through the same writes in the same order; each write goes to the first
  process that reaches it (one shared counter), and the others mark it as written (Pelican's
  check against two pages writing one file still holds). A process that is busy elsewhere
  simply takes fewer pages, so the processes finish together;
- any other generator (a plugin's, or one that copies files itself) runs whole, in one
  process: plugins' generators in the copies, first, while the main process starts on the
  pages; the last generator (static files) in the main process, which then waits for the
  copies before Pelican finishes the build.
"""

from __future__ import annotations

import atexit
import gc
import logging
import multiprocessing
import os
import signal
import sys
from functools import partial

from blogkit.content import all_articles
from blogkit.pelican_internals import parallel

from .settings import MIN_POSTS, workers

logger = logging.getLogger(__name__)


class LastError(logging.Handler):
    """In a copy: the last error it logged, for the main process to repeat if the copy fails.

    A dev server shows a failed build's last line; the copy's own error is printed above it.
    """

    def __init__(self):
        super().__init__(logging.ERROR)
        self.message = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.message = (record.getMessage().strip().splitlines() or [""])[0]


class ParallelWriting:
    """Which process writes what; forks the copies as output starts and waits for them."""

    def __init__(self):
        self.claimed = None  # shared count of the writes taken so far, while output is shared
        self.index = 0  # this process; 0 is the main process
        self.calls = 0  # the writes this process has gone through
        self.counting = True  # False while a generator runs whole in this process
        self.children: list[int] = []
        self.errors: int | None = None  # the pipe a failing copy names its error in
        self.last_error: LastError | None = None  # in a copy

    def plan(self, generators) -> None:
        """After every context is computed: share the output when it is worth it."""
        articles = parallel.articles_generator(generators)
        if workers.count < 2 or articles is None or len(generators) < 2:
            return
        contents = all_articles(articles)
        if len(contents) < MIN_POSTS:
            return
        if any(parallel.overrides_output(content) for content in contents):
            # Only a process making both writes of the file knows which stands: keep one.
            logger.debug("parallel_build: a post overrides another's file; writing in one process")
            return
        broken = parallel.generator_order_problems(generators)
        if broken:
            workers.turn_off(broken)
            return
        first, *middle, last = generators
        whole = [g for g in (first, *middle) if not parallel.writes_only_through_writer(g)]
        copies = workers.count - 1
        owned = [
            (1 + number % copies, parallel.wrap_output(generator, left_to_its_owner))
            for number, generator in enumerate(whole)
        ]
        parallel.wrap_output(first, partial(self.fork_then_output, owned))
        parallel.wrap_output(last, self.output_then_join)

    def fork_then_output(self, owned, output, writer) -> None:
        """As the first generator's output starts: fork; each copy first runs what it owns."""
        self.fork()
        for owner, owned_output in owned:
            if owner == self.index:
                self.run_whole(owned_output, writer)
        output(writer)

    def run_whole(self, output, writer) -> None:
        self.counting = False
        try:
            output(writer)
        finally:
            self.counting = True

    def output_then_join(self, output, writer) -> None:
        """The last generator: the copies leave, the main process runs it, then waits for them."""
        if self.index:
            self.leave(0)
        self.run_whole(output, writer)
        self.join()

    def takes_next(self) -> bool:
        """Whether this process writes the next page or feed: the first to reach it does.

        Every process goes through the same writes in the same order and only ever takes
        the write the counter names, so ``claimed`` is always the number of writes taken.
        """
        if self.claimed is None or not self.counting:
            return True
        call, self.calls = self.calls, self.calls + 1
        with self.claimed.get_lock():
            if self.claimed.value != call:
                return False
            self.claimed.value = call + 1
        return True

    def fork(self) -> None:
        count = workers.count
        self.claimed = multiprocessing.get_context("fork").Value("q", 0)
        self.calls = 0
        errors, error_pipe = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        # What exists now lives until the build ends: out of the collector's sight, no
        # collection in a copy writes to (and so duplicates) the memory it shares.
        gc.freeze()
        for index in range(1, count):
            pid = os.fork()
            if pid == 0:
                os.close(errors)
                self.index, self.children, self.errors = index, [], error_pipe
                self.last_error = LastError()
                logging.getLogger().addHandler(self.last_error)
                # A copy leaves when the last generator starts; any other way out is an error.
                atexit.register(self.leave, 1)
                return
            self.children.append(pid)
        os.close(error_pipe)
        self.errors = errors
        atexit.register(self.stop_children)
        logger.debug("parallel_build: output shared by %d processes", count)

    def leave(self, code: int) -> None:
        """End a copy at once: no atexit handler, cache or summary of the main process."""
        if code and self.last_error.message:
            os.write(self.errors, f"{self.last_error.message}\n".encode()[:4096])
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

    def join(self) -> None:
        failed = sum(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0 for pid in self.children)
        with os.fdopen(self.errors, "rb") as pipe:
            messages = pipe.read().decode(errors="replace").splitlines()
        self.children, self.claimed, self.errors = [], None, None
        gc.unfreeze()  # the build's objects may go once it is done (pelican --autoreload)
        if failed:
            reason = messages[0] if messages else "its error is above"
            logger.critical("parallel_build: a process writing pages failed: %s", reason)
            raise SystemExit(1)

    def stop_children(self) -> None:
        """The main process is leaving early (an error): stop copies still writing."""
        for pid in self.children:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        self.children = []


writing = ParallelWriting()


def left_to_its_owner(_output, _writer) -> None:
    """Pelican's own call to the output of a generator a copy runs whole as output starts."""


class SharedWriter(parallel.SharingWriter):
    """Pelican's writer that leaves the pages and feeds of other processes' shares to them."""

    def writes_here(self) -> bool:
        return writing.takes_next()


def shared_writer(_pelican):
    """The ``get_writer`` answer: Pelican builds its writer from this class."""
    return SharedWriter
