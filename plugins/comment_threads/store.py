"""Writing comment files: what `invoke comment` and the importers leave for the build to read."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .model import is_web_url


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def comment_text(
    author: str, date: datetime, body: str, website: str = "", replyto: str = ""
) -> str:
    """A comment file: the header, a blank line, the body. Header values are kept on one line."""
    author = _one_line(author)
    if not author:
        raise ValueError("a comment needs an author")
    lines = [f"Author: {author}", f"Date: {date.isoformat(sep=' ', timespec='minutes')}"]
    website = _one_line(website)
    if website and is_web_url(website):
        lines.append(f"Website: {website}")
    if replyto:
        lines.append(f"Replyto: {_one_line(replyto)}")
    body = body.strip("\n")
    if not body.strip():
        raise ValueError("a comment needs some text")
    return "\n".join(lines) + "\n\n" + body + "\n"


def new_comment_name(folder: Path, date: datetime, author: str) -> str:
    """``<date>-<time>-<author>``, with ``-2``, ``-3``... when that file already exists."""
    author_slug = slugify(author, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    base = f"{date:%Y-%m-%d-%H%M}-{author_slug or 'reader'}"
    name, number = base, 1
    while (folder / f"{name}.md").exists():
        number += 1
        name = f"{base}-{number}"
    return name


def write_comment(folder: Path, name: str, text: str) -> Path | None:
    """Write ``<folder>/<name>.md`` unless it exists (then None): imports never duplicate."""
    path = folder / f"{name}.md"
    if path.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def post_slugs(posts: Path) -> set[str]:
    """The slugs of the posts under ``posts``: their ``Slug:``, or their title slugified."""
    slugs = set()
    for path in posts.rglob("*.md"):
        header = path.read_text(encoding="utf-8-sig").split("\n\n", 1)[0]
        fields = dict(
            (key.strip().lower(), value.strip())
            for key, _, value in (line.partition(":") for line in header.splitlines())
        )
        slug = fields.get("slug") or slugify(
            fields.get("title", ""), regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
        )
        slugs.add(slug)
    return slugs
