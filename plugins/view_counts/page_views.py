"""The page view a published post sends once it has been read, on the live site only.

Counting is how views reach ``views.yaml`` from a host without access logs: the post's page
tells GoatCounter (``/count``) or Plausible (``/api/event``) that it was viewed, and
``invoke views-api`` reads the totals back. Only builds of the live site count
(``VIEW_COUNTS_LIVE``, set by publishconf.py from ``SITE_DEPLOY``); only published posts do.
The theme writes what is attached here: ``page-view.js`` with these data attributes, and
GoatCounter's image for readers without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from blogkit.content import all_articles

from .settings import view_settings


@dataclass(frozen=True)
class PageView:
    """What one post's page sends: the script's data attributes, and the no-script image."""

    script: dict[str, str]  # data-send: where to; data-domain, data-path: Plausible's event
    pixel: str | None = None  # GoatCounter's /count image, for readers without JavaScript


def page_view_maker(settings: dict):
    """A function from a post to its PageView (None: not counted), or None when nothing counts."""
    values = view_settings(settings)
    if not values["VIEW_COUNTS_LIVE"]:
        return None
    if values["VIEW_COUNTS_GOATCOUNTER_URL"]:
        return lambda path: goatcounter_view(values["VIEW_COUNTS_GOATCOUNTER_URL"], path)
    if values["VIEW_COUNTS_PLAUSIBLE_SITE_ID"]:
        base, site_id = values["VIEW_COUNTS_PLAUSIBLE_URL"], values["VIEW_COUNTS_PLAUSIBLE_SITE_ID"]
        return lambda path: plausible_view(base, site_id, path)
    return None


def goatcounter_view(base: str, path: str) -> PageView:
    """GoatCounter's ``/count?p=<path>``: the script adds the title and referrer, the image not."""
    count = f"{base.rstrip('/')}/count?p={quote(path, safe='')}"
    return PageView({"send": count}, pixel=count)


def plausible_view(base: str, site_id: str, path: str) -> PageView:
    """Plausible's ``/api/event``: the script posts the pageview of this path for ``site_id``."""
    return PageView({"send": f"{base.rstrip('/')}/api/event", "domain": site_id, "path": path})


def attach_page_views(generator) -> None:
    """Every article gets ``page_view`` on every build (the content cache keeps old attributes):
    published posts on the live site a PageView, the rest (drafts, hidden posts) None."""
    make = page_view_maker(generator.settings)
    for article in all_articles(generator):
        counted = make is not None and article.status == "published"
        article.page_view = make("/" + article.url.lstrip("/")) if counted else None
