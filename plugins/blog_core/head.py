"""Every page's ``<head>``, composed in one place: ``partials/head_meta.html`` prints a PageHead.

What a head says (title, description, canonical address, Open Graph type and title, share
card, robots, feeds, a post's dates, authors and tags) is decided here for every page the
theme writes. Posts, pages, authors, categories and tags carry theirs (``head``); the home
page's is ``SITE_HEAD`` in the context, and the pages with one head per site (the indexes, the
404 page, the plugins' own pages) are in ``PAGE_HEADS``. Pelican hands a home page's number
and a period archive's period to the template only as it renders them, so those heads come
from the filters ``home_head`` and ``period_head``, which start from ``SITE_HEAD``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from blogkit import lazy
from blogkit.pages import OWN_PAGE_CARDS, OWN_PAGES, SITE_CARD

from .listings import period_name
from .structured_data import Addresses, absolute_url

ATOM, RSS, CALENDAR = "application/atom+xml", "application/rss+xml", "text/calendar"
# The index pages: their name, and the setting that holds their address.
INDEXES = {
    "archives": ("Archives", "ARCHIVES_URL"),
    "categories": ("Categories", "CATEGORIES_URL"),
    "tags": ("Tags", "TAGS_URL"),
    "authors": ("Authors", "AUTHORS_URL"),
}


@dataclass(frozen=True)
class FeedLink:
    """A ``<link rel="alternate">``: a feed or a calendar a reader can follow from the page."""

    type: str
    title: str
    href: str


@dataclass(frozen=True)
class PostFacts:
    """The ``article:*`` properties of a post's page."""

    published: str  # ISO 8601
    modified: str | None
    authors: tuple[str, ...]  # the addresses of their author pages
    tags: tuple[str, ...]


@dataclass(frozen=True)
class PageHead:
    """What one page's ``<head>`` says, ready to print."""

    site_name: str
    locale: str  # og:locale
    title: str  # <title>
    og_title: str  # the page's own name: og:site_name says the site's
    description: str
    url: str  # canonical and og:url
    og_type: str = "website"
    image: object = None  # share_cards' ShareImage (url, width, height, type, alt), or None
    robots: str | None = None
    feeds: tuple[FeedLink, ...] = ()
    post: PostFacts | None = None


def titled(name: str, site_name: str) -> str:
    """A page's ``<title>``: its own name, then the site's."""
    return f"{name} · {site_name}"


def retitled(head: PageHead, title: str) -> PageHead:
    return replace(head, title=title, og_title=title)


def home_head(articles_page, site_head: PageHead) -> PageHead:
    """The home page's head; a later page of the listing says its number in the title."""
    number = articles_page.number
    if number == 1:
        return site_head
    return retitled(site_head, f"{site_head.site_name} · Page {number}")


def period_head(period: tuple, site_head: PageHead) -> PageHead:
    """A period archive's head: "Archives: April 2024" in the title, the rest the site's."""
    return retitled(site_head, titled(f"Archives: {period_name(period)}", site_head.site_name))


HEAD_FILTERS = {"home_head": home_head, "period_head": period_head}


