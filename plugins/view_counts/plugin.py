"""Attach ``view_count`` to every article from the counts file, and on the live site the page
view each published post sends (``page_views``), once per build."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pelican import signals

from blogkit import lazy
from blogkit.content import all_articles
from blogkit.labels import count_label
from blogkit.posts import PostIndex
from blogkit.problems import PROBLEMS, quoted, warn

from .page_views import attach_page_views
from .settings import data_path, setting

if TYPE_CHECKING:
    from .datafile import ViewData

datafile = lazy.module("view_counts.datafile")  # PyYAML loads on first use


def counts_by_slug(data: ViewData, index: PostIndex, path: str) -> dict[str, int]:
    """Sum the counts of every key that names a post; report (not drop) keys that name none."""
    totals: dict[str, int] = {}
    for key, count in data.counts.items():
        slug = index.slug_for_key(key)
        if slug is None:
            # Logged, never rendered: a key may hold anything a log contained.
            warn(path, f"{quoted(key)} matches no post; its count is kept", data.lines.get(key))
            continue
        totals[slug] = totals.get(slug, 0) + count
    return totals


def attach_view_counts(generator) -> None:
    """Assign ``view_count`` on every build (the content cache keeps old attributes otherwise)."""
    settings = generator.settings
    path = data_path(settings)
    data = datafile.load(path)
    for problem in data.problems:
        PROBLEMS.add(problem)
    articles = all_articles(generator)
    totals = counts_by_slug(data, PostIndex.from_articles(articles), path)
    default = 0 if setting(settings, "VIEW_COUNTS_MISSING") == "zero" else None
    for article in articles:
        article.view_count = totals.get(article.slug, default)
        article.view_label = (
            None if article.view_count is None else count_label(article.view_count, "view")
        )


def register():
    signals.article_generator_finalized.connect(attach_view_counts)
    signals.article_generator_finalized.connect(attach_page_views)
