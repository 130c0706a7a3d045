"""The validated comment: what a comment file must hold before any page shows it."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import quote

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, field_validator

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_PULLED_FROM_ISSO = re.compile(r"^isso-([1-9][0-9]*)$")  # importing/isso.py names its files so


# Characters a URL may hold as they are (RFC 3986 reserved and unreserved, and "%"); any other
# (quotes, <, >, backticks, braces...) is percent-encoded so that an href is always a valid URL.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def clean_url(value: str) -> str:
    """``value`` with every character a URL may not hold percent-encoded."""
    return quote(value, safe=_URL_SAFE)


class Comment(BaseModel):
    """One comment, checked: an author, an aware date, an http(s) website or none."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str  # the file name without extension: the comment's id within its post
    post_slug: str
    author: str = Field(min_length=1)
    date: datetime
    website: str | None = None
    replyto: str | None = None
    html: Markup
    source_path: str
    locale_date: str = ""
    reply_url: str = ""  # the link that prepares a reply, set once the post is known
    replies: list[Comment] = Field(default_factory=list)

    @field_validator("author")
    @classmethod
    def _one_line_author(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("Author is empty")
        return value

    @field_validator("date")
    @classmethod
    def _aware_date(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("Date has no time zone")
        return value

    @property
    def anchor(self) -> str:
        """The id of the comment in its post's page, for permalinks."""
        safe = self.name if _NAME.match(self.name) else re.sub(r"[^A-Za-z0-9_.-]", "-", self.name)
        return f"comment-{safe}"

    @property
    def isso_id(self) -> int | None:
        """The comment's id in Isso when it came from there: the form can reply to it."""
        match = _PULLED_FROM_ISSO.match(self.name)
        return int(match[1]) if match else None

    def walk(self):
        """This comment, then every reply below it, in reading order."""
        yield self
        for reply in self.replies:
            yield from reply.walk()
