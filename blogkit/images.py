"""Images a plugin needs that no post shows (an author's portrait): asked for, then filled in.

Plugins cannot import each other, so a plugin that wants a photo published the way posts'
photos are asks with an :class:`ImageRequest` (:func:`ask`), any time before the static
files are known. responsive_images, at ``static_generator_finalized``, checks and encodes
the file with the posts' own photos (same cache, same pool) and fills the request in: one
``<picture>`` per slot, and the largest JPEG or PNG variant (its file in the asset cache,
its URL and size); or ``problem``, which it has reported as ``origin:line: ...``. A request with
an ``inline_width`` also gets ``inline``: a tiny copy as a ``data:`` URI, for a page whose
first load cannot afford a request per image (an event page's speakers). Without
responsive_images a request stays empty and the asking plugin shows no image.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .paths import OutsideFolder, inside
from .problems import ContentError, quoted

REQUESTS = "IMAGE_REQUESTS"  # the build's requests, in the context every generator shares
# What a data file may name as a photo (a portrait, an event's image): what responsive_images
# publishes as variants.
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif"}


def content_file(origin: str, written: str, line: int, content_root, what: str) -> Path:
    """The file a data file names (``what``: "photo", "image") in the content folder; one
    outside it, or missing, is the problem of that line of ``origin``."""
    try:
        file = inside(Path(content_root), written)
    except OutsideFolder:
        message = f"{what} {quoted(written)} is outside the content folder"
        raise ContentError(origin, message, line) from None
    if not file.is_file():
        raise ContentError(
            origin, f"{what} {quoted(written)} was not found in {content_root}", line
        )
    return file


@dataclass(frozen=True)
class Slot:
    """One place the image is shown: its ``<img sizes>``, its alt text, whether it is seen
    first on its page (loaded at once) or lazily."""

    sizes: str
    alt: str = ""
    first: bool = False


@dataclass
class ImageRequest:
    """A source file, the widths wanted, where it is shown; the rest is filled in."""

    path: Path  # the source file, in the content folder
    written: str  # as the data file names it, for a problem's line
    origin: str  # the data file that names it
    line: int | None
    widths: tuple[int, ...]
    slots: dict[str, Slot]
    what: str = "photo"  # begins the problem: "photo 'x.jpg' is damaged: ..."
    # Also this many pixels wide, small enough to be written into the page itself (a data:
    # URI, no request of its own): 0 for none.
    inline_width: int = 0
    pictures: dict = field(default_factory=dict)  # slot name -> a <picture> a template prints
    file: str = ""  # the largest JPEG/PNG variant, in the asset cache
    url: str = ""
    width: int = 0
    height: int = 0
    type: str = ""
    problem: str = ""
    inline: InlineImage | None = None  # when inline_width asks for one


@dataclass(frozen=True)
class InlineImage:
    """A tiny copy of an image, whole in its ``data:`` URI: shown with no request."""

    uri: str
    width: int
    height: int


def ask(context: dict, request: ImageRequest) -> ImageRequest:
    """Add ``request`` to this build's; it is filled in before build_guard's verdict."""
    context.setdefault(REQUESTS, []).append(request)
    return request


def requests(context: dict) -> list[ImageRequest]:
    return list(context.get(REQUESTS, []))
