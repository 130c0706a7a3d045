"""What the build's problems do: a strict build stops before writing, a dev build shows them."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass

from pelican import signals
from pelican.generators import PagesGenerator
from pelican.utils import get_date

from blogkit import lifecycle
from blogkit.content import all_articles, all_pages
from blogkit.pelican_internals.plugins import LOADING
from blogkit.pelican_internals.reading import guard_reading, validity_problems
from blogkit.problems import PROBLEMS, ContentError, header_fields, report, report_error

from .settings import guard_settings

logger = logging.getLogger(__name__)

# A dev server reads the build's problems from this file (site_tools.building).
REPORT_ENV = "BUILD_GUARD_REPORT"
DATE_FIELDS = ("date", "modified")


class StrictBuildStopped(SystemExit):
    """Ends a strict build before anything is written; a SystemExit, so no traceback."""


@dataclass(frozen=True)
class BuildProblems:
    """What the red box of a dev build shows."""

    lines: list[str]

    def __bool__(self) -> bool:
        return bool(self.lines)

    @property
    def heading(self) -> str:
        count = len(self.lines)
        return f"This build has {count} problem{'' if count == 1 else 's'}"


def errors_of(problems: list) -> list[str]:
    return [str(problem) for problem in problems if not problem.warning]


def joined(first: list[str], then: list[str]) -> list[str]:
    """``first``, then what ``then`` adds: each line once, as the build reports it."""
    return [*first, *(line for line in then if line not in first)]


def write_report(stopped: bool) -> None:
    """Leave the errors where a dev server can show them (``$BUILD_GUARD_REPORT``)."""
    path = os.environ.get(REPORT_ENV)
    if path:
        with open(path, "w", encoding="utf-8") as target:
            json.dump({"problems": [str(p) for p in PROBLEMS.errors], "stopped": stopped}, target)


def stop(message: str) -> None:
    """Stop the build now, with one last line saying why."""
    logger.critical(message)
    write_report(stopped=True)
    raise StrictBuildStopped(1)


def describe_reader_error(path: str, error: BaseException) -> ContentError:
    """The problem behind an exception Pelican raised reading ``path``, with its line."""
    if isinstance(error, ContentError):
        return error
    fields = header_fields(path)
    for name in DATE_FIELDS:
        if name in fields:
            value, line = fields[name]
            try:
                get_date(value)
            except (ValueError, OverflowError):
                return ContentError(path, f"{name.capitalize()} {value!r} is not a date", line)
    return ContentError(path, f"{type(error).__name__}: {error}")


def refuse_invalid(content) -> bool:
    """Report why Pelican would skip ``content`` (missing title, unknown status...); True if so."""
    problems = validity_problems(content)
    fields = header_fields(content.source_path)
    for field, problem in problems:
        report(content.source_path, problem, fields.get(field.lower(), (None, None))[1])
    return bool(problems)


def check_titles(generator) -> None:
    """What Pelican accepts but a reader should never see; checked on every build, cached or not."""
    contents = (
        all_pages(generator) if isinstance(generator, PagesGenerator) else all_articles(generator)
    )
    for content in contents:
        title = getattr(content, "title", None)
        if title is not None and not str(title).strip():
            line = header_fields(content.source_path).get("title", (None, None))[1]
            report(content.source_path, "Title is empty", line)


class BuildGuard:
    """One build's verdict."""

    def __init__(self):
        self.strict = False
        self.staged = False
        self.box = BuildProblems([])  # what this build's pages show
        self.found_before: list[str] = []  # the errors the red box showed at the verdict
        # The errors the last staged build's work after the reload found: its red box shows
        # them at once, as that work will most likely find them again.
        self.found_later: list[str] = []

    def start(self, build: lifecycle.Build) -> None:
        """As every build starts (its problems are none yet: blogkit.lifecycle)."""
        self.strict = guard_settings(build.settings)["BUILD_GUARD_STRICT"]
        self.staged = build.staged
        write_report(stopped=False)
        for name in LOADING.not_loaded(build.pelican):
            report("", f"PLUGINS: the plugin {name!r} could not be loaded (see the line above)")
        if self.strict and not build.settings.get("SITEURL"):
            stop("SITEURL is empty: set it in publishconf.py or in the SITEURL environment "
                 "variable before publishing")  # fmt: skip

    def watch_reading(self, generator) -> None:
        guard_reading(
            generator,
            on_error=lambda path, error: report_error(describe_reader_error(path, error)),
            content_problems=refuse_invalid,
        )

    def verdict(self, generators) -> None:
        """After every context is computed and before anything is written."""
        errors = PROBLEMS.errors
        if errors and self.strict:
            count = f"{len(errors)} problem{'' if len(errors) == 1 else 's'}"
            stop(f"Build stopped before writing anything: {count} above")
        write_report(stopped=False)
        self.found_before = errors_of(errors)
        if not self.staged:  # that work is done: the next staged build expects the same
            self.found_later = errors_of(lifecycle.found_after_reload())
        expected = self.found_later if self.staged else []
        self.box = BuildProblems(joined(self.found_before, expected))
        if generators:  # every generator shares one context
            generators[0].context["BUILD_PROBLEMS"] = self.box

    def settled(self, found: list) -> bool:
        """The errors the work after the reload found, in the red box of the pages written
        from now on; whether the box of those written before showed other ones."""
        self.found_later = errors_of(found)
        lines = joined(self.found_before, self.found_later)
        stale = lines != self.box.lines
        self.box.lines[:] = lines
        return stale

    def finish(self, _pelican) -> None:
        """A problem found while writing still fails a strict build (nothing may be deployed)."""
        write_report(stopped=False)
        if self.strict and PROBLEMS.errors:
            stop(f"Build failed: {len(PROBLEMS.errors)} problem(s) above")


guard = BuildGuard()


def register():
    lifecycle.on_start(guard.start)
    signals.article_generator_init.connect(guard.watch_reading)
    signals.page_generator_init.connect(guard.watch_reading)
    signals.article_generator_finalized.connect(check_titles)
    signals.page_generator_finalized.connect(check_titles)
    signals.all_generators_finalized.connect(guard.verdict)
    lifecycle.on_settled(guard.settled)
    signals.finalized.connect(guard.finish)
