"""A title set in at most three lines: wrapped between words (or between CJK characters),
in the largest size that fits, and ended with an ellipsis, never a cut word, when even the
smallest size cannot hold it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from . import fonts

ELLIPSIS = "…"
# Where a line may break: after spaces, and before or after a CJK ideograph or kana.
_CJK = "\u2e80-\u9fff\uf900-\ufaff"  # CJK radicals, punctuation, kana, ideographs
# Closing punctuation stays with the character before it (no line starts with it).
_CLOSING = "\u3001\u3002\u300d\u300f\uff01-\uff0f\uff1a\uff1b\uff1f"
_PIECES = re.compile(rf"[{_CJK}][{_CLOSING}]*|[^\s{_CJK}]*\s*")


class Line(NamedTuple):
    """One line: its runs (one font each), its width in pixels, its direction."""

    runs: tuple[fonts.Run, ...]
    width: float
    rtl: bool


class Block(NamedTuple):
    """A text set in one size."""

    lines: tuple[Line, ...]
    size: int
    line_height: int


def pieces(text: str) -> list[str]:
    """``text`` cut where a line may break; each piece keeps its trailing spaces."""
    return [piece for piece in _PIECES.findall(" ".join(text.split())) if piece]


def right_to_left(text: str) -> bool:
    """A paragraph's direction: its first letter's (Unicode's rule P2)."""
    first_letter = next((c for c in text if c.isalpha()), "")
    return fonts.is_rtl(first_letter) if first_letter else False


@lru_cache(maxsize=4096)
def measure(text: str, chain: str, size: int, rtl: bool | None = None) -> Line:
    """``text`` as one line; ``rtl`` is its paragraph's direction (its own when None).
    Kept: a title's lines are measured again as it is set, a byline on every card."""
    found = tuple(fonts.runs(text, chain))
    width = sum(run.width(size) for run in found)
    return Line(found, width, right_to_left(text) if rtl is None else rtl)


def wrap(text: str, chain: str, size: int, width: int, max_lines: int) -> tuple[list[str], bool]:
    """Lines of at most ``width`` pixels, greedily; and whether all of ``text`` fits in them."""
    lines: list[str] = []
    current = ""
    for piece in pieces(text):
        candidate = current + piece
        if current and measure(candidate.rstrip(), chain, size).width > width:
            lines.append(current.rstrip())
            current = piece
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    fits = len(lines) <= max_lines and all(
        measure(line, chain, size).width <= width for line in lines
    )
    return lines, fits


def ellipsized(line: str, chain: str, size: int, width: int) -> str:
    """``line`` with pieces dropped from its end until it fits with an ellipsis after it."""
    kept = pieces(line)
    while len(kept) > 1 and measure("".join(kept).rstrip() + ELLIPSIS, chain, size).width > width:
        kept.pop()
    shortened = "".join(kept).rstrip()
    while len(shortened) > 1 and measure(shortened + ELLIPSIS, chain, size).width > width:
        shortened = shortened[:-1]  # one word wider than the card: nothing else can be done
    return shortened + ELLIPSIS


def ended(lines: list[str], chain: str, size: int, width: int, max_lines: int) -> list[str]:
    """The lines up to the last one that may be shown (the last allowed, or the first too
    wide), that one ellipsized."""
    too_wide = (i for i, line in enumerate(lines) if measure(line, chain, size).width > width)
    last = min(max_lines - 1, next(too_wide, max_lines - 1))
    return [*lines[:last], ellipsized(" ".join(lines[last:]), chain, size, width)]


def set_text(text: str, chain: str, sizes: tuple[int, ...], width: int, max_lines: int) -> Block:
    """The largest of ``sizes`` in which ``text`` fits; else the smallest, ellipsized."""
    for size in sizes:
        lines, fits = wrap(text, chain, size, width, max_lines)
        if fits:
            break
    if not fits:
        lines = ended(lines, chain, size, width, max_lines)
    rtl = right_to_left(text)
    return Block(tuple(measure(line, chain, size, rtl) for line in lines), size, round(size * 1.22))
