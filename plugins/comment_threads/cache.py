"""Read comments kept between builds in Pelican's cache folder, keyed by each file's stamp.

Reading a comment means parsing its header, validating it and rendering and sanitizing its
Markdown; a 1,000-post site has a few hundred of them, the same on almost every rebuild.
Pelican's own file-stamp cache (``CACHE_CONTENT``, ``LOAD_CONTENT_CACHE``,
``CHECK_MODIFIED_METHOD``) decides when a file changed. A process that builds more than once
(the dev server's builder) loads the cache once and writes it only after a comment was read.
"""

from __future__ import annotations

from pathlib import Path

from blogkit.pelican_internals.caching import FileStampCache

from .model import Comment


class CommentCache:
    """Comments read cleanly (no error, no warning) by a previous build, while unchanged."""

    def __init__(self, settings):
        self.stamped = FileStampCache(settings, "CommentThreads")
        # A naive date takes the site's time zone: a new zone is a new reading.
        self.reading_settings = settings.get("TIMEZONE")
        self.unsaved = False
        # {path: (cached, its live copy)}: the same comment each build while its file is
        # unchanged, so that a post whose comments did not change is shown as it was.
        self.live: dict[str, tuple[object, Comment]] = {}

    def get(self, path: Path) -> Comment | None:
        key = str(path)
        cached = self.stamped.get(key)
        if cached is None or cached[0] != self.reading_settings:
            return None
        live = self.live.get(key)
        if live is None or live[0] is not cached:
            live = self.live[key] = (cached, cached[1].model_copy(update={"replies": []}))
        return live[1]

    def put(self, path: Path, comment: Comment) -> None:
        fresh = comment.model_copy(update={"replies": []})  # threading fills the live one
        self.stamped.put(str(path), (self.reading_settings, fresh))
        self.unsaved = True

    def save(self) -> None:
        """Write the cache file if a comment was read since it was loaded or last written."""
        if self.unsaved:
            self.stamped.save()
            self.unsaved = False


# The settings a cache is made from: a process keeps one cache for each of their values.
CACHE_SETTINGS = ("CACHE_PATH", "CACHE_CONTENT", "LOAD_CONTENT_CACHE", "CHECK_MODIFIED_METHOD",
                  "GZIP_CACHE", "TIMEZONE")  # fmt: skip
_kept: dict[tuple, CommentCache] = {}


def comment_cache(settings) -> CommentCache:
    """This process's cache for ``settings``, loaded from its file the first time only."""
    key = tuple(settings.get(name) for name in CACHE_SETTINGS)
    if key not in _kept:
        _kept[key] = CommentCache(settings)
    return _kept[key]
