"""Web addresses: one check for those from data and readers (comments, events, profiles),
where the site's own links start, and one bounded read of an address (imports, Isso)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from .problems import quoted

USER_AGENT = "connected-professional-blog/1 (+https://getpelican.com)"
_CHUNK = 64 * 1024
# HTTP only: no file:, ftp: or data: address, given or redirected to, is ever opened; no proxy.
_HTTP = urllib.request.OpenerDirector()
for _handler in (urllib.request.HTTPHandler, urllib.request.HTTPSHandler,
                 urllib.request.HTTPRedirectHandler, urllib.request.HTTPDefaultErrorHandler,
                 urllib.request.HTTPErrorProcessor):  # fmt: skip
    _HTTP.add_handler(_handler())


class FetchError(ValueError):
    """Why an address gave nothing usable, in a few words (the caller names the address)."""


def is_web_url(value: object) -> bool:
    """An absolute http(s) URL with a host, and no whitespace or control character in it."""
    if not isinstance(value, str):
        return False
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


def fetch(address: str, limit: int, timeout: float) -> bytes:
    """The bytes at an http(s) address: at most ``limit`` bytes, at most ``timeout`` seconds a
    network wait and three times that for the whole answer (a trickle is cut off too)."""
    if not is_web_url(address):
        raise FetchError("is not an http(s) address")
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
    started, deadline = time.monotonic(), 3 * timeout
    try:
        with _HTTP.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(f"is {int(declared):,} bytes, more than the limit ({limit:,})")
            chunks, size = [], 0
            while chunk := response.read1(_CHUNK):  # what has come: the deadline is checked
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"is more than the limit ({limit:,} bytes)")
                if time.monotonic() - started > deadline:
                    raise FetchError(f"was not complete after {deadline:g} s")
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        raise FetchError(f"answered HTTP {error.code} {error.reason}") from None
    except (TimeoutError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise FetchError(f"could not be read ({reason})") from None
    return b"".join(chunks)
