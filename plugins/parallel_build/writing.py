"""The build's output shared between the main process and forked copies of it.

Once every context is computed, the main process forks on its first write. Each process
then runs every generator's output as Pelican would, with two kinds of sharing:

- Pelican's article, page and template-page generators write only through the writer, so
  each process renders every n-th page or feed and marks the rest as written (Pelican's
  check against two pages writing one file still holds);
- any other generator (a plugin's, or one that copies files itself) runs whole, in one
  process: plugins' generators in the copies, the last generator (static files) in the main
  process, which then waits for the copies before Pelican finishes the build.
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import sys

from pelican.generators import ArticlesGenerator, PagesGenerator, TemplatePagesGenerator
from pelican.utils import sanitised_join
from pelican.writers import Writer

from blog_core.articles import all_articles

from .settings import MIN_POSTS, workers

logger = logging.getLogger(__name__)

# Generators whose every output goes through writer.write_file or writer.write_feed.
WRITER_ONLY = (ArticlesGenerator, PagesGenerator, TemplatePagesGenerator)


def _leave(code: int) -> None:
    """End a forked copy at once: no atexit handler, cache or summary of the main process."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


class ParallelWriting:
    """Which process writes what; forks the copies on the first write and waits for them."""

    def __init__(self):
        self.generators: list = []  # the build's generators, when sharing is planned
        self.count = 1  # processes sharing the writes right now
        self.index = 0  # this process's share; 0 is the main process
        self.calls = 0
        self.counting = True  # False while a generator runs whole in this process
        self.children: list[int] = []

    def plan(self, generators) -> None:
        """After every context is computed: share the output when it is worth it."""
        self.generators = []
        articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
        if workers.count < 2 or articles is None:
            return
        contents = all_articles(articles)
        if len(contents) < MIN_POSTS:
            return
        if any(hasattr(content, "override_save_as") for content in contents):
            # Which of two writes to one file wins depends on their order: keep one process.
            logger.debug("parallel_build: a post overrides another's file; writing in one process")
            return
        self.generators = list(generators)

    def takes_next(self) -> bool:
        """Whether this process writes the next page or feed; forks on the first one."""
        if self.generators:
            self.fork()
        if self.count == 1 or not self.counting:
            return True
        mine = self.calls % self.count == self.index
        self.calls += 1
        return mine

    def fork(self) -> None:
        generators, self.generators = self.generators, []
        count = workers.count
        sys.stdout.flush()
        sys.stderr.flush()
        for index in range(1, count):
            pid = os.fork()
            if pid == 0:
                self.index, self.children = index, []
                # A copy leaves when the last generator starts; any other way out is an error.
                atexit.register(_leave, 1)
                break
            self.children.append(pid)
        else:
            atexit.register(self.stop_children)
            logger.debug("parallel_build: output shared by %d processes", count)
        self.count, self.calls = count, 0
        *others, last = generators
        copies = 0
        for generator in others:
            if not isinstance(generator, WRITER_ONLY):
                self.run_whole(generator, 1 + copies % (count - 1))
                copies += 1
        self.run_last(last)

    def run_whole(self, generator, owner: int) -> None:
        """Run this generator's output in one process only, every write of it there."""
        generate_output = generator.generate_output

        def in_owner(writer):
            if self.index == owner:
                self.counting = False
                try:
                    generate_output(writer)
                finally:
                    self.counting = True

        generator.generate_output = in_owner

    def run_last(self, generator) -> None:
        """The copies leave; the main process runs the last generator, then waits for them."""
        generate_output = generator.generate_output

        def then_join(writer):
            if self.index:
                _leave(0)
            self.counting = False
            generate_output(writer)
            self.join()

        generator.generate_output = then_join

    def join(self) -> None:
        failed = sum(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0 for pid in self.children)
        self.children, self.count, self.calls, self.counting = [], 1, 0, True
        if failed:
            logger.critical("parallel_build: a process writing pages failed; its error is above")
            raise SystemExit(1)

    def stop_children(self) -> None:
        """The main process is leaving early (an error): stop copies still writing."""
        for pid in self.children:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        self.children = []


writing = ParallelWriting()


class SharedWriter(Writer):
    """Pelican's writer that leaves the pages and feeds of other processes' shares to them."""

    def write_file(self, name, *args, **kwargs):
        if name and not writing.takes_next():
            self._written_files.add(sanitised_join(self.output_path, name))
            return None
        return super().write_file(name, *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path and not writing.takes_next():
            self._written_files.add(sanitised_join(self.output_path, path))
            return None
        return super().write_feed(elements, context, path, *args, **kwargs)


def shared_writer(_pelican):
    """The ``get_writer`` answer: Pelican builds its writer from this class."""
    return SharedWriter
