"""Reading an address or a file, bounded: at most ``limit`` bytes, at most ``timeout`` seconds
a read; only http(s) addresses and files. Whatever fails is one line (``FetchError``)."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

USER_AGENT = "connected-professional-import/1 (+https://pelican.dev)"


class FetchError(ValueError):
    """Why an address gave nothing usable, in a few words."""


def is_web_address(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def fetch(address: str, limit: int, timeout: float) -> bytes:
    """The bytes at an http(s) address, refused beyond ``limit`` bytes."""
    if not is_web_address(address):
        raise FetchError("is not an http(s) address")
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(f"is {int(declared):,} bytes, more than the limit ({limit:,})")
            data = response.read(limit + 1)
    except FetchError:
        raise
    except urllib.error.HTTPError as error:
        raise FetchError(f"answered HTTP {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"could not be read ({reason})") from None
    if len(data) > limit:
        raise FetchError(f"is more than the limit ({limit:,} bytes)")
    return data


def read_file(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise FetchError(f"is {size:,} bytes, more than the limit ({limit:,})")
        return path.read_bytes()
    except OSError as error:
        raise FetchError(f"could not be read ({error.strerror})") from None
