"""The generator that puts the build's image files into the output, from the asset cache.

Each file is a hard link to its copy in the cache (a copy where links are not possible),
made again on every build; a file the output already shares with the cache is left alone.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from blogkit.paths import inside

logger = logging.getLogger(__name__)


# The context key under which the build lists its image files.
FILES = "RESPONSIVE_IMAGE_FILES"


class ImageFiles:
    """Writes ``context[FILES]`` (path in the output -> file in the cache) with the output."""

    def __init__(self, *, context, settings, output_path, **_unused):
        self.context = context
        self.settings = settings  # what other plugins read of every generator
        self.output_path = output_path

    def generate_output(self, _writer) -> None:
        files = self.context.get(FILES, {})
        folders: set[Path] = set()
        for save_as, cached in files.items():
            target = inside(self.output_path, save_as)
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            place(cached, target)
        logger.debug("responsive_images: %d image files in the output", len(files))


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
