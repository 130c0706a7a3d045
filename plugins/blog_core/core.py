"""Signal handlers of blog_core."""

from __future__ import annotations

import math
import re

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

from blogkit.clock import build_now
from blogkit.content import all_articles, all_pages
from blogkit.pelican_internals.contents import html_of

from . import listings, posts, structured_data
from .filters import FILTERS
from .scripts import theme_inliners
from .stylesheets import minify_stylesheets
from .templates import share_compiled_templates

DEFAULT_WORDS_PER_MINUTE = 230
_TAG = re.compile(r"<[^>]*>")  # enough to count words; far cheaper than a full striptags


def add_template_helpers(pelican) -> None:
    """Filters and globals for every generator's Jinja environment; a site's own names win."""
    settings = pelican.settings
    settings["JINJA_FILTERS"] = {
        **FILTERS,
        **listings.listing_filters(settings),
        **settings["JINJA_FILTERS"],
    }
    settings["JINJA_GLOBALS"] = {**theme_inliners(settings["THEME"]), **settings["JINJA_GLOBALS"]}


def add_reading_time(content) -> None:
    """Word count and reading time: they depend only on the text, so they are cached with it."""
    if not isinstance(content, Article | Page):
        return
    words = len(_TAG.sub(" ", html_of(content)).split())
    per_minute = content.settings.get("READING_WORDS_PER_MINUTE", DEFAULT_WORDS_PER_MINUTE)
    content.word_count = words
    content.reading_time = max(1, math.ceil(words / per_minute))


def present_articles(generator: ArticlesGenerator) -> None:
    settings = generator.settings
    for article in all_articles(generator):
        posts.attach_to_post(article, settings)
        posts.attach_term_feeds(article, settings)
        article.jsonld = structured_data.blog_posting(article, settings)


def present_pages(generator: PagesGenerator) -> None:
    settings = generator.settings
    for page in all_pages(generator):
        page.meta_description = posts.meta_description(page, settings)
        page.jsonld = structured_data.web_page(page, settings)


def present_authors(context: dict, settings: dict) -> None:
    """Each author page's JSON-LD (its Author object is the one the page is written with)."""
    for author, _posts in context.get("authors") or []:
        author.jsonld = structured_data.profile_page(author, settings)


def site_context(context: dict, settings: dict) -> dict:
    """What every page shows of the site as a whole."""
    articles = context.get("articles") or []
    return {
        "SITE_JSONLD": structured_data.web_site(settings),
        "BUILD_DATE": build_now(),
        "OG_LOCALE": settings.get("DEFAULT_LANG", "en").replace("-", "_"),
        "HOME_LASTMOD": articles[0].date if articles else None,
        **listings.term_indexes(context),
    }


def add_presentation(generators) -> None:
    """Runs after every plugin has attached its data (counts), before anything is written."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            present_articles(generator)
        elif isinstance(generator, PagesGenerator):
            present_pages(generator)
    if generators:
        context, settings = generators[0].context, generators[0].settings
        present_authors(context, settings)
        context.update(site_context(context, settings))


def register():
    signals.initialized.connect(share_compiled_templates)
    signals.initialized.connect(add_template_helpers)
    signals.content_object_init.connect(add_reading_time)
    signals.all_generators_finalized.connect(add_presentation)
    signals.finalized.connect(minify_stylesheets)
