"""The build's image files in the output: their paths and addresses, listed as they are used,
and the generator that puts them there from the asset cache."""

from __future__ import annotations

import os
from urllib.parse import quote

from blogkit.outputs import CachedFiles

from .sources import ImageFile
from .variants import Variant

# The context key under which the build lists its image files.
FILES = "RESPONSIVE_IMAGE_FILES"


class ImageFiles(CachedFiles):
    """Writes ``context[FILES]`` (path in the output -> file in the cache) with the output."""

    FILES = FILES


class Published:
    """Every file the build publishes (``files``: path in the output -> file in the cache)."""

    def __init__(self, folder_of, siteurl: str):
        self.folder_of = folder_of  # a key's entry in the asset cache
        self.siteurl = siteurl
        self.files: dict[str, str] = {}

    def output_path(self, image: ImageFile, variant: Variant) -> str:
        """``images/team/photo.jpg`` -> ``images/team/photo-800w-1a2b3c4d5e.avif``."""
        return image.prefix + image.suffix(variant)

    def cached_file(self, image: ImageFile, variant: Variant) -> str:
        return os.path.join(self.folder_of(image.key), variant.file)

    def url_maker(self, image: ImageFile):
        """Each variant's address; every variant used is also listed for the output.

        The source's path is quoted once per image: thousands of addresses make a build.
        """
        folder = self.folder_of(image.key) + os.sep
        prefix, files, suffix = image.prefix, self.files, image.suffix
        address = f"{self.siteurl}/{quote(prefix)}"

        def url_of(variant: Variant) -> str:
            end = suffix(variant)
            files[prefix + end] = folder + variant.file
            return address + end

        return url_of
