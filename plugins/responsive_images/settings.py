"""Every ``IMAGE_*`` setting (and the shared ``ASSET_CACHE_*``): defaults and checks."""

from __future__ import annotations

from collections.abc import Mapping

from blogkit.settings import (
    ASSET_CACHE,
    Setting,
    plugin_settings,
    positive_number,
    switch,
    text,
)

# Pillow's own limit (``Image.MAX_IMAGE_PIXELS``): beyond it an image is a decompression bomb.
PILLOW_PIXEL_LIMIT = 89_478_485
FORMATS = ("avif", "webp", "jpeg")


def widths(value) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(map(positive_number, value))


def qualities(value) -> bool:
    return (
        isinstance(value, Mapping)
        and set(value) == set(FORMATS)
        and all(positive_number(q) and q <= 100 for q in value.values())
    )


def speed(value) -> bool:
    return positive_number(value) and value <= 10


SETTINGS = {
    # Widths (px) of the variants of every image, kept up to the image's own width.
    "IMAGE_WIDTHS": Setting((400, 800, 1200, 1600), "a list of widths in pixels", widths),
    # No variant is wider than this; the widest is also the <img> fallback's size.
    "IMAGE_MAX_WIDTH": Setting(1600, "a width in pixels", positive_number),
    # One more, smaller width for covers: the listing cards' thumbnail (6rem, sharp up to 2.5x).
    "IMAGE_CARD_WIDTH": Setting(256, "a width in pixels", positive_number),
    # The <img sizes> of a post's images and cover: the theme's column (.wrap in main.css).
    "IMAGE_SIZES": Setting("(min-width: 42rem) 40rem, calc(100vw - 2rem)", "text", text),
    # The <img sizes> of a listing card's thumbnail (.card-image in main.css).
    "IMAGE_CARD_SIZES": Setting("6rem", "text", text),
    # Encoder quality per format (1-100).
    "IMAGE_QUALITY": Setting(
        {"avif": 50, "webp": 80, "jpeg": 80}, "a dict of avif, webp and jpeg to 1-100", qualities
    ),
    # libavif's speed (0 slowest and smallest to 10 fastest); 6 is its own default.
    "IMAGE_AVIF_SPEED": Setting(6, "a whole number from 1 to 10", speed),
    # Larger images (width x height x frames) are refused without being decoded.
    "IMAGE_MAX_PIXELS": Setting(PILLOW_PIXEL_LIMIT, "a number of pixels", positive_number),
    # Also publish each image a post shows, at its own path (metadata removed all the same).
    "IMAGE_PUBLISH_ORIGINALS": switch(False),
    # ASSET_CACHE_PATH, ASSET_CACHE_KEEP_BUILDS: the one asset cache (blogkit.asset_cache).
    **ASSET_CACHE,
}


def image_settings(settings: Mapping) -> dict:
    """The values to use; a refused one is reported and replaced by its default."""
    return plugin_settings(settings, SETTINGS)
