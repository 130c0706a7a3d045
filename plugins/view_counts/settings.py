"""Every setting of view_counts with its default, in one place, and their validation."""

from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)

DEFAULTS = {
    # The counts: a mapping of post slug or URL path to a count (relative to PATH, or absolute).
    "VIEW_COUNTS_FILE": "data/views.yaml",
    # What the import tasks already counted (fingerprints of logs and exports, API snapshots).
    "VIEW_COUNTS_LEDGER": "data/views-imports.json",
    # A post without data: "hide" shows no number, "zero" shows "0 views".
    "VIEW_COUNTS_MISSING": "hide",
    # Analytics APIs: where they answer, which site, and from which day views are counted
    # ("YYYY-MM-DD"; None means the date of the oldest post).
    "VIEW_COUNTS_GOATCOUNTER_URL": "",
    "VIEW_COUNTS_PLAUSIBLE_URL": "https://plausible.io",
    "VIEW_COUNTS_PLAUSIBLE_SITE_ID": "",
    "VIEW_COUNTS_SINCE": None,
}
MISSING_CHOICES = ("hide", "zero")
TOKEN_ENV = {"goatcounter": "GOATCOUNTER_TOKEN", "plausible": "PLAUSIBLE_TOKEN"}


def setting(settings, name: str):
    return settings.get(name, DEFAULTS[name])


def data_path(settings, name: str = "VIEW_COUNTS_FILE") -> str:
    """A data file's path: absolute as given, or relative to the content folder."""
    value = str(setting(settings, name))
    return value if os.path.isabs(value) else os.path.join(settings["PATH"], value)


def missing_mode(settings) -> str:
    """``VIEW_COUNTS_MISSING``, falling back to "hide" with one log line when it is unknown."""
    value = setting(settings, "VIEW_COUNTS_MISSING")
    if value in MISSING_CHOICES:
        return value
    logger.error(
        "VIEW_COUNTS_MISSING is %r; it must be one of %s (using 'hide')",
        value,
        ", ".join(MISSING_CHOICES),
    )
    return "hide"
