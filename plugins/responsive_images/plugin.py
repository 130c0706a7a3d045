"""One build's images: found in every post and page, checked, encoded once, written out.

Everything happens when the static files are known (``static_generator_finalized``), the
last moment before build_guard's verdict, on every build, whether Pelican read a post
afresh or took it from its cache; only step 1 is done as Pelican lists the static files,
so that it does not read the photos step 4 would take out again:

1. every ``<img>`` of every post and page, and every ``Cover:``, is resolved to its file
   and checked (found, alt text, readable); each problem is one line naming the post and
   the reference's line, and a dev build leaves that image out;
2. sources with no variants in the asset cache are encoded, in parallel (``pool``);
3. each ``<img>`` becomes a ``<picture>`` (only its own characters change) and each post
   with a cover gets ``cover_image`` (``markup.Cover``); images other plugins asked for
   (``blogkit.images``: an author's portrait) are encoded with them and filled in;
4. images under the static paths are taken out of Pelican's static files (the ones posts
   show, unless a link may name them, were never in them): the ones posts show are
   published only as variants (their originals on request, or when a post links to them),
   any other is published as a clean copy, without metadata.

``ImageFiles`` (a generator) then writes the files from the cache into the output.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from html import unescape
from urllib.parse import quote, unquote, urlparse

from feedgenerator import Enclosure
from pelican.generators import ArticlesGenerator

from blogkit import lazy
from blogkit.content import all_articles, all_pages
from blogkit.images import ImageRequest, requests
from blogkit.pelican_internals.contents import html_of, replace_html
from blogkit.pelican_internals.static_files import (
    links_to_static_files,
    static_links,
    withhold_static_files,
)
from blogkit.problems import metadata_line, quoted, report

from .cache import AssetCache, Manifest, Variant
from .markup import Cover, Shown, fallback_variants, picture
from .output import FILES
from .references import ImageTag, Reference, image_tags, reference_lines, resolve
from .settings import image_settings

encoding = lazy.module("responsive_images.encoding")
pool = lazy.module("responsive_images.pool")

logger = logging.getLogger(__name__)

# Text (characters) above an image that still leaves it on a phone's first screen.
FIRST_SCREEN_TEXT = 500
_TAG = re.compile(r"<[^>]*>")
# Files under the static paths that may carry a camera's metadata.
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".tif", ".tiff", ".bmp",
                  ".heic", ".heif"}  # fmt: skip


@dataclass
class Use:
    """One place a post shows an image: an ``<img>`` tag, or its cover (``tag`` is None)."""

    content: object
    reference: Reference
    tag: ImageTag | None = None
    problem: str = ""

    @property
    def what(self) -> str:
        return "image" if self.tag else "Cover"

    @property
    def replaced(self) -> bool:
        """Whether step 3 replaces its tag: by a ``<picture>``, or by nothing (a problem)."""
        return self.tag is not None and (bool(self.problem) or self.reference.raster)


@dataclass
class ImageFile:
    """One source file and what the build made of it."""

    path: str  # absolute
    relative: str  # to the content folder
    as_cover: bool = False
    requested_widths: set[int] = field(default_factory=set)  # asked for by another plugin
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


class ImagesOfTheBuild:
    """The images of the build running in this process."""

    def __init__(self):
        self.generators: list = []
        self.found: list[tuple[object, list[Use]]] | None = None  # each post and its uses
        self.withheld: set[str] | None = None
        self.files: dict[str, str] = {}  # path in the output -> the file in the cache
        self.enclosures: dict[str, Enclosure] = {}

    def start(self, build) -> None:
        """As each build starts (a process may run several: blogkit.lifecycle)."""
        self.__init__()
        self.workers = build.workers
        settings = build.settings
        self.options = image_settings(settings)
        self.cache = AssetCache(self.options["ASSET_CACHE_PATH"])
        self.content_root = settings["PATH"]  # absolute, as posts' source paths
        self.content_prefix = os.path.join(self.content_root, "")
        self.siteurl = settings.get("SITEURL", "")

    def remember(self, generator) -> None:
        self.generators.append(generator)

    def watch(self, static_generator) -> None:
        """Pelican will not read the photos posts show (see :meth:`photos_withheld`)."""
        withheld = partial(self.photos_withheld, static_generator.context)
        withhold_static_files(static_generator, withheld)

    def process(self, static_generator) -> None:
        """Steps 1 to 4 of the module's description."""
        found = self.posts_uses()
        asked = requests(static_generator.context)
        images = self.sources([use for _, uses in found for use in uses], asked)
        self.encode(list(images.values()), original=False)
        self.fill_in(asked, images)
        showing = [(content, uses) for content, uses in found if uses]
        for content, uses in showing:
            self.show(content, uses, images)
            self.report(content, uses)
        self.take_static_files(static_generator, images, [content for content, _ in showing])
        self.cache.save()
        static_generator.context[FILES] = self.files

    # --- 1. what each post shows, checked -------------------------------------------------

    def posts_uses(self) -> list[tuple[object, list[Use]]]:
        """Every post and page with its uses, found once a build (the posts are all read)."""
        if self.found is None:
            self.found = [(content, self.uses_of(content)) for content in self.contents()]
        return self.found

    def contents(self) -> list:
        return [
            content
            for generator in self.generators
            for content in (
                all_articles(generator)
                if isinstance(generator, ArticlesGenerator)
                else all_pages(generator)
            )
        ]

    def uses_of(self, content) -> list[Use]:
        """The post's cover first (it is in the header), then its ``<img>`` tags in order."""
        settings = content.settings
        found = []
        cover = content.metadata.get("cover")
        if cover:
            use = self.checked(Use(content, self.resolve(str(cover).strip(), content, settings)))
            if not use.problem and not str(content.metadata.get("cover_alt") or "").strip():
                use.problem = f"Cover {quoted(cover)} has no Cover_alt: describe the image"
            found.append(use)
        return found + [
            self.checked(Use(content, self.resolve(tag.src, content, settings), tag))
            for tag in image_tags(html_of(content))
        ]

    def resolve(self, written: str, content, settings) -> Reference:
        return resolve(written, content.source_path, self.content_root, settings["STATIC_PATHS"])

    def checked(self, use: Use) -> Use:
        reference, tag = use.reference, use.tag
        if reference.problem:
            use.problem = reference.problem
        elif reference.path is not None and not os.path.isfile(reference.path):
            use.problem = f"{use.what} {quoted(reference.written)} was not found"
        elif tag is not None and not tag.alt and not tag.decorative:
            use.problem = (
                f"image {quoted(reference.written)} has no alt text: describe it "
                "(![what it shows](...)) or mark it decorative ({: .decorative})"
            )
        return use

    def sources(self, uses: list[Use], asked: list[ImageRequest]) -> dict[str, ImageFile]:
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
        for image in images.values():
            try:
                digest = self.cache.digest(image.path)
            except OSError as error:
                image.problem = f"cannot be read: {error.strerror or error}"
                continue
            image.key = self.cache.key(digest, self.shaping(image))
            image.manifest = self.cache.manifest(image.key)
        return images

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

    def shaping(self, image: ImageFile, original: bool = False) -> dict:
        """The settings that decide what is made of a source: part of its key."""
        if original:
            return {"original": True, "max_pixels": self.options["IMAGE_MAX_PIXELS"]}
        return {
            "widths": self.widths(image),
            "max_width": self.options["IMAGE_MAX_WIDTH"],
            "quality": self.options["IMAGE_QUALITY"],
            "avif_speed": self.options["IMAGE_AVIF_SPEED"],
            "max_pixels": self.options["IMAGE_MAX_PIXELS"],
        }

    def widths(self, image: ImageFile) -> list[int]:
        """A post's widths for a photo a post shows; only the asked ones for one asked for."""
        widths = set(image.requested_widths)
        if image.uses:
            widths.update(self.options["IMAGE_WIDTHS"])
        if image.as_cover:
            widths.add(self.options["IMAGE_CARD_WIDTH"])
        return sorted(widths)

    # --- 2. encoding ----------------------------------------------------------------------

    def encode(self, images: list[ImageFile], original: bool) -> None:
        """Encode what the cache does not have (once per key), largest first, on every CPU."""
        todo: dict[str, list[ImageFile]] = {}
        for image in images:
            if image.key and image.manifest is None:
                todo.setdefault(image.key, []).append(image)
        groups = sorted(todo.values(), key=lambda group: -os.path.getsize(group[0].path))
        if not groups:
            return  # and Pillow's image modules stay unloaded
        jobs = [self.job(group[0], original) for group in groups]
        outcomes = pool.run(jobs, self.workers)
        for group, outcome in zip(groups, outcomes, strict=True):
            if outcome.manifest is not None:
                self.cache.remember(group[0].key, outcome.manifest.fields())
            for image in group:
                image.manifest, image.problem = outcome.manifest, outcome.problem
        logger.info("responsive_images: encoded %d image(s)", len(jobs))

    def job(self, image: ImageFile, original: bool):
        options = self.options
        return encoding.Job(
            source=image.path,
            folder=str(self.cache.folder_of(image.key)),
            widths=tuple(self.widths(image)),
            max_width=options["IMAGE_MAX_WIDTH"],
            quality=dict(options["IMAGE_QUALITY"]),
            avif_speed=options["IMAGE_AVIF_SPEED"],
            max_pixels=options["IMAGE_MAX_PIXELS"],
            original=original,
        )

    # --- 3. pictures in the posts ---------------------------------------------------------

    def show(self, content, uses: list[Use], images: dict[str, ImageFile]) -> None:
        for use in uses:
            image = images.get(use.reference.path) if use.reference.raster else None
            if image is not None and image.problem and not use.problem:
                use.problem = f"{use.what} {quoted(use.reference.written)} {image.problem}"
        cover = next((u for u in uses if u.tag is None and not u.problem), None)
        if cover is not None:
            self.attach_cover(content, images[cover.reference.path])
        html = html_of(content)
        first = cover is None
        replaced = [u for u in uses if u.replaced]  # not another site's image, nor an SVG
        markups = []
        for use in replaced:
            markup = ""
            if not use.problem:
                on_first_screen = first and _text_before(html, use.tag.start) <= FIRST_SCREEN_TEXT
                first = False
                shown = Shown(use.tag.alt, self.options["IMAGE_SIZES"], on_first_screen, use.tag)
                image = images[use.reference.path]
                markup = picture(image.manifest, self.url_maker(image), shown).html()
            markups.append(markup)
        if replaced:
            replace_html(content, _spliced(html, replaced, markups))

    def attach_cover(self, content, image: ImageFile) -> None:
        alt = str(content.metadata["cover_alt"]).strip()
        url_of = self.url_maker(image)
        largest = fallback_variants(image.manifest)[-1]
        content.cover_image = Cover(
            hero=picture(image.manifest, url_of, Shown(alt, self.options["IMAGE_SIZES"], True)),
            card=picture(image.manifest, url_of, Shown("", self.options["IMAGE_CARD_SIZES"])),
            path=self.output_path(image, largest),
            file=os.path.join(self.cache.folder_of(image.key), largest.file),
            url=url_of(largest),
            width=largest.width,
            height=largest.height,
            alt=alt,
            type=largest.mime,
            size=largest.size,
        )
        self.enclosures[f"{self.siteurl}/{content.url}"] = Enclosure(
            url_of(largest), str(largest.size), largest.mime
        )

    def fill_in(self, asked: list[ImageRequest], images: dict[str, ImageFile]) -> None:
        """Each request's pictures and largest JPEG/PNG, or its problem (reported)."""
        for request in asked:
            image = images[str(request.path)]
            if image.problem:
                request.problem = f"{request.what} {quoted(request.written)} {image.problem}"
                report(request.origin, request.problem, request.line)
                continue
            url_of = self.url_maker(image)
            request.pictures = {
                name: picture(image.manifest, url_of, Shown(slot.alt, slot.sizes, slot.first))
                for name, slot in request.slots.items()
            }
            largest = fallback_variants(image.manifest)[-1]
            request.file = os.path.join(self.cache.folder_of(image.key), largest.file)
            request.url = url_of(largest)
            request.width, request.height = largest.width, largest.height
            request.type = largest.mime

    def output_path(self, image: ImageFile, variant: Variant) -> str:
        """``images/team/photo.jpg`` -> ``images/team/photo-800w-1a2b3c4d5e.avif``."""
        return image.prefix + image.suffix(variant)

    def url_maker(self, image: ImageFile):
        """Each variant's address; every variant used is also listed for the output.

        The source's path is quoted once per image: thousands of addresses make a build.
        """
        folder = self.cache.folder_of(image.key) + os.sep
        prefix, files, suffix = image.prefix, self.files, image.suffix
        address = f"{self.siteurl}/{quote(prefix)}"

        def url_of(variant: Variant) -> str:
            end = suffix(variant)
            files[prefix + end] = folder + variant.file
            return address + end

        return url_of

    def report(self, content, uses: list[Use]) -> None:
        wrong = [use for use in uses if use.problem]
        if not wrong:
            return
        tags = [use for use in uses if use.tag is not None]
        written = [use.reference.written for use in tags]
        lines = dict(zip(map(id, tags), reference_lines(content.source_path, written), strict=True))
        for use in wrong:
            line = lines[id(use)] if use.tag else metadata_line(content.source_path, "cover")
            report(content.source_path, use.problem, line)

    # --- 4. the static files --------------------------------------------------------------

    def photos_withheld(self, context) -> set[str]:
        """Photos Pelican need not read (asked as it lists the static files, once a build)."""
        if self.withheld is None:
            publish_all = self.options["IMAGE_PUBLISH_ORIGINALS"]
            self.withheld = set() if publish_all else self.shown_unnamed(context)
        return self.withheld

    def shown_unnamed(self, context) -> set[str]:
        """Photos shown (only their variants are published) that no link Pelican resolves to
        a static file names: what Pelican would read them for, step 4 would throw away."""
        found = self.posts_uses()
        named = {name for content, uses in found
                 for link in links_to_static_files(content, _kept(content, uses))
                 for name in _file_names(link)}  # fmt: skip
        shown = {use.reference.path for _, uses in found for use in uses
                 if not use.problem and use.reference.raster}  # fmt: skip
        shown.update(str(request.path) for request in requests(context))
        return {self.relative(path) for path in shown
                if os.path.basename(path) not in named}  # fmt: skip

    def take_static_files(self, static_generator, images: dict[str, ImageFile], showing) -> None:
        """No image file under the static paths is copied as it is: see the module's step 4.

        ``showing`` are the posts that show images: only they can link to one they show,
        and only a photo Pelican read (not withheld) needs their links.
        """

        @cache
        def linked() -> set[str]:
            return set().union(*(static_links(content) for content in showing))

        shown = {image.relative for image in images.values()}
        publish_all = self.options["IMAGE_PUBLISH_ORIGINALS"]
        originals: list[tuple[ImageFile, str]] = []
        kept = []
        for static in static_generator.staticfiles:
            relative = static.relative_source_path
            path = os.path.join(self.content_root, relative)
            if os.path.splitext(relative)[1].lower() not in PHOTO_SUFFIXES:
                kept.append(static)
            elif not os.path.isfile(path):
                continue  # a link to a missing file: the post that shows it says so
            elif relative not in shown or publish_all or relative in linked():
                originals.append((ImageFile(path, relative), static.save_as))
        static_generator.staticfiles[:] = kept
        if publish_all:  # shown images outside the static paths, at their own path
            published = {image.relative for image, _ in originals}
            originals += [(image, image.relative) for image in images.values()
                          if image.relative not in published]  # fmt: skip
        self.publish_originals(originals)

    def publish_originals(self, originals: list[tuple[ImageFile, str]]) -> None:
        for image, _ in originals:
            try:
                image.key = self.cache.key(self.cache.digest(image.path), self.shaping(image, True))
                image.manifest = self.cache.manifest(image.key)
            except OSError as error:
                image.problem = f"cannot be read: {error.strerror or error}"
        self.encode([image for image, _ in originals], original=True)
        for image, save_as in originals:
            if image.problem:
                report(image.path, f"image {quoted(image.relative)} {image.problem}")
                continue
            variant = image.manifest.variants[0]
            self.files[save_as] = os.path.join(self.cache.folder_of(image.key), variant.file)

    # --- feeds ----------------------------------------------------------------------------

    def add_enclosures(self, _context, feed) -> None:
        """A post's cover as its feed item's enclosure (Atom ``link rel=enclosure``, RSS)."""
        for item in feed.items:
            enclosure = self.enclosures.get(item["link"].split("?", 1)[0])
            if enclosure is not None:
                item["enclosures"] = [enclosure]


def _spliced(html: str, replaced: list[Use], markups: list[str]) -> str:
    """``html`` with each use's tag replaced by its markup: only the tags' characters change."""
    pieces, done = [], 0
    for use, markup in zip(replaced, markups, strict=True):
        pieces += [html[done : use.tag.start], markup]
        done = use.tag.end
    return "".join([*pieces, html[done:]])


def _kept(content, uses: list[Use]) -> str:
    """The post's HTML less the tags step 3 replaces: what will be written but the pictures."""
    replaced = [u for u in uses if u.replaced]
    return _spliced(html_of(content), replaced, [""] * len(replaced))


def _file_names(address: str) -> set[str]:
    """The file names a link may resolve to: Pelican tries it as written, unquoted, unescaped."""
    path = urlparse(address).path
    paths = (path, unquote(path), urlparse(unescape(address)).path)
    return {posixpath.basename(posixpath.normpath(path)) for path in paths if path}


def _text_before(html: str, end: int) -> int:
    return len(" ".join(_TAG.sub(" ", html[:end]).split()))


images_of_the_build = ImagesOfTheBuild()
