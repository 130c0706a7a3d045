"""Each image of an imported post brought into ``content/images/<slug>/``: fetched (http(s)
only, bounded in size and time) or read from beside the export (never from outside its
folder), checked with Pillow like every image the build shows, and written once: importing
again finds it there."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from PIL import Image, UnidentifiedImageError

from blogkit.paths import OutsideFolder, inside
from blogkit.problems import quoted
from blogkit.web import FetchError, fetch, is_web_url

from .fetching import read_file

FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp", "AVIF": ".avif"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class ImageRefused(ValueError):
    """Why one image is not imported, in one line."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    timeout: float = 20.0
    max_pixels: int = 89_478_485  # Pillow's own decompression-bomb limit


class ImageImporter:
    """Brings images into ``images`` (the content folder's ``images/``), for one source:
    ``origin`` is the feed's address or the export file. A relative address starts at the
    post's own page for a feed (``base``), beside the export for an export."""

    def __init__(self, images: Path, origin: str, limits: Limits):
        self.images = images
        self.origin = origin
        self.limits = limits
        self.written: list[Path] = []

    def bring(self, address: str, slug: str, base: str = "") -> str:
        """The image's path relative to the content folder (``images/<slug>/x.jpg``)."""
        data = self._read(address.strip(), base)
        extension = _checked_format(data, self.limits.max_pixels)
        name = _file_name(address, extension)
        folder = inside(self.images, slug)
        target = folder / name
        if target.exists() and target.read_bytes() != data:  # another image of that name
            target = folder / f"{Path(name).stem}-{hashlib.sha256(data).hexdigest()[:8]}{extension}"
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.written.append(target)
        return target.relative_to(self.images.parent).as_posix()

    def _read(self, address: str, base: str) -> bytes:
        parts = urlsplit(address)
        try:
            if is_web_url(address):
                return fetch(address, self.limits.max_bytes, self.limits.timeout)
            if parts.scheme or parts.netloc:
                raise ImageRefused("is not an http(s) address")
            if is_web_url(self.origin):
                page = base if is_web_url(base) else self.origin
                return fetch(urljoin(page, address), self.limits.max_bytes, self.limits.timeout)
            return read_file(self._beside_export(unquote(parts.path)), self.limits.max_bytes)
        except FetchError as error:
            raise ImageRefused(str(error)) from None

    def _beside_export(self, path: str) -> Path:
        folder = Path(self.origin).resolve().parent
        try:
            if path.startswith("/"):
                raise OutsideFolder(path)
            return inside(folder, path)
        except OutsideFolder:
            raise ImageRefused("is a path outside the export's folder: not read") from None


def _checked_format(data: bytes, max_pixels: int) -> str:
    """The file extension of an image Pillow reads whole, or ImageRefused."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if width * height * getattr(image, "n_frames", 1) > max_pixels:
                raise ImageRefused(f"is {width:,} x {height:,} pixels, more than the limit")
            if kind not in FORMATS:
                raise ImageRefused(f"is a {kind} image: use {', '.join(FORMATS)}")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        if isinstance(error, ImageRefused):
            raise
        raise ImageRefused("is not an image file Pillow can read") from None
    return FORMATS[kind]


def _file_name(address: str, extension: str) -> str:
    stem = Path(unquote(urlsplit(address).path)).stem
    stem = _UNSAFE.sub("-", stem).strip(".-")[:80] or "image"
    return f"{stem}{extension}"


def refusal(item: str, address: str, why: str) -> str:
    return f"item {quoted(item)}: image {quoted(address)} {why}; not imported"
