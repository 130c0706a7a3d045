"""Images other plugins asked for (``blogkit.images``: an author's portrait), filled in once
encoded with the posts' own: a picture per slot and the largest JPEG/PNG, or the problem; and
the tiny copy as a ``data:`` URI when one was asked for."""

from __future__ import annotations

import base64
from pathlib import Path

from blogkit.images import ImageRequest, InlineImage
from blogkit.problems import quoted, report

from .output import Published
from .pictures import Shown, fallback_variants, picture
from .sources import ImageFile


def fill_in(
    asked: list[ImageRequest],
    images: dict[str, ImageFile],
    tiny: dict[tuple[str, int], ImageFile],
    published: Published,
) -> None:
    """Each request's pictures, largest JPEG/PNG and tiny copy, or its problem (reported)."""
    for request in asked:
        image = images[str(request.path)]
        if image.problem:
            request.problem = f"{request.what} {quoted(request.written)} {image.problem}"
            report(request.origin, request.problem, request.line)
            continue
        url_of = published.url_maker(image)
        request.pictures = {
            name: picture(image.manifest, url_of, Shown(slot.alt, slot.sizes, slot.first))
            for name, slot in request.slots.items()
        }
        largest = fallback_variants(image.manifest)[-1]
        request.file = published.cached_file(image, largest)
        request.url = url_of(largest)
        request.width, request.height = largest.width, largest.height
        request.type = largest.mime
        if request.inline_width:
            request.inline = inline_image(tiny[str(request.path), request.inline_width], published)


def inline_image(image: ImageFile, published: Published) -> InlineImage:
    """The tiny copy's bytes from the asset cache, whole in a data: URI."""
    (variant,) = [v for v in image.manifest.variants if v.mime == "image/webp"]
    data = Path(published.cached_file(image, variant)).read_bytes()
    uri = f"data:{variant.mime};base64,{base64.b64encode(data).decode('ascii')}"
    return InlineImage(uri, variant.width, variant.height)
