"""The generator that puts the build's image files into the output, from the asset cache."""

from __future__ import annotations

from blogkit.outputs import CachedFiles

# The context key under which the build lists its image files.
FILES = "RESPONSIVE_IMAGE_FILES"


class ImageFiles(CachedFiles):
    """Writes ``context[FILES]`` (path in the output -> file in the cache) with the output."""

    FILES = FILES
