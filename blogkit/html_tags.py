"""The start tags of an HTML text that name an address (``<img>``, ``<a>``, ``<source>``...),
read by the standard library's HTML tokenizer.

A regular expression cannot tell where a tag ends: a quoted attribute may hold ``>``
(``alt="10 > 5"``), and comments, ``<script>`` and ``<style>`` hold text that looks like tags.
The tokenizer reads them as a browser does; each tag found keeps its exact place in the text
(``start``, ``end``), so a plugin replaces the whole tag and nothing else, never leaving a
fragment of it on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from markupsafe import Markup

NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class Tag:
    """One start tag: its name, where it stands in the text and its attributes, decoded.

    An attribute written without a value (``<img alt>``) has the value ``""``; one not written
    at all is absent, so ``get`` tells them apart.
    """

    name: str
    start: int
    end: int
    attributes: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attributes if key == name), None)


class _Tokenizer(HTMLParser):
    """Keeps the start tags named in ``wanted``, each with its offsets in the text."""

    def __init__(self, wanted: frozenset[str]):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.line_starts: list[int] = [0]
        self.found: list[Tag] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.wanted:
            return
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        text = self.get_starttag_text() or ""
        values = tuple((name, value or "") for name, value in attrs)
        self.found.append(Tag(tag, start, start + len(text), values))

    handle_startendtag = handle_starttag


def start_tags(html: str, names: tuple[str, ...] | frozenset[str]) -> list[Tag]:
    """Every start tag of ``html`` whose name is in ``names`` (lower case), in order; those in
    comments, scripts and styles are not tags and are not found."""
    tokenizer = _Tokenizer(frozenset(names))
    tokenizer.line_starts = [0, *(match.end() for match in NEWLINE.finditer(html))]
    tokenizer.feed(html)
    tokenizer.close()
    return tokenizer.found


# Every post's summary is made plain text on every build, mostly as the build before did.
TEXTS_KEPT = 4096


@lru_cache(maxsize=TEXTS_KEPT)
def plain_text(html: str) -> str:
    """``html`` without its tags, entities decoded: what a description or a preview shows."""
    return Markup(html or "").striptags()
