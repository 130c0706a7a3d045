"""The settings of link_check: defaults and checks."""

from __future__ import annotations

from collections.abc import Mapping

from blogkit.settings import Setting, plugin_settings, switch


def relative_paths(value) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


SETTINGS = {
    # Every link inside the site checked against what the build writes, before it writes.
    "LINK_CHECK": switch(True),
    # Data files (in the content folder) whose addresses are checked too.
    "LINK_CHECK_DATA_FILES": Setting(
        ["data/events.yaml", "data/authors.yaml"],
        "a list of paths in the content folder",
        relative_paths,
    ),
}


def link_settings(settings: Mapping) -> dict:
    """The values to use; a refused one is reported and replaced by its default."""
    return plugin_settings(settings, SETTINGS)
