"""Create a new post file with a complete metadata skeleton."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

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
    """Write ``<posts_dir>/<year>/<slug>.md`` and return its path; never overwrite a post."""
    title = title.strip()
    if not title:
        raise ValueError('a post needs a title: invoke newpost "My title"')
    now = now or datetime.now()
    slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    path = posts_dir / f"{now:%Y}" / f"{slug}.md"
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
