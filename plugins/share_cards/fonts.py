"""The cards' fonts: bundled Noto subsets (OFL, fonts/OFL.txt), tried in order per character.

Noto Sans draws Latin, Greek and Cyrillic; a character it lacks is drawn with the first
fallback that has it (Arabic, Hebrew, common CJK, emoji), so no card shows a box. Which
font has which character is read from each font's ``cmap`` once per process (fontTools).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from fontTools.ttLib import TTFont
from PIL import ImageFont, features

from .jobs import FONTS

FALLBACKS = (
    "NotoSansArabic-Bold.ttf",
    "NotoSansHebrew-Bold.ttf",
    "NotoSansCJKsc-Bold-common.otf",
    "NotoEmoji-Bold.ttf",
)
CHAINS = {
    "bold": ("NotoSans-Bold.ttf", *FALLBACKS),
    "regular": ("NotoSans-Regular.ttf", *FALLBACKS),
}
# Fonts in which no substitution or kerning involves the space (tests check it with Pillow's
# own layout): a line set in them is its words set apart, so a word is measured and drawn
# once per process however many lines and cards show it.
WORDS_APART = frozenset({"NotoSans-Bold.ttf", "NotoSans-Regular.ttf"})
_WORDS = re.compile(r"\S+|\s+")
# Characters that belong to the run before them: joiners, variation selectors, skin tones
# (and combining marks).
JOINING = {"\u200d", "\ufe0e", "\ufe0f", *map(chr, range(0x1F3FB, 0x1F400))}
# Shaping (Arabic joining, bidi) needs libraqm; Pillow's wheels bring it, with FriBiDi
# from the system (Debian: libfribidi0). Without it, right-to-left runs are only reversed.
SHAPING = features.check("raqm")
LAYOUT = ImageFont.Layout.RAQM if SHAPING else ImageFont.Layout.BASIC


@cache
def coverage(name: str) -> frozenset[int]:
    """The code points font ``name`` has a glyph for."""
    font = TTFont(FONTS / name, lazy=True, fontNumber=0)
    try:  # glyphs named by number: the real names would parse a CFF font's whole charset
        font.setGlyphOrder([f"glyph{gid}" for gid in range(font["maxp"].numGlyphs)])
        return frozenset(font.getBestCmap())
    finally:
        font.close()


@cache
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=LAYOUT)


@lru_cache(maxsize=1 << 16)
def advance(name: str, size: int, text: str) -> float:
    """``text``'s advance in font ``name``, in pixels with Pillow's 1/64 precision."""
    return font(name, size).getlength(text)


def joins_previous(character: str) -> bool:
    return character in JOINING or unicodedata.category(character) in ("Mn", "Me")


def is_neutral(character: str) -> bool:
    """Spaces, punctuation and digits: kept in the run they stand in when its font has them."""
    return unicodedata.bidirectional(character) in ("WS", "ON", "CS", "ES", "ET", "EN", "BN")


def is_rtl(character: str) -> bool:
    return unicodedata.bidirectional(character) in ("R", "AL")


@dataclass(frozen=True)
class Run:
    """Consecutive characters drawn with one font."""

    text: str
    font: str

    @cached_property
    def rtl(self) -> bool:
        return any(is_rtl(character) for character in self.text)

    @cached_property
    def pieces(self) -> tuple[str, ...]:
        """What of the run is measured and drawn as one: its words and spaces where its font
        sets them apart (:data:`WORDS_APART`), else all of it."""
        if self.font in WORDS_APART and not self.rtl:
            return tuple(_WORDS.findall(self.text))
        return (self.text,)

    def width(self, size: int) -> float:
        return sum(advance(self.font, size, piece) for piece in self.pieces)


def runs(text: str, chain: str) -> list[Run]:
    """``text`` split where the font drawing it changes; characters no font has are left out
    (:func:`missing` names them, so the build can say so)."""
    names = CHAINS[chain]
    if set(map(ord, text)) <= coverage(names[0]):  # the first font has it all: one run
        return [Run(text, names[0])] if text else []
    found: list[list] = []  # [text, font name]
    for character in text:
        current = found[-1] if found else None
        if current and (
            joins_previous(character)
            or (is_neutral(character) and ord(character) in coverage(current[1]))
        ):
            current[0] += character
            continue
        name = next((n for n in names if ord(character) in coverage(n)), None)
        if name is None:
            continue
        if current and current[1] == name:
            current[0] += character
        else:
            found.append([character, name])
    return [Run(piece, name) for piece, name in found]


def missing(text: str) -> str:
    """The characters of ``text`` no bundled font has (joiners and marks aside)."""
    lacking = {c for c in text if c.isprintable() and not joins_previous(c) and not has(c)}
    return "".join(sorted(lacking))


def has(character: str) -> bool:
    return any(ord(character) in coverage(name) for name in CHAINS["bold"])
