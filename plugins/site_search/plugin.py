"""Signal handlers: marks attached to posts and pages, the search page, the index at the end."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from blogkit.asset_cache import AssetCache
from blogkit.content import all_articles, all_pages
from blogkit.pages import OnePageGenerator
from blogkit.settings import plugin_settings

from . import marks
from .indexing import BUNDLE, IndexingFailed, index_site
from .settings import SETTINGS

logger = logging.getLogger(__name__)


class SearchPageGenerator(OnePageGenerator):
    """Writes /search/ and gives every page what its header form needs (``SEARCH_URL``)."""

    PAGE, SAVE_AS, URL = "search", "SEARCH_SAVE_AS", "SEARCH_URL"
    TITLE = "Search"
    DESCRIPTION = "Search every post, page and event of {sitename}."

    def generate_context(self):
        self.options = plugin_settings(self.settings, SETTINGS)
        siteurl = self.settings.get("SITEURL", "")
        self.context.update(
            SEARCH_URL=self.options["SEARCH_URL"],
            SEARCH_BUNDLE_URL=f"{siteurl}/{BUNDLE}/pagefind.js",
            SEARCH_FILTERS=marks.FILTER_GROUPS,
        )
        self.describe()


def attach_marks(generators) -> None:
    """What each post and page gives the index, and the languages the search page merges."""
    languages = set()
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            languages |= marks.mark_articles(all_articles(generator))
        elif isinstance(generator, PagesGenerator):
            marks.mark_pages(all_pages(generator))
    if generators:
        context = generators[0].context
        site_language = generators[0].settings.get("DEFAULT_LANG", "en").lower()
        context["SEARCH_OTHER_LANGUAGES"] = " ".join(sorted(languages - {site_language}))


def index_output(pelican) -> None:
    """After a build has written everything: index it, when ``SEARCH_INDEX`` says so.

    A publish build that cannot be indexed fails (its search page would find nothing); the
    failure is one line, without a traceback.
    """
    options = plugin_settings(pelican.settings, SETTINGS)
    if not options["SEARCH_INDEX"]:
        return
    try:
        index = index_site(Path(pelican.output_path), AssetCache.of(options, "search"))
    except IndexingFailed as error:
        logger.critical("%s", error)
        raise SystemExit(1) from None
    logger.info("%s", index.summary)


def get_generators(_pelican):
    return SearchPageGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(attach_marks)
    signals.finalized.connect(index_output)
