"""Signal handlers: comments attached to posts once articles are read; the feeds generator."""

from __future__ import annotations

from pelican import signals

from blog_core.preload import preload

from .feeds import CommentFeedsGenerator


def attach_comments(generator) -> None:
    """Every post gets ``comments``, ``comment_count`` and its links, on every build."""
    # Reading comments needs pydantic, Markdown and nh3: loaded here, not with the plugin.
    from .posts import attach_comments as attach

    attach(generator)


def add_feeds_generator(_pelican):
    return CommentFeedsGenerator


def register():
    signals.article_generator_finalized.connect(attach_comments)
    signals.get_generators.connect(add_feeds_generator)
    preload("comment_threads.posts")
