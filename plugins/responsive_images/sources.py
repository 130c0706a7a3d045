"""Step 2: the source files a build uses, each with its key in the asset cache, and encoding,
on every CPU, what the cache does not have yet."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import cached_property

from blogkit import lazy
from blogkit.asset_cache import AssetCache
from blogkit.images import ImageRequest
from blogkit.problems import quoted

from .uses import Use
from .variants import Manifest, Variant, image_key

encoding = lazy.module("responsive_images.encoding")
pool = lazy.module("responsive_images.pool")

logger = logging.getLogger(__name__)
# A tiny copy's quality (WebP): shown at half its pixels, its artefacts are too small to see,
# and every page carrying it in its HTML saves a fifth of its bytes (docs/events.md).
INLINE_QUALITY = {"webp": 70}


@dataclass
class ImageFile:
    """One source file and what the build made of it."""

    path: str  # absolute
    relative: str  # to the content folder
    as_cover: bool = False
    requested_widths: set[int] = field(default_factory=set)  # asked for by another plugin
    inline_width: int = 0  # a tiny copy for a data: URI (blogkit.images), one width, WebP only
    key: str = ""
    manifest: Manifest | None = None
    problem: str = ""
    uses: list[Use] = field(default_factory=list)

    @cached_property
    def prefix(self) -> str:
        """Of its variants' paths in the output: ``images/team/photo``."""
        return os.path.splitext(self.relative)[0].replace(os.sep, "/")

    def suffix(self, variant: Variant) -> str:
        """What a variant adds to the prefix: ``-800w-1a2b3c4d5e.avif`` (nothing to quote)."""
        return f"-{variant.width}{self.mark}{variant.extension}"

    @cached_property
    def mark(self) -> str:
        """The middle of its variants' suffixes: ``w-1a2b3c4d5e.``, the key's start."""
        return f"w-{self.key[:10]}."


class Sources:
    """The build's source files in the asset cache's ``images``, encoded in ``workers``
    processes."""

    def __init__(self, cache: AssetCache, options: dict, content_root: str, workers: int):
        self.cache = cache
        self.options = options
        self.workers = workers
        self.content_root = content_root
        self.content_prefix = os.path.join(content_root, "")

    def gather(self, uses: list[Use], asked: list[ImageRequest]) -> dict[str, ImageFile]:
        """The raster files used or asked for, each with its key and, when cached, its
        manifest."""
        images: dict[str, ImageFile] = {}
        for use in uses:
            if use.problem or not use.reference.raster:
                continue
            image = self.image_file(images, use.reference.path)
            image.uses.append(use)
            image.as_cover |= use.tag is None
        for request in asked:
            self.image_file(images, str(request.path)).requested_widths.update(request.widths)
        self.keyed(list(images.values()))
        return images

    def gather_inline(self, asked: list[ImageRequest]) -> dict[tuple[str, int], ImageFile]:
        """The tiny copies asked for (``inline_width``), by source and width: entries of their
        own in the cache, never published as files."""
        tiny: dict[tuple[str, int], ImageFile] = {}
        for request in asked:
            path = str(request.path)
            if request.inline_width and (path, request.inline_width) not in tiny:
                image = ImageFile(path, self.relative(path), inline_width=request.inline_width)
                tiny[path, request.inline_width] = image
        self.keyed(list(tiny.values()))
        return tiny

    def image_file(self, images: dict[str, ImageFile], path: str) -> ImageFile:
        if path not in images:
            images[path] = ImageFile(path, self.relative(path))
        return images[path]

    def relative(self, path: str) -> str:
        """``path`` (absolute, normalized) from the content folder: a slice for the usual file
        inside it (``os.path.relpath`` costs ten times more, for every image of every build)."""
        if path.startswith(self.content_prefix):
            return path[len(self.content_prefix) :]
        return os.path.relpath(path, self.content_root)

    def keyed(self, images: list[ImageFile], original: bool = False) -> None:
        """Each image's key (its source unreadable: its problem), then the manifests of those
        the cache has."""
        for image in images:
            try:
                digest = self.cache.digest(image.path)
            except OSError as error:
                image.problem = f"cannot be read: {error.strerror or error}"
                continue
            image.key = image_key(digest, self.shaping(image, original))
        manifests = self.cache.look_up([image.key for image in images if image.key])
        for image in images:
            fields = manifests.get(image.key)
            image.manifest = None if fields is None else Manifest.from_fields(fields)

    def shaping(self, image: ImageFile, original: bool = False) -> dict:
        """The settings that decide what is made of a source: part of its key."""
        if original:
            return {"original": True, "max_pixels": self.options["IMAGE_MAX_PIXELS"]}
        shaping = {
            "widths": self.widths(image),
            "max_width": self.max_width(image),
            "quality": self.quality(image),
            "avif_speed": self.options["IMAGE_AVIF_SPEED"],
            "max_pixels": self.options["IMAGE_MAX_PIXELS"],
        }
        return {**shaping, "inline": True} if image.inline_width else shaping

    def widths(self, image: ImageFile) -> list[int]:
        """A post's widths for a photo a post shows; only the asked ones for one asked for."""
        if image.inline_width:
            return [image.inline_width]
        widths = set(image.requested_widths)
        if image.uses:
            widths.update(self.options["IMAGE_WIDTHS"])
        if image.as_cover:
            widths.add(self.options["IMAGE_CARD_WIDTH"])
        return sorted(widths)

    def max_width(self, image: ImageFile) -> int:
        """A tiny copy is only its one width, however large its source."""
        return image.inline_width or self.options["IMAGE_MAX_WIDTH"]

    def quality(self, image: ImageFile) -> dict:
        return INLINE_QUALITY if image.inline_width else self.options["IMAGE_QUALITY"]

    def encode(self, images: list[ImageFile], original: bool = False) -> None:
        """Encode what the cache does not have (once per key), largest first, on every CPU;
        a source that cannot be used makes each of its uses a problem of its post."""
        todo: dict[str, list[ImageFile]] = {}
        for image in images:
            if image.key and image.manifest is None:
                todo.setdefault(image.key, []).append(image)
        groups = sorted(todo.values(), key=lambda group: -os.path.getsize(group[0].path))
        if groups:  # else Pillow's image modules stay unloaded
            jobs = [self.job(group[0], original) for group in groups]
            outcomes = pool.run(jobs, self.workers)
            for group, outcome in zip(groups, outcomes, strict=True):
                if outcome.manifest is not None:
                    self.cache.remember(group[0].key, outcome.manifest.fields())
                for image in group:
                    image.manifest, image.problem = outcome.manifest, outcome.problem
            logger.info("responsive_images: encoded %d image(s)", len(jobs))
        for image in images:
            for use in image.uses if image.problem else ():
                if not use.problem:
                    use.problem = f"{use.what} {quoted(use.reference.written)} {image.problem}"

    def job(self, image: ImageFile, original: bool):
        options = self.options
        return encoding.Job(
            source=image.path,
            folder=self.cache.folder_of(image.key),
            widths=tuple(self.widths(image)),
            max_width=self.max_width(image),
            quality=dict(self.quality(image)),
            avif_speed=options["IMAGE_AVIF_SPEED"],
            max_pixels=options["IMAGE_MAX_PIXELS"],
            original=original,
            inline=bool(image.inline_width),
        )
