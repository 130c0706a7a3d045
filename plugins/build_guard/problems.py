"""Formatting and locating content problems, shared by every plugin of the site."""

from __future__ import annotations

import os
import re


class ContentError(Exception):
    """A problem in a source file that a person must fix: carries the file and line."""

    def __init__(self, path: str, problem: str, line: int | None = None):
        self.path = path
        self.problem = problem
        self.line = line
        super().__init__(format_problem(path, problem, line))


def display_path(path: str) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


def format_problem(path: str, problem: str, line: int | None = None) -> str:
    """The one-line form every problem is reported in: ``file:line: problem``."""
    where = display_path(path) if line is None else f"{display_path(path)}:{line}"
    return f"{where}: {problem}"


def metadata_line(path: str, field: str) -> int | None:
    """Line number of ``Field:`` in a Markdown metadata header, if it is there."""
    pattern = re.compile(rf"^\s*{re.escape(field)}\s*:", re.IGNORECASE)
    try:
        with open(path, encoding="utf-8-sig") as source:
            for number, text in enumerate(source, start=1):
                if not text.strip():
                    return None  # the header ends at the first blank line
                if pattern.match(text):
                    return number
    except OSError:
        return None
    return None
