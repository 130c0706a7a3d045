"""Reading one comment file: its header by hand (so every problem has a line), its body rendered."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.utils import get_date, strftime
from pydantic import ValidationError

from blogkit.problems import ContentError
from blogkit.web import is_web_url

from .model import Comment, clean_url
from .render import render_body

FIELDS = ("author", "date", "website", "replyto")
_FIELD = re.compile(r"^(?P<key>[A-Za-z][A-Za-z_-]*)\s*:\s*(?P<value>.*)$")


def parse_header(path: Path, text: str) -> tuple[dict[str, tuple[str, int]], str]:
    """``{field: (value, line)}`` of the header, and the body after its blank line."""
    lines = text.splitlines()
    fields: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return fields, "\n".join(lines[number:])
        match = _FIELD.match(line)
        if not match:
            raise ContentError(str(path), "header line is not 'Field: value'", number)
        key = match["key"].lower()
        if key not in FIELDS:
            raise ContentError(
                str(path),
                f"unknown field {match['key']!r} (expected Author, Date, Website, Replyto)",
                number,
            )
        fields[key] = (match["value"].strip(), number)
    return fields, ""


def read_comment(path: Path, post_slug: str, settings: dict, warn) -> Comment:
    """A validated comment from its file; a broken header raises ContentError (file and line)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(str(path), f"cannot be read: {error}") from None
    return comment_from_text(path, text, post_slug, settings, warn)


def comment_from_text(path: Path, text: str, post_slug: str, settings: dict, warn) -> Comment:
    """A validated comment from the text of the file at ``path`` (read, or about to be written:
    comments-pull checks each comment this way before writing it)."""
    fields, body = parse_header(path, text)
    source = str(path)
    author, author_line = fields.get("author", ("", 1))
    if not author.strip():
        line = author_line if "author" in fields else None
        raise ContentError(source, "Author is missing" if line is None else "Author is empty", line)
    if "date" not in fields:
        raise ContentError(source, "Date is missing")
    date_text, date_line = fields["date"]
    try:
        date = get_date(date_text)
    except (ValueError, OverflowError):
        raise ContentError(source, f"Date {date_text!r} is not a date", date_line) from None
    if date.tzinfo is None:
        date = date.replace(tzinfo=ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    replyto, replyto_line = fields.get("replyto", ("", None))
    if replyto == path.stem:
        raise ContentError(source, "Replyto names this comment itself", replyto_line)
    website, website_line = fields.get("website", ("", None))
    if website and not is_web_url(website):
        problem = f"Website {website!r} is not an http(s) address; it is not shown"
        warn(source, problem, website_line)
        website = ""
    if not body.strip():
        warn(source, "the comment has no text", None)
    try:
        return Comment(
            name=path.stem,
            post_slug=post_slug,
            author=author,
            date=date,
            website=clean_url(website) if website else None,
            replyto=replyto or None,
            html=render_body(body),
            source_path=source,
            locale_date=strftime(date, settings.get("DEFAULT_DATE_FORMAT", "%Y-%m-%d")),
        )
    except ValidationError as error:
        problem = "; ".join(detail["msg"] for detail in error.errors())
        raise ContentError(source, problem) from None
