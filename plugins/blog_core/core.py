"""Signal handlers of blog_core."""

from __future__ import annotations

import math
import re

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

from blogkit.clock import build_now
from blogkit.content import all_articles, all_pages

from . import structured_data
from .filters import FILTERS
from .templates import share_compiled_templates

DEFAULT_WORDS_PER_MINUTE = 230
_TAG = re.compile(r"<[^>]*>")  # enough to count words; far cheaper than a full striptags


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)


def add_reading_time(content) -> None:
    """Word count and reading time: they depend only on the text, so they are cached with it."""
    if not isinstance(content, Article | Page):
        return
    words = len(_TAG.sub(" ", content._content or "").split())
    per_minute = content.settings.get("READING_WORDS_PER_MINUTE", DEFAULT_WORDS_PER_MINUTE)
    content.word_count = words
    content.reading_time = max(1, math.ceil(words / per_minute))


def add_structured_data(generators) -> None:
    """Runs after every plugin has attached its data (counts), before anything is written."""
    for generator in generators:
        settings = generator.settings
        if isinstance(generator, ArticlesGenerator):
            for article in all_articles(generator):
                article.jsonld = structured_data.blog_posting(article, settings)
        elif isinstance(generator, PagesGenerator):
            for page in all_pages(generator):
                page.jsonld = structured_data.web_page(page, settings)
    if generators:
        context = generators[0].context
        context["SITE_JSONLD"] = structured_data.web_site(generators[0].settings)
        context["BUILD_DATE"] = build_now()


def register():
    signals.initialized.connect(share_compiled_templates)
    signals.generator_init.connect(add_filters)
    signals.content_object_init.connect(add_reading_time)
    signals.all_generators_finalized.connect(add_structured_data)
