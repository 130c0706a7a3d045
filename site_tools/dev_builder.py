"""``python -m site_tools.dev_builder PELICAN-ARGUMENTS --connection FD``: the dev server's builder.

One process for as long as the settings and plugins stay as they are: Pelican, the plugins,
the compiled templates and the unchanged posts (site_tools.kept_contents) stay loaded, so a
rebuild costs the changed sources and the pages, not a new interpreter. It builds the whole
site once, then rebuilds on each change it is sent (site_tools.staged_build): first the page
the browser asked for last and those of the changed posts, then it says so (the server reloads
the browser), then the plugins' whole-site checks (the pages shown are written again, and the
browser reloaded, if those found a problem their red box lacked), then the other pages the
browser showed (other tabs), then the rest, answering the server's requests for pages on the
way. A change that arrives meanwhile ends that rest: the next rebuild writes every page again.

Messages, as ``(kind, body)`` over the connection the server passes:

- from the server: ``("changed", {"paths": [...], "open": [...]})``: rebuild; ``open`` are the
  output files the browser shows; ``("want", output)``: write that file now if it is due;
- to the server: ``("ready", {"seconds": s, "fresh": [...]})``: the wanted pages are written
  (``fresh``: the page the browser showed last, if any); ``("fresh", output)``:
  that file is as the sources make it; ``("settled", seconds)``: every file is written, and
  what the previous build wrote and this one did not is removed; ``("failed", [line])``.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from time import perf_counter

from pelican import get_instance, parse_arguments, signals

from blogkit import lazy, lifecycle
from blogkit.pelican_internals import staging
from blogkit.problems import PROBLEMS
from site_tools.kept_contents import KeptContents
from site_tools.output_files import WrittenFiles, files_below, remove
from site_tools.run_pelican import prepare
from site_tools.staged_build import StagedOutput, stage_output

logger = logging.getLogger(__name__)


def one_line(error: BaseException) -> str:
    """An exception as the dev server shows it: ``SyntaxError: invalid syntax (file, line 3)``."""
    message = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def between_builds() -> None:
    """Load what a later build may need (``blogkit.lazy``), free the last builds' cycles now,
    and leave what stays out of the next build's collections: a rebuild's own objects are then
    all the collector looks through."""
    lazy.load_all()
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class Builder:
    """Pelican kept loaded between builds, and what the last complete build wrote."""

    def __init__(self, connection: Connection, pelican_instance):
        self.connection = connection
        self.pelican = pelican_instance
        self.output = Path(pelican_instance.output_path)
        self.written = WrittenFiles(self.output)
        self.products: set[str] = set()  # the last complete build's files, and any since
        self.changes: set[str] = set()
        self.open: list[str] = []
        self.kept = KeptContents()
        staging.remember_relative_source_paths()
        signals.article_generator_init.connect(self.kept.watch)
        signals.page_generator_init.connect(self.kept.watch)

    def send(self, kind: str, body) -> None:
        self.connection.send((kind, body))

    def first_build(self) -> None:
        """Pelican's own build, its worker processes included; later rebuilds stay in this one."""
        started = perf_counter()
        try:
            self.pelican.run()
        except (Exception, SystemExit) as error:
            self.fail(error)
            return
        finally:
            # Rebuilds write the wanted pages first, then the rest while answering the server.
            lifecycle.stage_builds()
        between_builds()
        self.products = files_below(self.output, self.pelican.settings["OUTPUT_RETENTION"])
        seconds = perf_counter() - started
        logger.info("Built the whole site in %.2f s", seconds)
        self.send("ready", {"seconds": seconds, "fresh": []})
        self.send("settled", seconds)

    def serve(self) -> None:
        """Rebuild on every change until the server closes the connection."""
        while True:
            try:
                kind, body = self.connection.recv()
            except EOFError:
                return
            self.handle(kind, body, None)
            while self.changes:  # a change during a rebuild starts the next one
                changes, self.changes = self.changes, set()
                self.rebuild(changes)

    def handle(self, kind: str, body, output: StagedOutput | None) -> None:
        if kind == "changed":
            self.changes.update(body["paths"])
            self.open = body["open"]
        elif kind == "want":
            if output is not None:
                output.write_page(body)
            self.send("fresh", body)

    def handle_waiting(self, output: StagedOutput) -> None:
        while self.connection.poll():
            self.handle(*self.connection.recv(), output)

    def rebuild(self, changes: set[str]) -> None:
        started = perf_counter()
        self.written.start()
        # No collection until the open page is written: each would look through all this
        # build has made so far (about 20 ms a save at 1,000 posts) to free next to nothing.
        gc.disable()
        try:
            complete = self.write_everything(changes, started)
        except (Exception, SystemExit) as error:
            self.fail(error)
            complete = False
        finally:
            gc.enable()
            PROBLEMS.release()  # held until the open page was written: never lost
        written = self.written.stop()
        if not complete:
            self.products |= written
            return
        remove(self.output, self.products - written)
        self.products = written
        between_builds()
        seconds = perf_counter() - started
        logger.info("Rebuilt in %.2f s", seconds)
        self.send("settled", seconds)

    def write_everything(self, changes: set[str], started: float) -> bool:
        """The open page, then the rest; False when a new change cut the rest short."""
        stylesheets_only = self.theme_stylesheets(changes)
        if stylesheets_only:  # no page changes: the browser reloads the stylesheet at once
            staging.copy_theme_static_files(self.pelican)
            self.ready(started, fresh=[])
        generators, output = self.staged(changes)
        if not stylesheets_only:
            self.write_shown(output, changes, started)
        if output.settle():  # the pages shown lacked problems found after the reload
            self.ready(started, fresh=self.open[:1])
        for page in self.open:  # other tabs reload too: their pages come next
            output.write_page(page)
            self.send("fresh", page)
        while not output.done:
            if self.changes:
                return False
            output.write_next()
            self.handle_waiting(output)
        staging.finish(self.pelican)
        for generator in generators:
            if staging.copies_static_files(generator):
                self.written.paths.update(staging.kept_static_files(generator))
        return True

    def staged(self, changes: set[str]) -> tuple[list, StagedOutput]:
        """This build's generators, every context computed, and its output to write."""
        self.kept.start(changes)
        # Unchanged posts are kept in memory: Pelican's content cache is neither read nor written.
        generators = staging.computed_generators(self.pelican, content_cache=False)
        return generators, stage_output(self.pelican, generators, self.written)

    def write_shown(self, output: StagedOutput, changes: set[str], started: float) -> None:
        """The page asked for last (the one the author looks at) and the changed posts' pages;
        then the browser reloads."""
        shown = self.open[:1]
        for page in shown:
            output.write_page(page)
        output.write_sources(changes)
        self.handle_waiting(output)
        self.ready(started, fresh=shown)

    def theme_stylesheets(self, changes: set[str]) -> bool:
        """Whether every change is a stylesheet among the theme's static files."""
        theme, settings = self.pelican.theme, self.pelican.settings
        folders = [os.path.realpath(os.path.join(theme, path)) + os.sep
                   for path in settings["THEME_STATIC_PATHS"]]  # fmt: skip
        return bool(changes) and all(
            path.endswith(".css") and os.path.realpath(path).startswith(tuple(folders))
            for path in changes
        )

    def ready(self, started: float, fresh: list[str]) -> None:
        """The browser may reload: ``fresh`` pages are written, the stylesheets copied."""
        seconds = perf_counter() - started
        self.send("ready", {"seconds": seconds, "fresh": fresh})
        gc.enable()  # after: the first collection since the build started takes 20-30 ms
        logger.info("Open pages written in %.2f s", seconds)

    def fail(self, error: BaseException) -> None:
        line = one_line(error)
        logger.critical("%s", line)
        self.send("failed", [line])


def main(arguments: list[str]) -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--connection", type=int, required=True)
    ours, pelicans = parser.parse_known_args(arguments)
    connection = Connection(ours.connection)
    args = parse_arguments(prepare(pelicans))
    logger.setLevel(logging.INFO)
    try:
        pelican_instance, _settings = get_instance(args)
    except Exception as error:  # broken settings: the server shows the line and waits
        line = one_line(error)
        logger.critical("%s", line)
        connection.send(("failed", [line]))
        sys.exit(1)
    builder = Builder(connection, pelican_instance)
    builder.first_build()
    builder.serve()


if __name__ == "__main__":
    main(sys.argv[1:])
