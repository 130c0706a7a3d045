"""A source Pelican cannot read, or would skip, becomes a problem, not a log line: build_guard.

Assumed: ArticlesGenerator and PagesGenerator read each file with
``self.readers.read_file(base_path=..., path=<relative>, ...)``; an exception there is
logged as "Could not process" and the path recorded with ``_add_failed_source_path``; a
``SkipStub`` is skipped silently and not cached; anything else must pass ``is_valid()``
(mandatory properties, ``save_as`` inside the output, a known status), which logs on failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from pelican.contents import SkipStub
from pelican.utils import sanitised_join

CALLED = (
    ("pelican.readers:Readers.read_file", ("self", "base_path", "path")),
    ("pelican.generators:Generator._add_failed_source_path", ("self", "path")),
    ("pelican.contents:SkipStub", ("content", "metadata", "settings", "source_path")),
    ("pelican.utils:sanitised_join", ("base_directory", "parts")),
)


def guard_reading(
    generator,
    on_error: Callable[[str, BaseException], None],
    content_problems: Callable[[object], bool],
) -> None:
    """Route every file ``generator`` reads through ``on_error`` and ``content_problems``.

    A file whose reading raises, or whose content ``content_problems`` refuses (it reported
    why), is skipped the way Pelican skips a failed file, without Pelican's own log line.
    """
    read_file = generator.readers.read_file

    def read_or_skip(base_path, path, *args, **kwargs):
        try:
            content = read_file(base_path, path, *args, **kwargs)
        except Exception as error:
            on_error(os.path.join(base_path, path), error)
            return _skipped(generator, path)
        if not isinstance(content, SkipStub) and content_problems(content):
            return _skipped(generator, path)
        return content

    generator.readers.read_file = read_or_skip


def _skipped(generator, path: str) -> SkipStub:
    generator._add_failed_source_path(path)
    return SkipStub(None, source_path=path)


def validity_problems(content) -> list[tuple[str, str]]:
    """``(field, problem)`` for each check of Pelican's ``is_valid()`` that ``content`` fails."""
    problems = [
        (name.capitalize(), f"{name.capitalize()} is missing")
        for name in content.mandatory_properties
        if not hasattr(content, name)
    ]
    allowed = getattr(content, "allowed_statuses", None)
    if allowed and content.status not in allowed:
        problems.append(("Status", f"Status {content.status!r} is not one of {', '.join(allowed)}"))
    output = content.settings.get("OUTPUT_PATH")
    if output and not problems:
        try:
            sanitised_join(output, content.save_as)
        except RuntimeError:
            problems.append(
                ("Slug", f"would be written outside the output folder ({content.save_as})")
            )
    return problems
