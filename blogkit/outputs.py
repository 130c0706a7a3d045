"""Derived files (image variants, share cards) go from the asset cache into the output.

A plugin lists ``{path in the output: file in the cache}`` under its own context key and
connects a :class:`CachedFiles` generator for that key with :func:`connect_derived_files`.
Each file is a hard link to its copy in the cache (a copy where links are not possible),
made again on every build; a file the output already shares with the cache is left alone.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable

from pelican import signals

from . import lifecycle

logger = logging.getLogger(__name__)

# The context keys of every plugin's derived files ({path in the output: cached file}), and the
# key under which a plugin lists other files it writes itself (``also_written``): together with
# Pelican's own, what a build writes, which the link check (link_check) reads before writing.
DERIVED_FILES_KEYS: list[str] = []
ALSO_WRITTEN = "ALSO_WRITTEN"


def also_written(context, paths: Iterable[str]) -> None:
    """Say that this build writes ``paths`` (in the output) too, beyond Pelican's own pages."""
    context.setdefault(ALSO_WRITTEN, set()).update(paths)


class CachedFiles:
    """A Pelican generator writing ``context[FILES]`` with the output; subclasses name FILES."""

    FILES = ""

    @classmethod
    def for_pelican(cls, _pelican):
        """What ``get_generators`` asks for: this generator."""
        return cls

    def __init__(self, *, context, settings, output_path, **_unused):
        self.context = context
        self.settings = settings  # what other plugins read of every generator
        self.output_path = output_path

    def generate_output(self, _writer) -> None:
        """Paths come from the plugin: the content folder's own (checked) paths, or names it
        made itself."""
        files = self.context.get(self.FILES, {})
        place_files(
            (str(cached), os.path.join(self.output_path, save_as))
            for save_as, cached in files.items()
        )
        logger.debug("%s: %d files in the output", self.FILES, len(files))


def place_files(pairs: Iterable[tuple[str, str]]) -> None:
    """Each ``(source, target)`` placed with :func:`place`, its folder made once."""
    folders: set[str] = set()
    for source, target in pairs:
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        place(source, target)


def connect_derived_files(of_the_build, generator: type[CachedFiles]) -> None:
    """The life of a build's derived files (image variants, share cards) in Pelican's signals.

    ``of_the_build`` starts with each build (blogkit.lifecycle), remembers every post and page,
    makes its files once Pelican has listed the static files (they may be used), and
    ``generator`` writes them with the output.
    """
    if generator.FILES not in DERIVED_FILES_KEYS:
        DERIVED_FILES_KEYS.append(generator.FILES)
    lifecycle.on_start(of_the_build.start)
    signals.article_generator_finalized.connect(of_the_build.remember)
    signals.page_generator_finalized.connect(of_the_build.remember)
    signals.static_generator_finalized.connect(of_the_build.process)
    signals.get_generators.connect(generator.for_pelican)


def place(cached: str, target: str) -> None:
    """``target`` as a hard link to ``cached`` (left alone when it already is one)."""
    try:
        os.link(cached, target)
    except FileExistsError:
        if os.path.samefile(cached, target):
            return
        os.unlink(target)
        place(cached, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(cached, target)