class Heads:
    """Composes the head of every page of one build; what a page lacks is the site's."""

    def __init__(self, settings: dict, context: dict, description: str):
        self.settings = settings
        self.addresses = Addresses(settings)
        self.site_name = settings.get("SITENAME", "")
        self.description = description
        self.locale = settings.get("DEFAULT_LANG", "en").replace("-", "_")
        self.image = context.get(SITE_CARD)
        self.site_feeds = self.feeds(
            self.site_name, settings.get("FEED_ALL_ATOM"), settings.get("FEED_ALL_RSS")
        )
        calendar = context.get("EVENTS_CALENDAR_URL")  # left there by event_listing
        title = f"{self.site_name} events (iCalendar)"
        self.calendars = (FeedLink(CALENDAR, title, self.address(calendar)),) if calendar else ()

    def address(self, url: str) -> str:
        return absolute_url(self.settings, url)

    def titled(self, name: str) -> str:
        return titled(name, self.site_name)

    def feeds(self, name: str, atom: str | None, rss: str | None) -> tuple[FeedLink, ...]:
        """The Atom and RSS feeds of what ``name`` says, those that are on (have a path)."""
        kinds = ((ATOM, "Atom", atom), (RSS, "RSS", rss))
        return tuple(
            FeedLink(kind, f"{name} ({label})", self.address(path))
            for kind, label, path in kinds
            if path
        )

    def head(self, title: str, url: str = "", *, og_title: str = "", description: str = "",
             image=None, og_type: str = "website", robots: str | None = None,
             listing_feeds: tuple = (), comment_feeds: tuple = (),
             post: PostFacts | None = None, address: str = "") -> PageHead:  # fmt: skip
        """A page's head from what it has of its own (its ``url``, or its absolute ``address``
        when the caller has it). Its feeds: the site's, a listing's own, the events' calendar,
        then a post's comments."""
        return PageHead(
            site_name=self.site_name,
            locale=self.locale,
            title=title,
            og_title=og_title or title,
            description=description or self.description,
            url=address or self.address(url),
            og_type=og_type,
            image=lazy.either(image, self.image),
            robots=robots,
            feeds=(*self.site_feeds, *listing_feeds, *self.calendars, *comment_feeds),
            post=post,
        )

    def site(self) -> PageHead:
        """The home page's head: its later pages and the period archives start from it."""
        return self.head(self.site_name)

    def post(self, article, address: str) -> PageHead:
        """A post's (drafts and hidden posts too), at ``address``: its summary, its card,
        robots, its facts."""
        modified = getattr(article, "modified", None)
        facts = PostFacts(
            published=article.date.isoformat(),
            modified=modified.isoformat() if modified else None,
            authors=tuple(map(self.addresses.author, getattr(article, "authors", []))),
            tags=tuple(tag.name for tag in getattr(article, "tags", [])),
        )
        comments = getattr(article, "comment_feed_url", None)  # comment_threads'
        return self.named(
            article.title,
            article,
            article.meta_description,
            og_type="article",
            robots=article.robots,
            comment_feeds=self.feeds(f"Comments on {article.title}", comments, None),
            post=facts,
            address=address,
        )

    def page(self, page) -> PageHead:
        return self.named(page.title, page, page.meta_description)

    def author(self, author) -> PageHead:
        """An author's page: a profile, with the author's own feeds."""
        description = f"Posts by {author.name} on {self.site_name}."
        address = self.addresses.author(author)
        atom, rss = getattr(author, "atom_feed_url", None), getattr(author, "rss_feed_url", None)
        feeds = self.feeds(author.name, atom, rss)
        return self.named(author.name, author, description, og_type="profile", address=address,
                          listing_feeds=feeds)  # fmt: skip

    def named(self, name: str, item, description: str, **details) -> PageHead:
        """The head of a post, a page or an author: its name, its address, its own card."""
        if "address" not in details:  # a post's was worked out once, with its other presenters
            details["address"] = self.addresses.of(item)
        return self.head(
            self.titled(name),
            og_title=name,
            description=description,
            image=getattr(item, "share_image", None),
            **details,
        )

    def term(self, term) -> PageHead:
        """A category's or tag's page (its ``listing`` attached first), with the term's feeds."""
        listing = term.listing
        return self.head(
            self.titled(listing.heading),
            term.url,
            description=f"{listing.description} on {self.site_name}.",
            listing_feeds=self.feeds(term.name, term.atom_feed_url, term.rss_feed_url),
        )

    def one_per_site(self, context: dict) -> dict[str, PageHead]:
        """The indexes, the 404 page and the plugins' own pages (``OWN_PAGES``), by name."""
        heads = {
            name: self.head(self.titled(title), self.settings.get(url_setting, ""))
            for name, (title, url_setting) in INDEXES.items()
        }
        heads["not_found"] = self.head(self.titled("Page not found"))
        cards = context.get(OWN_PAGE_CARDS, {})  # share_cards'
        for name, page in context.get(OWN_PAGES, {}).items():
            heads[name] = self.head(
                self.titled(page.title), page.url, og_title=page.og_title,
                description=page.description, image=cards.get(name),
            )  # fmt: skip
        return heads
