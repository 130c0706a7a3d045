"""Writing comment files: what `invoke comment` and the importers leave for the build to read.

Every file goes to ``<comments>/<post slug>/<comment id>.md``; slug and id must be plain
slugs and the path must stay inside the comments folder, or it is refused in one line.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pelican.utils import get_date

from blogkit.paths import inside
from blogkit.problems import quoted
from blogkit.slugs import plain_slug, slugify
from blogkit.web import is_web_url


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


def written_at(text: str) -> datetime:
    """When a comment was written: ``text`` read as Pelican reads dates, or now when empty."""
    if not text:
        return datetime.now().astimezone()
    try:
        return get_date(text)
    except (ValueError, OverflowError):
        raise ValueError(f"date {quoted(text)} is not a date") from None


def comment_folder(comments: Path, slug: str) -> Path:
    """``<comments>/<slug>``; a ValueError in one line unless ``slug`` is a plain slug."""
    return inside(comments, plain_slug(slug, "post slug"))


def comment_path(comments: Path, slug: str, name: str) -> Path:
    """``<comments>/<slug>/<name>.md``, both plain slugs, inside ``comments``."""
    return inside(comment_folder(comments, slug), f"{plain_slug(name, 'comment id')}.md")


def check_reply_target(folder: Path, replyto: str) -> None:
    """A reply answers a comment of the same post: ``<folder>/<replyto>.md`` must exist."""
    target = inside(folder, f"{plain_slug(replyto, 'Replyto')}.md")
    if not target.exists():
        raise ValueError(f"{target} does not exist: nothing to reply to")


def new_comment_name(folder: Path, date: datetime, author: str) -> str:
    """``<date>-<time>-<author>``, with ``-2``, ``-3``... when that file already exists."""
    base = f"{date:%Y-%m-%d-%H%M}-{slugify(author) or 'reader'}"
    name, number = base, 1
    while (folder / f"{name}.md").exists():
        number += 1
        name = f"{base}-{number}"
    return name


def write_comment(path: Path, text: str) -> Path | None:
    """Write ``path`` unless it exists (then None): imports never duplicate."""
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
