"""Create a new post file with a complete metadata skeleton."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from blogkit.paths import inside
from blogkit.slugs import plain_slug, slugify

TEMPLATE = """\
Title: {title}
Slug: {slug}
Date: {date}
Author: {author}
Category: {category}
Tags:
Summary: One or two sentences shown in listings, feeds and search results.
Status: draft

Write your post here in Markdown. Remove `Status: draft` to publish it.
"""


def new_post(
    title: str, posts_dir: Path, author: str, category: str, now: datetime | None = None
) -> Path:
    """Write ``<posts_dir>/<year>/<slug>.md`` and return its path; never overwrite a post.

    A title whose slug is empty is refused (ValueError), and so is any path outside ``posts_dir``.
    """
    title = title.strip()
    if not title:
        raise ValueError('a post needs a title: invoke newpost "My title"')
    now = now or datetime.now()
    slug = plain_slug(slugify(title), "the title's slug")
    path = inside(posts_dir, f"{now:%Y}", f"{slug}.md")
    if path.exists():
        raise FileExistsError(f"{path} already exists: choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        TEMPLATE.format(
            title=title, slug=slug, date=f"{now:%Y-%m-%d %H:%M}", author=author, category=category
        ),
        encoding="utf-8",
    )
    return path
