"""Every setting of view_counts: its default and what a valid value is, in one table."""

from __future__ import annotations

import os

from blogkit.settings import (
    Setting,
    one_of,
    optional,
    plugin_settings,
    switch,
    text,
    text_matching,
)
from blogkit.web import is_web_url

SETTINGS = {
    # The counts: a mapping of post slug or URL path to a count (relative to PATH, or absolute).
    "VIEW_COUNTS_FILE": Setting("data/views.yaml", "text (a path)", text),
    # What the import tasks already counted (fingerprints of logs and exports, API snapshots).
    "VIEW_COUNTS_LEDGER": Setting("data/views-imports.json", "text (a path)", text),
    # A post without data: "hide" shows no number, "zero" shows "0 views".
    "VIEW_COUNTS_MISSING": Setting("hide", "one of hide, zero", one_of("hide", "zero")),
    # Analytics APIs: where they answer, which site, and from which day views are counted
    # ("YYYY-MM-DD"; None means the date of the oldest post).
    "VIEW_COUNTS_GOATCOUNTER_URL": Setting("", "an http(s) address", optional(is_web_url)),
    "VIEW_COUNTS_PLAUSIBLE_URL": Setting("https://plausible.io", "an http(s) address", is_web_url),
    "VIEW_COUNTS_PLAUSIBLE_SITE_ID": Setting("", "text (the site's domain)", text),
    "VIEW_COUNTS_SINCE": Setting(
        None, "None or a date (YYYY-MM-DD)", optional(text_matching(r"\d{4}-\d{2}-\d{2}"))
    ),
    # A build of the live site: its published posts send a page view to GoatCounter (when its
    # address is set) or Plausible (when the site id is). publishconf.py sets it from SITE_DEPLOY.
    "VIEW_COUNTS_LIVE": switch(False),
}
# The analytics sources the import tasks read, and the environment variable of each token.
TOKEN_ENV = {"goatcounter": "GOATCOUNTER_TOKEN", "plausible": "PLAUSIBLE_TOKEN"}


def view_settings(settings) -> dict:
    return plugin_settings(settings, SETTINGS)


def setting(settings, name: str):
    return view_settings(settings)[name]


def data_path(settings, name: str = "VIEW_COUNTS_FILE") -> str:
    """A data file's path: absolute as given, or relative to the content folder."""
    value = str(setting(settings, name))
    return value if os.path.isabs(value) else os.path.join(settings["PATH"], value)


def sources_with_tokens(env) -> list[str]:
    """The analytics sources whose token is set in ``env``, in a stable order."""
    return [source for source, token in TOKEN_ENV.items() if env.get(token, "").strip()]


def sources_to_refresh(settings, env) -> list[str]:
    """The sources with a token, and GoatCounter without one when its address is set: its
    public counter needs none (the live site's views then reach the counts with no secret)."""
    sources = sources_with_tokens(env)
    if setting(settings, "VIEW_COUNTS_GOATCOUNTER_URL") and "goatcounter" not in sources:
        sources.insert(0, "goatcounter")
    return sources
