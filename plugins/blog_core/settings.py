"""The site's own settings that blog_core and the theme read: defaults and checks, in one table.

Pelican's own settings (``SITENAME``, ``SITESUBTITLE``, ``MENUITEMS``, ``DISPLAY_*``...) are
Pelican's to check; these are the ones this site adds. They are checked once as each build
starts, and the theme sees the checked values.
"""

from __future__ import annotations

from collections.abc import Mapping

from blogkit.settings import Setting, plugin_settings, positive_number, switch, text

# The share links the theme can make, in the order of the default (posts.share_links).
SHARE_SERVICES = ("linkedin", "email", "copy")


def share_services(value) -> bool:
    return isinstance(value, list | tuple) and all(service in SHARE_SERVICES for service in value)


SETTINGS = {
    # The site in a sentence: the home page's meta description, and every page's without one.
    "SITEDESCRIPTION": Setting("", "text", text),
    # "N min read" in a post's meta line, at this many words a minute.
    "SHOW_READING_TIME": switch(True),
    "READING_WORDS_PER_MINUTE": Setting(230, "a positive whole number", positive_number),
    # The links under a post that share it, in this order; [] shows none.
    "SHARE_LINKS": Setting(
        SHARE_SERVICES, f"a list of {', '.join(SHARE_SERVICES)}", share_services
    ),
    # Links to the previous and the next post under a post.
    "SHOW_POST_NAVIGATION": switch(True),
}


def core_settings(settings: Mapping) -> dict:
    """The values to use; a refused one is reported and replaced by its default."""
    return plugin_settings(settings, SETTINGS)
