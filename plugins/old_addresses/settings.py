"""The settings of old_addresses: defaults and checks."""

from __future__ import annotations

from collections.abc import Mapping

from blogkit.settings import Setting, plugin_settings, switch, text

SETTINGS = {
    # A redirect page at each old address of a post (Aliases:, Old_urls:) and of the file below.
    "REDIRECTS": switch(True),
    # Site-wide redirects, a mapping of old address to new one, in the content folder.
    "REDIRECTS_FILE": Setting("data/redirects.yaml", "text (a path in the content folder)", text),
}


def redirect_settings(settings: Mapping) -> dict:
    """The values to use; a refused one is reported and replaced by its default."""
    return plugin_settings(settings, SETTINGS)
