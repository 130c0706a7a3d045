"""Web addresses: one check for those from data and readers (comments, events, profiles), and
where the site's own links start."""

from __future__ import annotations

from urllib.parse import urlsplit

from .problems import quoted


def is_web_url(value: str) -> bool:
    """An absolute http(s) URL with a host, and no whitespace or control character in it."""
    if any(character.isspace() or ord(character) < 32 or ord(character) == 127
           for character in value):  # fmt: skip
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def web_url_problem(field: str, value: str) -> str | None:
    """The one-line problem with ``value`` as the web address ``field``, or None."""
    return None if is_web_url(value) else f"{field} {quoted(value)} is not an http(s) address"


def require_web_url(field: str, value: str | None) -> str | None:
    """``value`` when it is None or a web address; otherwise a ValueError in one line (what a
    pydantic validator raises)."""
    problem = None if value is None else web_url_problem(field, value)
    if problem:
        raise ValueError(problem)
    return value


def site_root(siteurl: str) -> str:
    """The path of the site's address (``SITE_ROOT``): links between its pages start there
    ("" for a site at its host's root, "/<folder>" for one served from a folder)."""
    return urlsplit(siteurl).path.rstrip("/")
