"""Pillow's part: one 1200 x 627 card, drawn from text or fitted from a cover, then saved.

A job runs in a worker process (``blogkit.processes``) and makes its entry in the asset
cache (``blogkit.asset_cache.make_entry``). The encoders' options are
fixed and nothing but pixels is saved (no time, no text chunks, no EXIF), so the same job
gives the same bytes on every machine with the same fonts and Pillow.
"""

from __future__ import annotations

import io
import math
import zlib
from dataclasses import astuple
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageOps

from blogkit.asset_cache import make_entry

from . import fonts, layout
from .jobs import HEIGHT, WIDTH, Colors, DrawnCard, FittedCard, Outcome

MARGIN = 80
TOP = 48  # above the mark, and below the portrait
STRIPE = 16  # the accent's band down the left edge
MARK = 64  # the site's mark, top left
PORTRAIT = 96
TITLE_AREA = (136, 470)  # between the mark and the byline: the title is centred in it
KICKER_HEIGHT = 48
TITLE_SIZES = (64, 56, 48)  # the largest in which the title fits in MAX_LINES
MAX_LINES = 3
SUPERSAMPLE = 4  # circles and rounded corners drawn larger, then reduced: smooth edges
LEVELS = 48  # blends of each colour over the background, and colours of the mark
BLENDED = ("text", "muted", "accent")  # the colours text is drawn in
FACE_COLORS = 256 - (len(BLENDED) + 1) * LEVELS  # the portrait's share of a PNG's 256
MAX_BYTES = 300 * 1024
JPEG_QUALITIES = (85, 75, 65, 55, 45)  # tried in order until the card fits in MAX_BYTES


def prepare() -> None:
    """Read the fonts' character maps and open the fonts before the drawing processes are
    forked: each of them then starts with what it needs, instead of reading it again."""
    for chain in fonts.CHAINS.values():
        for name in chain:
            fonts.coverage(name)
            for size in (28, 30, 32, *TITLE_SIZES):
                fonts.font(name, size)


def make(job: DrawnCard | FittedCard) -> Outcome:
    """Draw or fit one card as its entry; a failure is an Outcome with its problem."""
    try:
        data = fitted(job) if isinstance(job, FittedCard) else drawn(job)
    except (OSError, ValueError) as error:
        return Outcome(problem=f"could not be drawn: {error}")
    text = "" if isinstance(job, FittedCard) else job.title + job.name + job.detail
    manifest = {"file": job.FILE, "missing": fonts.missing(text)}

    def store(folder: Path) -> dict:
        (folder / job.FILE).write_bytes(data)
        return manifest

    return Outcome(make_entry(job.target, store))


