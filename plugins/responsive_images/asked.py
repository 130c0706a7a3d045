"""Images other plugins asked for (``blogkit.images``: an author's portrait), filled in once
encoded with the posts' own: a picture per slot and the largest JPEG/PNG, or the problem."""

from __future__ import annotations

from blogkit.images import ImageRequest
from blogkit.problems import quoted, report

from .output import Published
from .pictures import Shown, fallback_variants, picture
from .sources import ImageFile


def fill_in(asked: list[ImageRequest], images: dict[str, ImageFile], published: Published) -> None:
    """Each request's pictures and largest JPEG/PNG, or its problem (reported)."""
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
