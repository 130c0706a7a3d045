"""The generator that puts the build's image files into the output, from the asset cache.

Each file is a hard link to its copy in the cache (a copy where links are not possible),
made again on every build; a file the output already shares with the cache is left alone.
"""

from __future__ import annotations

import logging
import os
import shutil

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
        """Paths come from the content folder's own (checked) paths and Pelican's ``save_as``."""
        files = self.context.get(FILES, {})
        folders: set[str] = set()
        for save_as, cached in files.items():
            target = os.path.join(self.output_path, save_as)
            folder = os.path.dirname(target)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            place(cached, target)
        logger.debug("responsive_images: %d image files in the output", len(files))


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
