"""The one setting of build_guard: its default and what a valid value is."""

from __future__ import annotations

from collections.abc import Mapping

from blogkit.settings import plugin_settings, switch

SETTINGS = {
    # A publish build (publishconf.py): any problem stops it before anything is written. Off,
    # the pages are built and every page shows the problems in a red box.
    "BUILD_GUARD_STRICT": switch(False),
}


def guard_settings(settings: Mapping) -> dict:
    """The values to use; a refused one is reported and replaced by its default."""
    return plugin_settings(settings, SETTINGS)
