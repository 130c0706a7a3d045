"""Pillow's part: one 1200 x 627 card, drawn from text or fitted from a cover, then saved.

A job runs in a worker process (``blogkit.processes``) and makes its entry in the asset
cache (``blogkit.asset_cache.make_entry``). The encoders' options are
fixed and nothing but pixels is saved (no time, no text chunks, no EXIF), so the same job
gives the same bytes on every machine with the same fonts and Pillow.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

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
PALETTE = 256  # colours of a drawn card's PNG
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
        data = fitted(job) if isinstance(job, FittedCard) else png(drawn(job))
    except (OSError, ValueError) as error:
        return Outcome(problem=f"could not be drawn: {error}")
    text = "" if isinstance(job, FittedCard) else job.title + job.name + job.detail
    manifest = {"file": job.FILE, "missing": fonts.missing(text)}

    def store(folder: Path) -> dict:
        (folder / job.FILE).write_bytes(data)
        return manifest

    return Outcome(make_entry(job.target, store))


def png(image: Image.Image) -> bytes:
    """A drawn card as a palette PNG: a card holds a few colours and their anti-aliased blends
    (a portrait adds a small photo), which 256 colours show as the eye sees the card; encoding
    a third of the bytes per pixel takes a cold build's cards about 40% less work than RGB did,
    and the file is half the size."""
    buffer = io.BytesIO()
    palette = image.quantize(PALETTE, method=Image.Quantize.FASTOCTREE)
    palette.save(buffer, "PNG", compress_level=3)
    return buffer.getvalue()


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


def drawn(job: DrawnCard) -> Image.Image:
    colors = job.colors
    card = Image.new("RGB", (WIDTH, HEIGHT), colors.background)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, STRIPE - 1, HEIGHT), fill=colors.accent)
    card.paste(mark(colors), (MARGIN, TOP), rounded_square())
    site = layout.measure(job.site, "regular", 30)
    draw_line(draw, site, 30, MARGIN + MARK + 20, TOP + MARK // 2 + 11, colors.text)
    title = layout.set_text(job.title, "bold", TITLE_SIZES, WIDTH - 2 * MARGIN, MAX_LINES)
    kicker = KICKER_HEIGHT if job.kicker else 0
    height = kicker + len(title.lines) * title.line_height
    top = TITLE_AREA[0] + (TITLE_AREA[1] - TITLE_AREA[0] - height) // 2  # centred in its area
    if job.kicker:
        draw_line(draw, layout.measure(job.kicker, "bold", 28), 28, MARGIN, top + 28, colors.accent)
    for number, line in enumerate(title.lines):
        baseline = top + kicker + round(title.size * 0.98) + number * title.line_height
        draw_line(draw, line, title.size, MARGIN, baseline, colors.text)
    byline(card, draw, job)
    return card


def byline(card: Image.Image, draw: ImageDraw.ImageDraw, job: DrawnCard) -> None:
    """The author's portrait, name and the date (or role) along the bottom."""
    top = HEIGHT - TOP - PORTRAIT
    left = MARGIN
    if job.portrait:
        with Image.open(job.portrait) as source:
            face = ImageOps.fit(source.convert("RGB"), (PORTRAIT, PORTRAIT))
        card.paste(face, (left, top), circle())
        left += PORTRAIT + 24
    lines = [(job.name, "bold", 32, job.colors.text), (job.detail, "regular", 28, job.colors.muted)]
    shown = [line for line in lines if line[0]]
    baseline = top + PORTRAIT // 2 + 11 - 21 * (len(shown) - 1)  # the lines centred on the face
    for text, chain, size, fill in shown:
        draw_line(draw, layout.measure(text, chain, size), size, left, baseline, fill)
        baseline += 42


def draw_line(draw, line: layout.Line, size: int, left: int, baseline: int, fill: str) -> None:
    """One line's runs side by side on one baseline; a right-to-left line from the right."""
    width = WIDTH - MARGIN - left
    x = left + width - line.width if line.rtl else left
    for run in reversed(line.runs) if line.rtl else line.runs:
        font = fonts.font(run.font, size)
        text, options = run.text, {}
        if run.rtl:
            if fonts.SHAPING:
                options["direction"] = "rtl"
            else:
                text = text[::-1]  # unshaped, but in reading order
        draw.text((x, baseline), text, font=font, fill=fill, anchor="ls", **options)
        x += font.getlength(run.text)


@cache
def circle() -> Image.Image:
    """The portrait's mask: a circle with smooth edges."""
    big = Image.new("L", (PORTRAIT * SUPERSAMPLE,) * 2, 0)
    ImageDraw.Draw(big).ellipse((0, 0, *big.size), fill=255)
    return big.resize((PORTRAIT, PORTRAIT), Image.Resampling.LANCZOS)


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
