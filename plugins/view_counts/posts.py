"""The site's posts as the import tasks see them: read with Pelican's own readers."""

from __future__ import annotations

import os

from pelican.contents import Article
from pelican.readers import Readers
from pelican.settings import read_settings
from pelican.utils import posixize_path

from .urls import PostIndex

COUNTED_STATUSES = ("published", "hidden")  # drafts live under /drafts/ and are not read


def site_settings(settings_file: str, content: str | None = None) -> dict:
    override = {"PATH": os.path.abspath(content)} if content else None
    return read_settings(settings_file, override=override)


def read_posts(settings: dict) -> list[Article]:
    """Every post under ARTICLE_PATHS, so that slugs and URLs are exactly Pelican's."""
    readers = Readers(settings)
    base = settings["PATH"]
    excluded = set(settings.get("ARTICLE_EXCLUDES", []))
    posts = []
    for folder in settings.get("ARTICLE_PATHS", [""]):
        for root, dirs, files in os.walk(os.path.join(base, folder)):
            dirs[:] = sorted(d for d in dirs if d not in excluded)
            for name in sorted(files):
                if name.rsplit(".", 1)[-1] not in readers.extensions:
                    continue
                relative = posixize_path(os.path.relpath(os.path.join(root, name), base))
                try:
                    post = readers.read_file(base, relative, content_class=Article, context={})
                except Exception:  # a broken post: the build reports it, the import skips it
                    continue
                posts.append(post)
    return posts


def post_index(settings: dict) -> PostIndex:
    posts = [post for post in read_posts(settings) if post.status in COUNTED_STATUSES]
    return PostIndex.from_articles(posts)


def oldest_post_date(settings: dict) -> str | None:
    dates = [post.date.date().isoformat() for post in read_posts(settings)]
    return min(dates) if dates else None
