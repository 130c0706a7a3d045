"""What the theme shows of each post and page, attached once every plugin has added its data.

Templates only show these values: every choice (is there a count, was the post updated, is
it a draft) is made here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from blogkit.html_tags import plain_text

# Share links are made for every post on every build, mostly as the build before made them.
LINKS_KEPT = 4096
COPYING = "copy"  # the service whose link the page's script copies instead of following


@dataclass(frozen=True)
class ShareLink:
    """One link under a post that shares it; plain links, so sharing works without JavaScript."""

    label: str
    href: str
    rel: str | None = None  # "noopener" on links to another site
    copies: bool = False  # "Copy link": the page's script copies href instead of following it


@lru_cache(maxsize=LINKS_KEPT)
def share_links(url: str, title: str, services: tuple[str, ...]) -> tuple[ShareLink, ...]:
    """The links ``SHARE_LINKS`` names (checked: settings.SHARE_SERVICES), in its order."""
    encoded = quote(url)
    known = {
        "linkedin": ShareLink(
            "LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}",
            rel="noopener",
        ),
        "email": ShareLink("Email", f"mailto:?subject={quote(title)}&body={encoded}"),
        COPYING: ShareLink("Copy link", url, copies=True),
    }
    return tuple(known[service] for service in services)


def shown_update(post):
    """The "Updated" date: a ``Modified`` date that differs from the publication date."""
    modified = getattr(post, "modified", None)
    return modified if modified and modified != post.date else None


def meta_description(item, site_description: str) -> str:
    """The page's meta description: its summary as text, or the site's when it has none."""
    return plain_text(getattr(item, "summary", "")) or site_description


def attach_to_post(article, options: dict) -> None:
    """Everything the post's page, its card and the sitemap show of the article but what
    needs its address (``options``: blog_core's checked settings)."""
    article.meta_description = meta_description(article, options["SITEDESCRIPTION"])
    article.robots = "noindex" if article.status == "draft" else None
    article.updated = shown_update(article)
    article.lastmod = getattr(article, "modified", None) or article.date
    article.copies_link = COPYING in options["SHARE_LINKS"]


def attach_term_feeds(article, settings: dict) -> None:
    """The feeds of the post's category and tags (None when off), for the pages that link them."""
    category = getattr(article, "category", None)
    if category:
        set_feeds(category, settings.get("CATEGORY_FEED_ATOM"), settings.get("CATEGORY_FEED_RSS"))
    for tag in getattr(article, "tags", []):
        set_feeds(tag, settings.get("TAG_FEED_ATOM"), settings.get("TAG_FEED_RSS"))


def set_feeds(term, atom: str | None, rss: str | None) -> None:
    term.atom_feed_url = atom.format(slug=term.slug) if atom else None
    term.rss_feed_url = rss.format(slug=term.slug) if rss else None
