"""Reading an import's files, bounded like its addresses (``blogkit.web.fetch``): at most
``limit`` bytes. Whatever fails is one line (``FetchError``)."""

from __future__ import annotations

from pathlib import Path

from blogkit.web import FetchError


def read_file(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise FetchError(f"is {size:,} bytes, more than the limit ({limit:,})")
        return path.read_bytes()
    except OSError as error:
        raise FetchError(f"could not be read ({error.strerror})") from None
