"""What a card is made from: plain data, cheap to hash and to send to a drawing process.

A warm build reads these to name each card (its key) and finds its entry in the asset cache;
only a card that must be drawn loads Pillow's drawing and the fonts (``drawing``, ``fonts``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar, NamedTuple

WIDTH, HEIGHT = 1200, 627  # LinkedIn's 1.91:1
FONTS = Path(__file__).resolve().parent / "fonts"


@cache
def fonts_digest() -> str:
    """What the fonts are, for the cache key: a changed font draws a changed card."""
    digest = hashlib.sha256()
    for path in sorted(FONTS.glob("*.[ot]tf")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Colors:
    background: str
    text: str
    muted: str
    accent: str
    on_accent: str


@dataclass(frozen=True)
class DrawnCard:
    """A card drawn from text: the site's mark and name, a kicker, the title, a byline."""

    FILE: ClassVar[str] = "card.png"  # in its entry of the asset cache
    TYPE: ClassVar[str] = "image/png"
    target: str  # its entry's folder in the asset cache; empty while its key is computed
    title: str
    site: str
    colors: Colors
    kicker: str = ""  # above the title: "Next event", "Author"
    name: str = ""  # the author's name, bold, under the title
    detail: str = ""  # the date or a role, under the name
    portrait: str = ""  # a JPEG or PNG of the author, drawn in a circle


@dataclass(frozen=True)
class FittedCard:
    """A post's cover, cropped to the card's shape around its centre."""

    FILE: ClassVar[str] = "card.jpg"
    TYPE: ClassVar[str] = "image/jpeg"
    target: str
    cover: str
    background: str  # behind a transparent cover


class Outcome(NamedTuple):
    """What drawing one card gave: its entry's manifest (its file, and ``missing``: the
    characters no bundled font has, left out), or its problem."""

    manifest: dict | None = None
    problem: str = ""
