"""Every URL shape one post answers to, reduced to one form; the index from paths to posts."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

_SCHEME_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*")
OLD_URL_FIELDS = ("old_urls", "aliases")


def normalize_path(raw: str) -> str | None:
    """``/a/b/``-form of a request target or URL; None when it is not a path at all.

    Scheme and host, query and fragment are dropped, percent-escapes decoded, ``//``, ``.``
    and ``..`` resolved, a trailing ``index.html`` removed and a trailing slash added to a
    last segment without an extension: ``/slug``, ``/slug/``, ``/slug/index.html`` and
    ``/%73lug/?utm_source=x`` all become ``/slug/``.
    """
    raw = _SCHEME_HOST.sub("", raw.strip(), count=1)
    raw = raw.split("#", 1)[0].split("?", 1)[0]
    path = unquote(raw, errors="replace")
    if not path.startswith("/"):
        return None
    trailing = path.endswith("/")
    path = posixpath.normpath(path)
    if path.startswith("//"):  # normpath keeps a leading "//"
        path = "/" + path.lstrip("/")
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    if path == "/":
        return path
    last = path.rsplit("/", 1)[1]
    if trailing or "." not in last:
        path += "/"
    return path


def old_urls(metadata: dict) -> list[str]:
    """The earlier addresses a post lists in ``Old_urls:`` or ``Aliases:`` (comma-separated)."""
    found = []
    for name in OLD_URL_FIELDS:
        value = metadata.get(name)
        if not value:
            continue
        items = value if isinstance(value, list | tuple) else str(value).split(",")
        found.extend(item.strip() for item in items if item.strip())
    return found


@dataclass
class PostIndex:
    """Finds the post (by slug) a data-file key or a requested path belongs to."""

    by_path: dict[str, str] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=set)

    def add(self, slug: str, url: str, metadata: dict) -> None:
        self.slugs.add(slug)
        for address in ["/" + url.lstrip("/"), *old_urls(metadata)]:
            path = normalize_path(address)
            if path:
                self.by_path.setdefault(path, slug)

    @classmethod
    def from_articles(cls, articles) -> PostIndex:
        index = cls()
        for article in articles:
            index.add(article.slug, article.url, article.metadata)
        return index

    def slug_for_key(self, key: str) -> str | None:
        """A data-file key: a slug, or anything with a ``/`` (a path or URL)."""
        if "/" not in key:
            return key if key in self.slugs else None
        path = normalize_path(key)
        return self.by_path.get(path) if path else None

    def slug_for_path(self, target: str) -> str | None:
        path = normalize_path(target)
        return self.by_path.get(path) if path else None
