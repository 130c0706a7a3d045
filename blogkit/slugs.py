"""Slugs: Pelican's own ``slugify`` with the site's settings, and what a plain slug is."""

from __future__ import annotations

import re

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify

from .problems import quoted

_PLAIN_SLUG = re.compile(r"[\w][\w-]*")


def slugify(text: str, settings: dict | None = None) -> str:
    """The slug Pelican would give ``text`` with these settings (its defaults when None)."""
    settings = settings or DEFAULT_CONFIG
    return pelican_slugify(
        text,
        regex_subs=settings.get(
            "SLUG_REGEX_SUBSTITUTIONS", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
        ),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def is_plain_slug(text: str) -> bool:
    """Letters, digits, ``_`` and ``-``: nothing that could name another folder."""
    return bool(_PLAIN_SLUG.fullmatch(text))


def plain_slug(text: str, what: str = "slug") -> str:
    """``text`` when it is a plain slug; otherwise a ValueError in one line."""
    if not is_plain_slug(text):
        raise ValueError(
            f"{what} {quoted(text)} is not a plain slug (letters, digits, '-' and '_' only)"
        )
    return text
