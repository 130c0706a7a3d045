"""Pelican's own file-stamp cache, for values a plugin derives from a source file:
comment_threads.

Assumed: ``pelican.cache.FileStampDataCacher(settings, name, caching_policy, load_policy)``
keeps ``{path: (stamp, value)}`` in the file ``CACHE_PATH/name`` (pickled, gzipped when
``GZIP_CACHE``), loaded when made if ``load_policy``; ``get_cached_data(path, default)``
answers while the file's stamp (``CHECK_MODIFIED_METHOD``: its modification time or a hash
of its bytes) is the one cached, ``cache_data(path, value)`` keeps a value only if
``caching_policy``, and ``save_cache()`` writes the file then, logging (not raising) when it
cannot.
"""

from __future__ import annotations

from pelican.cache import FileStampDataCacher

CALLED = (
    ("pelican.cache:FileStampDataCacher", ("settings", "cache_name", "caching_policy",
                                           "load_policy")),
    ("pelican.cache:FileStampDataCacher.get_cached_data", ("self", "filename", "default")),
    ("pelican.cache:FileStampDataCacher.cache_data", ("self", "filename", "data")),
    ("pelican.cache:FileStampDataCacher.save_cache", ("self",)),
)  # fmt: skip


class FileStampCache:
    """Values kept for source files under ``name`` in Pelican's cache folder, each valid while
    its file is unchanged; used and written as Pelican's content cache is (``CACHE_CONTENT``,
    ``LOAD_CONTENT_CACHE``, ``CHECK_MODIFIED_METHOD``, ``GZIP_CACHE``)."""

    def __init__(self, settings, name: str):
        self._cacher = FileStampDataCacher(
            settings,
            name,
            settings.get("CACHE_CONTENT", False),
            settings.get("LOAD_CONTENT_CACHE", False),
        )

    def get(self, path: str, default=None):
        return self._cacher.get_cached_data(path, default)

    def put(self, path: str, value) -> None:
        self._cacher.cache_data(path, value)

    def save(self) -> None:
        self._cacher.save_cache()
