"""Step 4: no image under the static paths is copied as it is. The photos posts show are
published only as variants (their originals on request, or when a post links to them), and
those no link names are withheld before Pelican reads them; any other is published as a clean
copy, without metadata."""

from __future__ import annotations

import os
import posixpath
from functools import cache
from html import unescape
from urllib.parse import unquote, urlparse

from blogkit.images import ImageRequest
from blogkit.pelican_internals.contents import html_of
from blogkit.pelican_internals.static_files import links_to_static_files, static_links
from blogkit.problems import quoted, report

from .output import Published
from .pictures import spliced
from .sources import ImageFile, Sources
from .uses import Use

# Files under the static paths that may carry a camera's metadata.
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".tif", ".tiff", ".bmp",
                  ".heic", ".heif"}  # fmt: skip


def shown_unnamed(found, asked: list[ImageRequest], sources: Sources) -> set[str]:
    """Photos shown (only their variants are published) that no link Pelican resolves to
    a static file names: what Pelican would read them for, step 4 would throw away."""
    named = {name for content, uses in found
             for link in links_to_static_files(content, _kept(content, uses))
             for name in _file_names(link)}  # fmt: skip
    shown = {use.reference.path for _, uses in found for use in uses
             if not use.problem and use.reference.raster}  # fmt: skip
    shown.update(str(request.path) for request in asked)
    return {sources.relative(path) for path in shown
            if os.path.basename(path) not in named}  # fmt: skip


def take_static_files(
    static_generator, images: dict[str, ImageFile], showing: list, sources: Sources
) -> list[tuple[ImageFile, str]]:
    """Every image file left out of Pelican's static files; those to publish as clean copies
    returned, with where each goes.

    ``showing`` are the posts that show images: only they can link to one they show,
    and only a photo Pelican read (not withheld) needs their links.
    """

    @cache
    def linked() -> set[str]:
        return set().union(*(static_links(content) for content in showing))

    shown = {image.relative for image in images.values()}
    publish_all = sources.options["IMAGE_PUBLISH_ORIGINALS"]
    originals: list[tuple[ImageFile, str]] = []
    kept = []
    for static in static_generator.staticfiles:
        relative = static.relative_source_path
        path = os.path.join(sources.content_root, relative)
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
    return originals


def publish_originals(
    originals: list[tuple[ImageFile, str]], sources: Sources, published: Published
) -> None:
    """Each original as a clean copy at its path, or its problem."""
    copies = [image for image, _ in originals]
    sources.keyed(copies, original=True)
    sources.encode(copies, original=True)
    for image, save_as in originals:
        if image.problem:
            report(image.path, f"image {quoted(image.relative)} {image.problem}")
            continue
        published.files[save_as] = published.cached_file(image, image.manifest.variants[0])


def _kept(content, uses: list[Use]) -> str:
    """The post's HTML less the tags step 3 replaces: what will be written but the pictures."""
    replaced = [u for u in uses if u.replaced]
    return spliced(html_of(content), replaced, [""] * len(replaced))


def _file_names(address: str) -> set[str]:
    """The file names a link may resolve to: Pelican tries it as written, unquoted, unescaped."""
    path = urlparse(address).path
    paths = (path, unquote(path), urlparse(unescape(address)).path)
    return {posixpath.basename(posixpath.normpath(path)) for path in paths if path}
