"""Signal handlers of blog_core."""

from __future__ import annotations

import math
import re

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

from blogkit import lazy, lifecycle
from blogkit.clock import build_now
from blogkit.content import all_articles, all_pages, page_translations
from blogkit.pelican_internals.contents import html_of
from blogkit.web import site_root

from . import listings, posts, structured_data
from .filters import FILTERS
from .head import HEAD_FILTERS, Heads
from .scripts import theme_inliners
from .settings import core_settings
from .stylesheets import minify_stylesheets
from .templates import share_compiled_templates

_TAG = re.compile(r"<[^>]*>")  # enough to count words; far cheaper than a full striptags


class SettingsOfTheBuild:
    """blog_core's settings for the build that is running, checked once as it starts."""

    def __init__(self):
        self.options: dict = {}

    def start(self, build) -> None:
        self.options = core_settings(build.settings)


settings_of_the_build = SettingsOfTheBuild()


def add_template_helpers(pelican) -> None:
    """Filters and globals for every generator's Jinja environment; a site's own names win."""
    settings = pelican.settings
    settings["JINJA_FILTERS"] = {
        **FILTERS,
        **listings.listing_filters(settings),
        **HEAD_FILTERS,
        **settings["JINJA_FILTERS"],
    }
    settings["JINJA_GLOBALS"] = {**theme_inliners(settings["THEME"]), **settings["JINJA_GLOBALS"]}


def add_reading_time(content) -> None:
    """Word count and reading time: they depend only on the text, so they are cached with it."""
    if not isinstance(content, Article | Page):
        return
    words = len(_TAG.sub(" ", html_of(content)).split())
    per_minute = settings_of_the_build.options["READING_WORDS_PER_MINUTE"]
    content.word_count = words
    content.reading_time = max(1, math.ceil(words / per_minute))


def present_articles(generator: ArticlesGenerator, options: dict, heads: Heads) -> None:
    settings = generator.settings
    for article in all_articles(generator):
        posts.attach_to_post(article, options)
        posts.attach_term_feeds(article, settings)
        present_at_address(article, settings, options, heads)


def present_at_address(article, settings: dict, options: dict, heads: Heads) -> None:
    """The post's share links, JSON-LD and head, each worked out when its page is written
    (``lazy.Deferred``: the dev server writes the open page alone before the reload), from
    its address, worked out once."""
    addresses, services = heads.addresses, tuple(options["SHARE_LINKS"])
    url = lazy.Deferred(lambda: addresses.of(article))
    article.share_links = lazy.Deferred(
        lambda: posts.share_links(url.value, article.title, services)
    )
    article.jsonld = lazy.Deferred(
        lambda: structured_data.blog_posting(article, settings, url.value, addresses)
    )
    article.head = lazy.Deferred(lambda: heads.post(article, url.value))


def present_pages(generator: PagesGenerator, options: dict, heads: Heads) -> None:
    """Every page Pelican writes, translations too."""
    settings = generator.settings
    for page in [*all_pages(generator), *page_translations(generator)]:
        page.meta_description = posts.meta_description(page, options["SITEDESCRIPTION"])
        page.jsonld = structured_data.web_page(page, settings)
        page.head = heads.page(page)


def present_terms(context: dict, heads: Heads) -> None:
    """Each category's and tag's page: its words, then its head (the objects it is written
    with; their feeds were attached with the posts)."""
    for key, words in listings.TERM_WORDS.items():
        for term, _posts in context.get(key) or []:
            term.listing = listings.term_listing(term, words)
            term.head = heads.term(term)


def present_authors(context: dict, heads: Heads) -> None:
    """Each author page's feeds, JSON-LD and head (its Author object is the one the page is
    written with)."""
    settings = heads.settings
    for author, _posts in context.get("authors") or []:
        posts.set_feeds(author, settings.get("AUTHOR_FEED_ATOM"), settings.get("AUTHOR_FEED_RSS"))
        author.jsonld = structured_data.profile_page(author, heads.addresses)
        author.head = heads.author(author)


def site_context(context: dict, settings: dict, options: dict, heads: Heads) -> dict:
    """What every page shows of the site as a whole, and the theme's checked settings."""
    articles = context.get("articles") or []
    return {
        **options,
        "SITE_JSONLD": structured_data.web_site(settings, options["SITEDESCRIPTION"]),
        "BUILD_DATE": build_now(),
        # Links within the site's pages start at its root ("/tags/", or "/<path>/tags/" on a
        # site served from a folder): the same page, every link shorter than with SITEURL.
        "SITE_ROOT": site_root(settings["SITEURL"]),
        "HOME_LASTMOD": articles[0].date if articles else None,
        "SITE_HEAD": heads.site(),
        "PAGE_HEADS": heads.one_per_site(context),
        **listings.term_indexes(context),
    }


def add_presentation(generators) -> None:
    """Runs after every plugin has attached its data (counts, cards), before anything is
    written."""
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    options = settings_of_the_build.options
    heads = Heads(settings, context, options["SITEDESCRIPTION"])
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            present_articles(generator, options, heads)
        elif isinstance(generator, PagesGenerator):
            present_pages(generator, options, heads)
    present_terms(context, heads)
    present_authors(context, heads)
    context.update(site_context(context, settings, options, heads))


def register():
    lifecycle.on_start(settings_of_the_build.start)
    signals.initialized.connect(share_compiled_templates)
    signals.initialized.connect(add_template_helpers)
    signals.content_object_init.connect(add_reading_time)
    signals.all_generators_finalized.connect(add_presentation)
    signals.finalized.connect(minify_stylesheets)