def fitted(job: FittedCard) -> bytes:
    with Image.open(job.cover) as source:
        cover = source.convert("RGBA")
    flat = Image.new("RGB", cover.size, job.background)
    flat.paste(cover, mask=cover.getchannel("A"))
    card = ImageOps.fit(flat, (WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    for quality in JPEG_QUALITIES:
        buffer = io.BytesIO()
        card.save(buffer, "JPEG", quality=quality, optimize=True, subsampling=2)
        if buffer.tell() <= MAX_BYTES:
            break
    return buffer.getvalue()


RGB = tuple[int, int, int]


def drawn(job: DrawnCard) -> bytes:
    """The card as a PNG of 256 colours, chosen before anything is drawn: the design's
    colours and their anti-aliased blends over the background, the mark's and the
    portrait's. The card is drawn as palette indices: a glyph's edge drawn with its colour's
    last index over the first gives the index of the blend it needs, so no drawn picture is
    searched for its colours (half a card's work when cards were drawn in RGB) and each
    edge keeps its exact blend."""
    top_part, palette = base(job.site, job.colors)
    card = top_part.copy()
    title = layout.set_text(job.title, "bold", TITLE_SIZES, WIDTH - 2 * MARGIN, MAX_LINES)
    kicker = KICKER_HEIGHT if job.kicker else 0
    height = kicker + len(title.lines) * title.line_height
    top = TITLE_AREA[0] + (TITLE_AREA[1] - TITLE_AREA[0] - height) // 2  # centred in its area
    if job.kicker:
        draw_line(card, layout.measure(job.kicker, "bold", 28), 28, (MARGIN, top + 28), "accent")
    for number, line in enumerate(title.lines):
        baseline = top + kicker + round(title.size * 0.98) + number * title.line_height
        draw_line(card, line, title.size, (MARGIN, baseline), "text")
    byline(card, job)
    if job.portrait:
        face = on_background(portrait(job.portrait), circle(), rgb(job.colors).background,
                             FACE_COLORS)  # fmt: skip
        palette = laid(card, face, (MARGIN, HEIGHT - TOP - PORTRAIT), palette)
    return png(card, palette)


@cache
def base(site: str, colors: Colors) -> tuple[Image.Image, list[RGB]]:
    """What every card of the site shows alike, drawn once per process: the accent's band,
    the mark and the site's name; and the palette's colours but the portrait's."""
    values = rgb(colors)
    card = Image.new("L", (WIDTH, HEIGHT))  # index 0: the background
    accent = BLENDED.index("accent") * LEVELS
    ImageDraw.Draw(card).rectangle((0, 0, STRIPE - 1, HEIGHT), fill=accent + LEVELS - 1)
    name = layout.measure(site, "regular", 30)
    draw_line(card, name, 30, (MARGIN + MARK + 20, TOP + MARK // 2 + 11), "text")
    blends = [blend(values.background, getattr(values, name)) for name in BLENDED]
    palette = [color for colours in blends for color in colours]
    return card, laid(card, marked(values), (MARGIN, TOP), palette)


def laid(card: Image.Image, tile, corner: tuple[int, int], palette: list[RGB]) -> list[RGB]:
    """``tile`` (indices into colours of its own, and those colours) pasted at ``corner``,
    its colours after ``palette``'s: the palette with them."""
    indices, colours = tile
    card.paste(indices.point(lambda index: index + len(palette)), corner)
    return palette + colours


def byline(card: Image.Image, job: DrawnCard) -> None:
    """The author's name and the date (or role) along the bottom, beside the portrait."""
    top = HEIGHT - TOP - PORTRAIT
    left = MARGIN + (PORTRAIT + 24 if job.portrait else 0)
    lines = [(job.name, "bold", 32, "text"), (job.detail, "regular", 28, "muted")]
    shown = [line for line in lines if line[0]]
    baseline = top + PORTRAIT // 2 + 11 - 21 * (len(shown) - 1)  # the lines centred on the face
    for text, chain, size, color in shown:
        draw_line(card, layout.measure(text, chain, size), size, (left, baseline), color)
        baseline += 42


def draw_line(card: Image.Image, line: layout.Line, size: int, start, color: str) -> None:
    """One line's runs side by side on one baseline, right-to-left from the right, in the
    indices of ``color``'s blends: where it is drawn, the background is first the blends'
    first index (the background's colour too), so each edge's index is its blend's. Each
    piece of a run (a word, or the whole run: ``fonts.Run.pieces``) is drawn where Pillow
    sets it in the whole line, from a mask drawn once per process."""
    first = BLENDED.index(color) * LEVELS
    left, baseline = start
    x = WIDTH - MARGIN - line.width if line.rtl else left
    inks = []
    for run in reversed(line.runs) if line.rtl else line.runs:
        for piece in run.pieces:
            drawn_piece = inked(run.font, size, piece, x % 1, run.rtl)
            if drawn_piece is not None:
                mask, (across, down) = drawn_piece
                corner = (int(x) + across, baseline + down)
                inks.append((mask, (*corner, corner[0] + mask.width, corner[1] + mask.height)))
            x += fonts.advance(run.font, size, piece)
    if first and inks:
        boxes = [box for _, box in inks]
        card.paste(first, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                           max(b[2] for b in boxes), max(b[3] for b in boxes)))  # fmt: skip
    for mask, box in inks:
        card.paste(first + LEVELS - 1, box, mask)


@lru_cache(maxsize=4096)
def inked(name: str, size: int, text: str, phase: float, rtl: bool):
    """``text`` alone as a mask cropped to its ink, and its corner from the pen (at a whole
    pixel, on the baseline); None when it has no ink. ``phase`` is the pen's fraction of a
    pixel, which Pillow keeps when it places glyphs: the mask is the one Pillow draws there."""
    font = fonts.font(name, size)
    options = {}
    if rtl:
        if fonts.SHAPING:
            options["direction"] = "rtl"
        else:
            text = text[::-1]  # unshaped, but in reading order
    pen = (size, 2 * size)  # an em on every side of its advance, two above: no measuring
    advance = math.ceil(fonts.advance(name, size, text))
    canvas, ink = alone(font, text, phase, options, pen, (advance + 2 * size + 1, 3 * size))
    if ink and (min(ink[:2]) == 0 or ink[2] == canvas.width or ink[3] == canvas.height):
        left, top, right, bottom = font.getbbox(text, anchor="ls", **options)  # it goes further
        pen = (2 - math.floor(left), 2 - top)
        room = (math.ceil(right - left) + 5, bottom - top + 4)
        canvas, ink = alone(font, text, phase, options, pen, room)
    if ink is None:
        return None
    return canvas.crop(ink), (ink[0] - pen[0], ink[1] - pen[1])


def alone(font, text: str, phase: float, options: dict, pen: tuple[int, int], size):
    """``text`` drawn on a canvas of its own from ``pen``, and its ink's box there."""
    canvas = Image.new("L", size)
    ImageDraw.Draw(canvas).text((pen[0] + phase, pen[1]), text, font=font, fill=255,
                                anchor="ls", **options)  # fmt: skip
    return canvas, canvas.getbbox()


def png(card: Image.Image, palette: list[RGB]) -> bytes:
    """The indices as a palette PNG, deflated as runs of one index (zlib's Z_RLE, which
    Pillow passes on as ``compress_type``): a card is mostly long runs of its background, and
    this is 15% less of the encoder's time than zlib's level 3, for 5% more bytes."""
    card.putpalette([value for color in palette for value in color])
    buffer = io.BytesIO()
    card.save(buffer, "PNG", compress_level=1, compress_type=zlib.Z_RLE)
    return buffer.getvalue()


def blend(under: RGB, over: RGB) -> list[RGB]:
    """LEVELS colours from ``under`` to ``over``: the anti-aliased edges between the two."""
    steps = LEVELS - 1
    pairs = list(zip(under, over, strict=True))
    return [tuple(round(u + (o - u) * i / steps) for u, o in pairs) for i in range(LEVELS)]


def on_background(tile: Image.Image, mask: Image.Image, background: RGB, count: int):
    """``tile`` laid on the background through ``mask`` as indices into ``count`` colours of
    its own, and those colours."""
    flat = Image.new("RGB", tile.size, background)
    flat.paste(tile, mask=mask)
    indexed = flat.quantize(count, method=Image.Quantize.FASTOCTREE)
    found = indexed.getpalette()[: 3 * count]
    colours = [tuple(found[i : i + 3]) for i in range(0, len(found), 3)]
    colours += [background] * (count - len(colours))
    return Image.frombytes("L", tile.size, indexed.tobytes()), colours


def rgb(colors: Colors) -> Colors:
    """The design's colours as RGB triples."""
    return Colors(*(ImageColor.getrgb(value)[:3] for value in astuple(colors)))


def portrait(path: str) -> Image.Image:
    with Image.open(path) as source:
        return ImageOps.fit(source.convert("RGB"), (PORTRAIT, PORTRAIT))


@cache
def circle() -> Image.Image:
    """The portrait's mask: a circle with smooth edges."""
    big = Image.new("L", (PORTRAIT * SUPERSAMPLE,) * 2, 0)
    ImageDraw.Draw(big).ellipse((0, 0, *big.size), fill=255)
    return big.resize((PORTRAIT, PORTRAIT), Image.Resampling.LANCZOS)


@cache
def marked(colors: Colors):
    """The site's mark on the background in its rounded square, as indices and colours."""
    return on_background(mark(colors), rounded_square(), colors.background, LEVELS)


@cache
def rounded_square() -> Image.Image:
    """The mark's mask: the favicon's rounded corners."""
    big = Image.new("L", (MARK * SUPERSAMPLE,) * 2, 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, *big.size), radius=6 * MARK // 32 * SUPERSAMPLE,
                                          fill=255)  # fmt: skip
    return big.resize((MARK, MARK), Image.Resampling.LANCZOS)


@cache
def mark(colors: Colors) -> Image.Image:
    """The site's mark (theme/static/favicon.svg): three linked dots on the accent."""
    unit = MARK * SUPERSAMPLE / 32  # the icon's own grid is 32 x 32
    big = Image.new("RGB", (MARK * SUPERSAMPLE,) * 2, colors.accent)
    draw = ImageDraw.Draw(big)
    dots = [(10, 11), (22, 11), (16, 22)]
    points = [(x * unit, y * unit) for x, y in dots]
    draw.line([*points, points[0]], fill=colors.on_accent, width=round(2 * unit))
    radius = 4 * unit
    for x, y in points:
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colors.on_accent)
    return big.resize((MARK, MARK), Image.Resampling.LANCZOS)
