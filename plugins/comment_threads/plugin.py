"""Signal handlers: comments attached to posts once articles are read; the feeds generator."""

from __future__ import annotations

from pelican import signals

from blogkit import lazy

from .feeds import CommentFeedsGenerator

# Reading comments needs pydantic, Markdown and nh3: loaded on first use, not with the plugin.
posts = lazy.module("comment_threads.posts")


def attach_comments(generator) -> None:
    """Every post gets ``comments``, ``comment_count`` and its links, on every build."""
    posts.attach_comments(generator)


def add_feeds_generator(_pelican):
    return CommentFeedsGenerator


def register():
    signals.article_generator_finalized.connect(attach_comments)
    signals.get_generators.connect(add_feeds_generator)
