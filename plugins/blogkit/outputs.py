"""Derived files (image variants, share cards) go from the asset cache into the output.

A plugin lists ``{path in the output: file in the cache}`` under its own context key and
registers a :class:`CachedFiles` generator for that key. Each file is a hard link to its
copy in the cache (a copy where links are not possible), made again on every build; a file
the output already shares with the cache is left alone.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from .paths import inside

logger = logging.getLogger(__name__)


class CachedFiles:
    """A Pelican generator writing ``context[FILES]`` with the output; subclasses name FILES."""

    FILES = ""

    def __init__(self, *, context, settings, output_path, **_unused):
        self.context = context
        self.settings = settings  # what other plugins read of every generator
        self.output_path = output_path

    def generate_output(self, _writer) -> None:
        files = self.context.get(self.FILES, {})
        folders: set[Path] = set()
        for save_as, cached in files.items():
            target = inside(self.output_path, save_as)
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            place(cached, target)
        logger.debug("%s: %d files in the output", self.FILES, len(files))


def place(cached: Path, target: Path) -> None:
    try:
        if os.path.samefile(cached, target):
            return
        target.unlink()
    except FileNotFoundError:
        pass
    try:
        os.link(cached, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(cached, target)
