"""The settings of code_blocks: defaults and checks."""

from __future__ import annotations

from collections.abc import Mapping

from blogkit.settings import plugin_settings, switch

SETTINGS = {
    # The code colours (theme/static/css/code.css) linked by every page with a code block.
    "CODE_STYLES": switch(True),
}


def code_settings(settings: Mapping) -> dict:
    """The values to use; a refused one is reported and replaced by its default."""
    return plugin_settings(settings, SETTINGS)
