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

The copies are jobs of blogkit.processes' worker pool, forked as the first generator's output
starts, one share of the output each; they wait for one another before writing, so that no
worker takes two shares. A copy that fails fails the build with its error in one line; when
the main process fails, the copies stop at their next write, before its error is the last line.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from threading import BrokenBarrierError

from blogkit.content import all_articles
from blogkit.pelican_internals import parallel
from blogkit.processes import WorkerPool

from .workers import MIN_POSTS, workers

logger = logging.getLogger(__name__)

START_WAIT = 60.0  # seconds a copy waits for the others to start before it gives up


class CopyStopped(Exception):
    """In a copy: the main process failed, so the rest of this share is not written."""


class ParallelWriting:
    """Which process writes what; starts the copies as output starts and waits for them."""

    def __init__(self):
        self.claimed = None  # shared count of the writes taken so far, while output is shared
        self.index = 0  # this process; 0 is the main process
        self.calls = 0  # the writes this process has gone through
        self.counting = True  # False while a generator runs whole in this process
        self.pool: WorkerPool | None = None
        self.copies: list[Future] = []
        self.stopping = None  # set by the main process when it fails: the copies stop
        self.share: tuple = ()  # what a copy runs: (owned outputs, first output, the rest, writer)

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
        for generator in middle:
            if parallel.writes_only_through_writer(generator):
                parallel.wrap_output(generator, self.stopping_copies_on_failure)
        parallel.wrap_output(first, partial(self.start_copies_then_output, owned, middle))
        parallel.wrap_output(last, self.output_then_join)

    def start_copies_then_output(self, owned, middle, output, writer) -> None:
        """As the first generator's output starts: the copies start, this process writes on."""
        count = workers.count
        context = multiprocessing.get_context("fork")
        self.claimed, self.calls = context.Value("q", 0), 0
        self.stopping = context.Event()
        started = context.Barrier(count - 1, timeout=START_WAIT)
        self.share = (owned, output, middle, writer, started)
        self.pool = WorkerPool(count - 1)
        self.copies = [self.pool.submit(write_share, index) for index in range(1, count)]
        logger.debug("parallel_build: output shared by %d processes", count)
        self.stopping_copies_on_failure(output, writer)

    def stopping_copies_on_failure(self, output, writer) -> None:
        """The main process's share of one generator's output; if it fails, the copies stop
        before the failure goes on (so its error is what the build says last)."""
        try:
            output(writer)
        except BaseException:
            if self.index == 0:
                self.stopping.set()
                self.abandon()
            raise

    def write_share(self, index: int) -> None:
        """In a copy: the generators it owns run whole, then every output but the static files'
        as Pelican runs them, each page written by the first process to reach it."""
        owned, first_output, middle, writer, started = self.share
        self.index, self.calls = index, 0
        started.wait()
        for owner, owned_output in owned:
            if owner == index:
                self.run_whole(owned_output, writer)
        first_output(writer)
        for generator in middle:
            generator.generate_output(writer)

    def run_whole(self, output, writer) -> None:
        self.counting = False
        try:
            output(writer)
        finally:
            self.counting = True

    def output_then_join(self, output, writer) -> None:
        """The last generator: this process runs it, then waits for the copies."""
        self.counting = False
        try:
            self.stopping_copies_on_failure(output, writer)
        finally:
            self.counting = True
        self.join()

    def takes_next(self) -> bool:
        """Whether this process writes the next page or feed: the first to reach it does.

        Every process goes through the same writes in the same order and only ever takes
        the write the counter names, so ``claimed`` is always the number of writes taken.
        """
        if self.claimed is None or not self.counting:
            return True
        if self.index and self.stopping.is_set():
            raise CopyStopped
        call, self.calls = self.calls, self.calls + 1
        with self.claimed.get_lock():
            if self.claimed.value != call:
                return False
            self.claimed.value = call + 1
        return True

    def abandon(self) -> None:
        """End the copies of a build that failed before it waited for them."""
        if self.pool is not None:
            self.pool.close()
        self.pool, self.copies, self.claimed, self.share, self.stopping = None, [], None, (), None

    def join(self) -> None:
        """Wait for every copy; one that failed fails the build, its error in one line."""
        failures = [copy_failure(copy) for copy in self.copies]
        self.abandon()
        reason = next((failure for failure in failures if failure), None)
        if reason:
            logger.critical("parallel_build: a process writing pages failed: %s", reason)
            raise SystemExit(1)


def copy_failure(copy: Future) -> str:
    """Why a copy failed, in one line; empty when it wrote its share."""
    try:
        copy.result()
    except BrokenProcessPool:
        return "it stopped (killed, or a library crashed in it)"
    except BrokenBarrierError:
        return "the other processes did not start"
    except BaseException as error:  # any error a page's rendering raised, as Pelican would show
        message = (str(error).strip().splitlines() or [""])[0]
        return f"{type(error).__name__}: {message}" if message else type(error).__name__
    return ""


writing = ParallelWriting()


def write_share(index: int) -> None:
    """A copy's job (a module-level function: the pool sends it by name)."""
    writing.write_share(index)


def left_to_its_owner(_output, _writer) -> None:
    """Pelican's own call to the output of a generator a copy runs whole as output starts."""


class SharedWriter(parallel.SharingWriter):
    """Pelican's writer that leaves the pages and feeds of other processes' shares to them."""

    def writes_here(self) -> bool:
        return writing.takes_next()


def shared_writer(_pelican):
    """The ``get_writer`` answer: Pelican builds its writer from this class."""
    return SharedWriter
