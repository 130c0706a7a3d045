"""Where a post's images are: its ``<img>`` tags, the file each one names, and its line.

Tags are found with one regular expression over the HTML Pelican made from the post (Markdown
escapes ``<`` in code, so only real tags match; comments are skipped), and each tag's
attributes are read by the standard library's HTML parser. Only the tags' own characters are
replaced later: the rest of the post's HTML stays byte for byte as Pelican made it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from blogkit.problems import quoted

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Pelican's own link markers that name a file in the content folder.
CONTENT_LINK = re.compile(r"^[{|](?:static|attach)[}|]")
DECORATIVE = "decorative"  # the class that says an image only decorates: ![](x.jpg){: .decorative}


class _StartTag(HTMLParser):
    """Reads the attributes of one start tag at a time, entities decoded (one parser a build:
    making one per tag cost more than reading the tag)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str]] = []

    def read(self, tag: str) -> tuple[tuple[str, str], ...]:
        self.reset()
        self.attributes = []
        self.feed(tag)
        self.close()
        return tuple(self.attributes)

    def handle_starttag(self, tag, attrs):
        self.attributes = [(name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag


_start_tag = _StartTag()


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
    if "<img" not in html and "<IMG" not in html:
        return []
    comments = [match.span() for match in COMMENT.finditer(html)] if "<!--" in html else []
    return [
        ImageTag(match.start(), match.end(), _start_tag.read(match.group()))
        for match in IMG_TAG.finditer(html)
        if not any(start <= match.start() < end for start, end in comments)
    ]


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

    ``{static}/x`` and ``/x`` start at the content folder (``/x`` only inside a static path:
    anything else belongs to the theme or another site); ``{static}x`` and ``x`` start at
    the post's folder. Addresses with a scheme or host (``https:``, ``data:``, ``//``) are
    not this site's files.
    """
    parts = urlsplit(written)
    if parts.scheme or parts.netloc or not parts.path:
        return Reference(written)
    path = unquote(parts.path)
    marked = CONTENT_LINK.match(path)
    if marked:
        path = path[marked.end() :]
    elif path.startswith("/") and not _in_static_paths(path.lstrip("/"), static_paths):
        return Reference(written)
    base = content_root if path.startswith("/") else os.path.dirname(source_path)
    # Plain string work, no file system calls: this runs for every image of every build.
    target = os.path.normpath(os.path.join(base, path.lstrip("/")))
    if not target.startswith(os.path.join(content_root, "")):
        return Reference(written, problem=f"image {quoted(written)} is outside the content folder")
    return Reference(written, target)


def _in_static_paths(relative: str, static_paths) -> bool:
    return any(relative == folder or relative.startswith(folder.rstrip("/") + "/")
               for folder in static_paths)  # fmt: skip


def reference_lines(source_path: str, written: list[str]) -> list[int | None]:
    """The line of each reference in the post's source, in order (None when not found).

    The same reference written twice is found at its first, then its second place.
    """
    try:
        text = Path(source_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return [None] * len(written)
    searched_from: dict[str, int] = {}
    lines: list[int | None] = []
    for reference in written:
        at = text.find(reference, searched_from.get(reference, 0)) if reference else -1
        searched_from[reference] = at + 1 if at >= 0 else len(text)
        lines.append(text.count("\n", 0, at) + 1 if at >= 0 else None)
    return lines
