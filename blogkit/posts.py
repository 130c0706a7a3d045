"""The site's posts as tasks see them (read with Pelican's readers), and the index from URLs.

Importing comments or view counts must find the post a link, a log line or a data-file key
belongs to, by the post's address or any earlier one it lists (``Old_urls:``/``Aliases:``).
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from pelican.contents import Article
from pelican.readers import Readers
from pelican.utils import posixize_path

_SCHEME_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*")
OLD_URL_FIELDS = ("old_urls", "aliases")
COUNTED_STATUSES = ("published", "hidden")  # drafts live under /drafts/ and are never shared


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


def last_segment(link: str) -> str:
    """``https://old.example/2019/03/my-post/`` or ``.../my-post.html`` -> ``my-post``."""
    segments = [segment for segment in urlsplit(link.strip()).path.split("/") if segment]
    return re.sub(r"\.html?$", "", segments[-1]) if segments else ""


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
    """Finds the post (by slug) a data-file key, a link or a requested path belongs to."""

    by_path: dict[str, str] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=set)
    # Posts whose addresses are not in ``by_path`` yet: a build's view counts are mostly
    # keyed by slug, and each post's URL is worked out anew (thousands a build).
    unaddressed: list = field(default_factory=list)

    def add(self, slug: str, url: str, metadata: dict) -> None:
        self.slugs.add(slug)
        for address in ["/" + url.lstrip("/"), *old_urls(metadata)]:
            path = normalize_path(address)
            if path:
                self.by_path.setdefault(path, slug)

    @classmethod
    def from_articles(cls, articles) -> PostIndex:
        """The posts' slugs; their addresses once an address is looked up."""
        articles = list(articles)
        return cls(slugs={article.slug for article in articles}, unaddressed=articles)

    def addressed(self) -> dict[str, str]:
        """``by_path``, every post's addresses in it."""
        articles, self.unaddressed = self.unaddressed, []
        for article in articles:
            self.add(article.slug, article.url, article.metadata)
        return self.by_path

    def slug_for_key(self, key: str) -> str | None:
        """A data-file key: a slug, or anything with a ``/`` (a path or URL)."""
        if "/" not in key:
            return key if key in self.slugs else None
        return self.slug_for_path(key)

    def slug_for_path(self, target: str) -> str | None:
        path = normalize_path(target)
        return self.addressed().get(path) if path else None

    def slug_for_link(self, link: str) -> str:
        """The post a link from elsewhere names: by its address, else its last segment."""
        return self.slug_for_path(link) or last_segment(link)


def read_posts(settings: dict) -> list:
    """Every post under ARTICLE_PATHS, read with Pelican's readers: slugs and URLs are its own.

    A post that cannot be read is left out: the build reports it, a task has no use for it.
    """
    readers = Readers(settings)
    base = settings["PATH"]
    excluded = set(settings.get("ARTICLE_EXCLUDES", []))
    posts = []
    for folder in settings.get("ARTICLE_PATHS", [""]):
        for root, dirs, files in os.walk(os.path.join(base, folder)):
            dirs[:] = sorted(d for d in dirs if d not in excluded)
            for name in sorted(files):
                if name.rsplit(".", 1)[-1] not in readers.extensions:
                    continue
                relative = posixize_path(os.path.relpath(os.path.join(root, name), base))
                try:
                    post = readers.read_file(base, relative, content_class=Article, context={})
                except Exception:  # a broken post: the build reports it
                    continue
                posts.append(post)
    return posts


def post_index(settings: dict) -> PostIndex:
    """Published and hidden posts: the ones readers can reach, count and comment on, every
    address in ``by_path``."""
    index = PostIndex.from_articles(
        post for post in read_posts(settings) if post.status in COUNTED_STATUSES
    )
    index.addressed()
    return index
