"""The posts and pages one build read, taken as they are by the next while their sources stay.

A 1,000-post site's content cache still makes a thousand content objects on every build (its
metadata typed, its URLs, dates and reading time worked out, every reading check run again):
most of a rebuild that one saved post started. The dev server's builder keeps the objects
themselves instead, as Pelican's generator-level cache would but without a file between
builds. A source is read again when the file watcher named it, when its modification time or
size changed, or when it shows something of another source (a ``{filename}`` link, whose
address may have changed; a status that follows the clock): those are made again every build.
What plugins attach to a post they attach again on every build, kept or not.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from blogkit import pelican_internals

Stamp = tuple[int, int]


def stamp(path: str) -> Stamp | None:
    """A source as it is now: modification time and size; None once it is gone."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


class KeptContents:
    """Each source's content as the last build made it, and the file as it was then."""

    def __init__(self):
        self.kept: dict[str, tuple[Stamp | None, object]] = {}  # this build's
        self.previous: dict[str, tuple[Stamp | None, object]] = {}
        self.changed: set[str] = set()

    def watch(self, generator) -> None:
        """A generator of posts or pages starts: it asks here before reading a source."""
        pelican_internals.keep_contents(generator, self.find, self.keep)

    def start(self, changed: Iterable[str]) -> None:
        """A rebuild starts: ``changed`` paths are read again; the rest may be taken as kept."""
        self.previous, self.kept = self.kept, {}
        self.changed = {os.path.realpath(path) for path in changed}
        pelican_internals.forget_renderings({content for _, content in self.previous.values()})

    def find(self, path: str):
        entry = self.previous.get(path)
        if entry is None or path in self.changed or entry[0] != stamp(path):
            return None
        self.kept[path] = entry
        return entry[1]

    def keep(self, path: str, content) -> None:
        if not pelican_internals.changes_with_other_sources(content):
            self.kept[path] = (stamp(path), content)
