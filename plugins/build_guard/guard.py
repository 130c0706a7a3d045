"""Collect content problems during a build; report them in one line; stop strict builds."""

from __future__ import annotations

import json
import logging
import os
import re
import sys

from pelican import signals

from .problems import ContentError, format_problem, metadata_line

logger = logging.getLogger(__name__)

KNOWN_STATUSES = ("published", "draft", "hidden", "skip")
_COULD_NOT_PROCESS = "Could not process %s"
_UNKNOWN_STATUS = "Unknown status '%s' for file %s, skipping it. (Not in %s)"
_PLUGIN_NOT_LOADED = "Cannot load plugin `%s`\n%s"
FILTERED_LOGGERS = ("pelican.generators", "pelican.contents", "pelican.plugins._utils")
_BAD_DATE = re.compile(r"^'(?P<value>.*)' is not a valid date$")


class StrictBuildStopped(SystemExit):
    """Raised to end a strict build before anything is written.

    A SystemExit so that Pelican's generic handler does not print a traceback.
    """


REPORT_ENV = "BUILD_GUARD_REPORT"


def write_report(problems: list[str], stopped: bool) -> None:
    """Leave the problems where a dev server can show them (``$BUILD_GUARD_REPORT``)."""
    path = os.environ.get(REPORT_ENV)
    if path:
        with open(path, "w", encoding="utf-8") as report:
            json.dump({"problems": problems, "stopped": stopped}, report)


def stop_build(problem: str) -> None:
    """Stop this build, dev or publish, with one line: for data no page can be built from."""
    problems = [*guard.collector.problems, problem]
    guard.stop()
    logger.critical(problem)
    write_report(problems, stopped=True)
    raise StrictBuildStopped(1)


class ProblemCollector(logging.Handler):
    """Remembers every error logged while the site is being built."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.problems:
            self.problems.append(message)


class OneLineReaderErrors(logging.Filter):
    """Rewrite Pelican's "Could not process <file>" into ``<file>:<line>: <problem>``.

    Pelican logs that line from inside the ``except`` block of the reader, so the
    exception that explains it is still in ``sys.exc_info()``. Its "Unknown status"
    line is dropped: ``check_content`` has already said it, with the line number.
    """

    content_path = ""  # Pelican names the file relative to the content folder

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == _UNKNOWN_STATUS:
            return False
        if record.msg == _PLUGIN_NOT_LOADED:
            record.msg = "Cannot load plugin `%s`: %s"
            return True
        if record.msg != _COULD_NOT_PROCESS or not record.args:
            return True
        error = sys.exc_info()[1]
        if error is None:
            return True
        path = os.path.join(self.content_path, str(record.args[0]))
        record.msg, record.args = "%s", (describe_reader_error(path, error),)
        record.exc_info = None
        return True


def describe_reader_error(path: str, error: BaseException) -> str:
    """One line for an exception raised while reading ``path``."""
    if isinstance(error, ContentError):
        return str(error)
    match = _BAD_DATE.match(str(error))
    if match:
        value = match["value"]
        field = "Modified" if _field_has_value(path, "Modified", value) else "Date"
        return format_problem(path, f"{field} {value!r} is not a date", metadata_line(path, field))
    return format_problem(path, f"{type(error).__name__}: {error}")


def _field_has_value(path: str, field: str, value: str) -> bool:
    line = metadata_line(path, field)
    if line is None:
        return False
    with open(path, encoding="utf-8-sig") as source:
        return value in source.read().splitlines()[line - 1]


def check_content(content) -> None:
    """Log what Pelican accepts but a reader should never see (empty title, bad status)."""
    source = getattr(content, "source_path", None)
    if not source:
        return
    title = getattr(content, "title", None)
    if title is not None and not str(title).strip():
        logger.error(format_problem(source, "Title is empty", metadata_line(source, "Title")))
    status = getattr(content, "status", "published")
    if status not in KNOWN_STATUSES:
        logger.error(
            format_problem(
                source,
                f"Status {status!r} is not one of {', '.join(KNOWN_STATUSES)}",
                metadata_line(source, "Status"),
            )
        )


class BuildGuard:
    """One build's collector, filters and verdict."""

    def __init__(self):
        self.collector = ProblemCollector()
        self.reader_filter = OneLineReaderErrors()
        self.strict = False

    def listen(self) -> None:
        """Collect from now on (adding the same handler or filter twice is a no-op)."""
        logging.getLogger().addHandler(self.collector)
        for name in FILTERED_LOGGERS:
            logging.getLogger(name).addFilter(self.reader_filter)

    def start(self, pelican) -> None:
        self.strict = bool(pelican.settings.get("BUILD_GUARD_STRICT", False))
        self.reader_filter.content_path = pelican.settings["PATH"]
        self.listen()
        write_report([], stopped=False)
        if self.strict and not pelican.settings.get("SITEURL"):
            stop_build(
                "SITEURL is empty: set it in publishconf.py or in the SITEURL "
                "environment variable before publishing"
            )

    def verdict(self, generators) -> None:
        """After every context is computed and before anything is written."""
        problems = list(self.collector.problems)
        if problems and self.strict:
            count = f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"
            stop_build(f"Build stopped before writing anything: {count} above")
        write_report(problems, stopped=False)
        if generators:  # every generator shares one context
            generators[0].context["BUILD_PROBLEMS"] = problems

    def stop(self, *_args) -> None:
        logging.getLogger().removeHandler(self.collector)
        for name in FILTERED_LOGGERS:
            logging.getLogger(name).removeFilter(self.reader_filter)
        self.collector.problems.clear()


guard = BuildGuard()
# Listen from the moment Pelican imports this plugin: a plugin listed after it that fails to
# load is only logged by Pelican, and a publish build must stop on it too.
guard.listen()


def register():
    signals.initialized.connect(guard.start)
    signals.content_object_init.connect(check_content)
    signals.all_generators_finalized.connect(guard.verdict)
    signals.finalized.connect(guard.stop)
