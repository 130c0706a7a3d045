"""Content problems: one line each, ``file:line: problem``, collected for the build to judge.

A plugin that finds something wrong in a source file calls :func:`report` (an error: a publish
build stops before writing) or :func:`warn` (shown, the build goes on). Both log the line at
once and keep it in :data:`PROBLEMS`; build_guard reads it to decide, so nothing depends on the
wording of log messages. A staged build (the dev server's) holds the lines until the open page
is written (:meth:`ProblemLog.hold`): logging 200 warnings again costs a save 10 ms, and the
page's red box does not wait for the terminal.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from functools import lru_cache

logger = logging.getLogger(__name__)

QUOTE_LIMIT = 80  # characters of a value an error message quotes at most


@dataclass(frozen=True)
class Problem:
    """One problem in one file (and line, when it has one)."""

    path: str
    message: str
    line: int | None = None
    warning: bool = False

    def __str__(self) -> str:
        return format_problem(self.path, self.message, self.line)


class ContentError(Exception):
    """Raised where reading cannot go on; whoever catches it reports ``error.problem``."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.problem = Problem(path, message, line)
        super().__init__(str(self.problem))


class ProblemLog:
    """The problems of the build running in this process, in the order they were found."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.seen: set[Problem] = set()  # a build may report hundreds: each looked up once
        self.held: list[Problem] | None = None  # not logged yet (hold)

    def add(self, problem: Problem) -> Problem:
        """Log and keep ``problem``; the same line reported twice is kept once."""
        if problem not in self.seen:
            self.seen.add(problem)
            self.problems.append(problem)
            if self.held is None:
                _log(problem)
            else:
                self.held.append(problem)
        return problem

    def hold(self) -> None:
        """Keep the lines of the problems reported from now on until :meth:`release`."""
        if self.held is None:
            self.held = []

    def release(self) -> None:
        """Log the lines held, in the order they were reported; log each new one at once."""
        held, self.held = self.held or [], None
        for problem in held:
            _log(problem)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.warning]

    def clear(self) -> None:
        self.release()
        self.problems.clear()
        self.seen.clear()


def _log(problem: Problem) -> None:
    logger.log(logging.WARNING if problem.warning else logging.ERROR, "%s", problem)


PROBLEMS = ProblemLog()


def report(path: str, message: str, line: int | None = None) -> Problem:
    """An error in a source file: the file's content is left out, a publish build stops."""
    return PROBLEMS.add(Problem(str(path), message, line))


def warn(path: str, message: str, line: int | None = None) -> Problem:
    """Worth fixing, but nothing is lost: shown in the terminal, the build goes on."""
    return PROBLEMS.add(Problem(str(path), message, line, warning=True))


def report_error(error: ContentError) -> Problem:
    return PROBLEMS.add(error.problem)


def display_path(path: str) -> str:
    """A path relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


def format_problem(path: str, message: str, line: int | None = None) -> str:
    """The one-line form every problem is shown in: ``file:line: problem``.

    A problem of the settings (no file of its own) is the message alone.
    """
    if not path:
        return message
    where = display_path(path) if line is None else f"{display_path(path)}:{line}"
    return f"{where}: {message}"


def quoted(value, limit: int = QUOTE_LIMIT) -> str:
    """``repr`` of a value for a message, cut to ``limit`` characters: data may be huge."""
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def header_fields(path: str) -> dict[str, tuple[str, int]]:
    """``{field (lower case): (value, line)}`` of a Markdown file's metadata header."""
    try:
        status = os.stat(path)
    except OSError:
        return {}
    return dict(_header_fields(path, status.st_mtime_ns, status.st_size))


# A build may warn of hundreds of posts' fields, each build again (the dev server): a header
# is read again only when its file changed.
HEADERS_KEPT = 4096


@lru_cache(maxsize=HEADERS_KEPT)
def _header_fields(path: str, _mtime_ns: int, _size: int) -> dict[str, tuple[str, int]]:
    fields: dict[str, tuple[str, int]] = {}
    try:
        with open(path, encoding="utf-8-sig") as source:
            for number, text in enumerate(source, start=1):
                if not text.strip():
                    break  # the header ends at the first blank line
                name, colon, value = text.partition(":")
                if colon and re.fullmatch(r"\s*[A-Za-z][\w-]*\s*", name):
                    fields.setdefault(name.strip().lower(), (value.strip(), number))
    except (OSError, UnicodeDecodeError):
        return {}
    return fields


def metadata_line(path: str, field: str) -> int | None:
    """Line number of ``Field:`` in a Markdown metadata header, if it is there."""
    found = header_fields(path).get(field.lower())
    return found[1] if found else None
