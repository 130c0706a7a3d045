"""Where a post's images are: its ``<img>`` tags, the file each one names, and its line.

Tags are read by the HTML tokenizer (``blogkit.html_tags``) from the HTML Pelican made from
the post: any attribute order and quoting, ``>`` inside a value, nothing in comments or
scripts. Only the tags' own characters are replaced later: the rest of the post's HTML stays
byte for byte as Pelican made it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from blogkit.html_tags import start_tags
from blogkit.problems import quoted

# Pelican's own link markers that name a file in the content folder.
CONTENT_LINK = re.compile(r"^[{|](?:static|attach)[}|]")
DECORATIVE = "decorative"  # the class that says an image only decorates: ![](x.jpg){: .decorative}
# What comes just before a reference written in an HTML tag (``src="``), not in Markdown.
IMG_START = re.compile("<img", re.IGNORECASE)
HTML_ATTRIBUTE_BEFORE = re.compile(r"""\bsrc\s*=\s*["']?$""", re.IGNORECASE)


@dataclass(frozen=True)
class ImageTag:
    """One ``<img>`` of a post's HTML: where it stands and what it says."""

    start: int
    end: int
    attributes: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attributes if key == name), None)

    @property
    def src(self) -> str:
        return (self.get("src") or "").strip()

    @property
    def classes(self) -> list[str]:
        return (self.get("class") or "").split()

    @property
    def decorative(self) -> bool:
        return DECORATIVE in self.classes

    @property
    def alt(self) -> str:
        return (self.get("alt") or "").strip()


def image_tags(html: str) -> list[ImageTag]:
    """Every ``<img>`` tag of ``html`` outside comments, in order."""
    if not IMG_START.search(html):
        return []
    return [ImageTag(tag.start, tag.end, tag.attributes) for tag in start_tags(html, ("img",))]


@dataclass(frozen=True)
class Reference:
    """What an image reference names: a file of the site, or something left alone."""

    written: str  # as the author wrote it
    path: str | None = None  # the file (absolute), for a reference to this site's content
    problem: str = ""  # why it names no usable file

    @property
    def raster(self) -> bool:
        """A file of the site for Pillow: anything but SVG, which passes through untouched."""
        return self.path is not None and not self.path.lower().endswith(".svg")


def resolve(written: str, source_path: str, content_root: str, static_paths) -> Reference:
    """The file ``written`` names, seen from the post at ``source_path`` (both absolute).

    ``{static}/x`` and ``/x`` start at the content folder; ``{static}x`` and ``x`` start at
    the post's folder. ``/x`` outside the static paths (``/img/...`` of an older blog) is a
    file of the site when the content folder has it, wherever it lies; otherwise it is left
    to the theme or the link check. Addresses with a scheme or host (``https:``, ``data:``,
    ``//``) are not this site's files.
    """
    parts = urlsplit(written)
    if parts.scheme or parts.netloc or not parts.path:
        return Reference(written)
    path = unquote(parts.path)
    marked = CONTENT_LINK.match(path)
    if marked:
        path = path[marked.end() :]
    base = content_root if path.startswith("/") else os.path.dirname(source_path)
    # Plain string work, no file system calls but for the rare ``/x`` outside the static
    # paths: this runs for every image of every build.
    target = os.path.normpath(os.path.join(base, path.lstrip("/")))
    if not target.startswith(os.path.join(content_root, "")):
        return Reference(written, problem=f"image {quoted(written)} is outside the content folder")
    if (
        not marked
        and path.startswith("/")
        and not _in_static_paths(path.lstrip("/"), static_paths)
        and not os.path.isfile(target)
    ):
        return Reference(written)
    return Reference(written, target)


def _in_static_paths(relative: str, static_paths) -> bool:
    return any(relative == folder or relative.startswith(folder.rstrip("/") + "/")
               for folder in static_paths)  # fmt: skip


@dataclass(frozen=True)
class Place:
    """Where a reference is written in the post's source: its line (None when not found) and
    whether inside an HTML tag (``<img src="...">``) rather than Markdown (``![](...)``)."""

    line: int | None
    in_html: bool = False


def reference_places(source_path: str, written: list[str]) -> list[Place]:
    """The place of each reference in the post's source, in order.

    The same reference written twice is found at its first, then its second place.
    """
    try:
        text = Path(source_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return [Place(None)] * len(written)
    searched_from: dict[str, int] = {}
    places: list[Place] = []
    for reference in written:
        at = text.find(reference, searched_from.get(reference, 0)) if reference else -1
        searched_from[reference] = at + 1 if at >= 0 else len(text)
        if at < 0:
            places.append(Place(None))
            continue
        in_html = bool(HTML_ATTRIBUTE_BEFORE.search(text, max(0, at - 40), at))
        places.append(Place(text.count("\n", 0, at) + 1, in_html))
    return places
