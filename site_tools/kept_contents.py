"""The posts and pages one build read, made again for the next from memory while unchanged.

A 1,000-post site's content cache still makes a thousand content objects on every build: the
cache file loaded, each post's metadata typed, its URLs, dates and reading time worked out,
every reading check run again. The dev server's builder keeps each content as it was read
instead (a copy taken before any plugin or Pelican changed it) and gives the next build a
fresh copy of it: a new object in the state Pelican's reader left it in, as its cache would
give, without a file between builds. A source is read again when the file watcher named it,
when its modification time or size changed, or when it shows something of another source (a
``{filename}`` link, a static file; a status that follows the clock).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from blogkit.pelican_internals import keeping

Stamp = tuple[int, int]


def stamp(path: str) -> Stamp | None:
    """A source as it is now: modification time and size; None once it is gone."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


class KeptContents:
    """Each source's content as the last build read it, and the file as it was then."""

    def __init__(self):
        self.kept: dict[str, tuple[Stamp | None, object]] = {}  # this build's
        self.previous: dict[str, tuple[Stamp | None, object]] = {}
        self.changed: set[str] = set()

    def watch(self, generator) -> None:
        """A generator of posts or pages starts: it asks here before reading a source."""
        keeping.keep_contents(generator, self.find, self.keep)

    def start(self, changed: Iterable[str]) -> None:
        """A rebuild starts: ``changed`` paths are read again; the rest may be taken as kept."""
        self.previous, self.kept = self.kept, {}
        self.changed = {os.path.realpath(path) for path in changed}
        keeping.forget_renderings()

    def find(self, path: str):
        entry = self.previous.get(path)
        if entry is None or path in self.changed or entry[0] != stamp(path):
            return None
        self.kept[path] = entry
        return keeping.fresh_copy(entry[1])

    def keep(self, path: str, content) -> None:
        """``content`` was just read: kept as it is now, before this build changes it."""
        if not keeping.changes_with_other_sources(content):
            self.kept[path] = (stamp(path), keeping.fresh_copy(content))
