"""Every ``SHARE_*`` setting: its default and what a valid value is, in one table."""

from __future__ import annotations

import re
from collections.abc import Mapping

from blogkit.settings import (
    ASSET_CACHE,
    Setting,
    output_folder,
    plugin_settings,
    positive_number,
    switch,
)

COLOR_NAMES = ("background", "text", "muted", "accent", "on_accent")
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def colors(value) -> bool:
    return (
        isinstance(value, Mapping)
        and set(value) == set(COLOR_NAMES)
        and all(isinstance(v, str) and _HEX.fullmatch(v) for v in value.values())
    )


SETTINGS = {
    # Draw a card for every page (False: no og:image at all, for a dev build in a hurry).
    "SHARE_CARDS": switch(True),
    # The cards' colours: light and legible (the theme's light scheme, main.css).
    "SHARE_CARD_COLORS": Setting(
        dict(
            background="#f3f6f8",
            text="#1d2329",
            muted="#535d66",
            accent="#0b5c7d",
            on_accent="#ffffff",
        ),
        f"a dict of {', '.join(COLOR_NAMES)} to '#rrggbb' colours",
        colors,
    ),
    # The output folder of the cards.
    "SHARE_CARDS_PATH": Setting("cards", "a folder of the output", output_folder),
    # Characters of a title, and of a summary, that LinkedIn's link preview shows uncut.
    "SHARE_TITLE_LIMIT": Setting(70, "a number of characters", positive_number),
    "SHARE_SUMMARY_LIMIT": Setting(150, "a number of characters", positive_number),
    # ASSET_CACHE_PATH, ASSET_CACHE_KEEP_BUILDS: the one asset cache (blogkit.asset_cache).
    **ASSET_CACHE,
}


def card_settings(settings: Mapping) -> dict:
    """The values to use; a refused one is reported and replaced by its default."""
    return plugin_settings(settings, SETTINGS)
