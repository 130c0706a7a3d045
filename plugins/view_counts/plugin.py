"""Attach ``view_count`` to every article from the counts file, once per build."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pelican import signals

from blog_core.articles import all_articles
from blog_core.preload import preload
from build_guard import format_problem

from .settings import data_path, missing_mode
from .urls import PostIndex

if TYPE_CHECKING:
    from .datafile import ViewData

logger = logging.getLogger(__name__)


def counts_by_slug(data: ViewData, index: PostIndex, path: str) -> dict[str, int]:
    """Sum the counts of every key that names a post; report (not drop) keys that name none."""
    totals: dict[str, int] = {}
    for key, count in data.counts.items():
        slug = index.slug_for_key(key)
        if slug is None:
            # Logged, never rendered: a key may hold anything a log contained.
            logger.warning(
                format_problem(
                    path, f"{key!r} matches no post; its count is kept", data.lines.get(key)
                )
            )
            continue
        totals[slug] = totals.get(slug, 0) + count
    return totals


def attach_view_counts(generator) -> None:
    """Assign ``view_count`` on every build (the content cache keeps old attributes otherwise)."""
    from . import datafile  # PyYAML loads here, not when Pelican loads the plugin

    settings = generator.settings
    path = data_path(settings)
    data = datafile.load(path)
    for problem in data.problems:
        logger.error(format_problem(path, problem.problem, problem.line))
    articles = all_articles(generator)
    totals = counts_by_slug(data, PostIndex.from_articles(articles), path)
    default = 0 if missing_mode(settings) == "zero" else None
    for article in articles:
        article.view_count = totals.get(article.slug, default)


def register():
    signals.article_generator_finalized.connect(attach_view_counts)
    preload("view_counts.datafile")
