"""blog_core's head presenter on its own: what each kind of page's head says, and in what order.

Built pages are read back in test_site_pages.py and test_share_cards.py; here the presenter is
given plain objects, so each choice it makes (what falls back to the site's, the order of the
feeds, which page says noindex) is checked without a build.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from blog_core.head import FeedLink, Heads, PostFacts, home_head, period_head
from blog_core.listings import TERM_WORDS, term_listing
from blogkit.pages import OWN_PAGES, OwnPage

SITEURL = "https://blog.example.org"
SETTINGS = {
    "SITEURL": SITEURL,
    "SITENAME": "Site",
    "DEFAULT_LANG": "en-GB",
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "ARCHIVES_URL": "archives/",
    "CATEGORIES_URL": "categories/",
    "TAGS_URL": "tags/",
    "AUTHORS_URL": "authors/",
}
SITE_CARD = SimpleNamespace(url=f"{SITEURL}/cards/site.png", alt="Site")
EVENTS_CARD = SimpleNamespace(url=f"{SITEURL}/cards/events.png", alt="Next event")
CONTEXT = {
    "SITE_SHARE_IMAGE": SITE_CARD,
    "OWN_PAGE_CARDS": {"events": EVENTS_CARD},
    "EVENTS_CALENDAR_URL": "events.ics",
    OWN_PAGES: {
        "events": OwnPage("Events", "events/", "Networking events."),
        "search": OwnPage("Search", "search/", "Search Site."),
    },
}
SITE_FEEDS = (
    FeedLink("application/atom+xml", "Site (Atom)", f"{SITEURL}/feeds/all.atom.xml"),
    FeedLink("application/rss+xml", "Site (RSS)", f"{SITEURL}/feeds/all.rss.xml"),
)
CALENDAR = FeedLink("text/calendar", "Site events (iCalendar)", f"{SITEURL}/events.ics")
NEW_YORK = timezone(timedelta(hours=-4))


def heads(context: dict = CONTEXT, **settings) -> Heads:
    return Heads({**SETTINGS, **settings}, context, "The site in a sentence.")


def post(**details) -> SimpleNamespace:
    values = dict(
        title="A <Post>", url="a-post/", meta_description="Its summary.", robots=None,
        date=datetime(2024, 4, 1, 9, 0, tzinfo=NEW_YORK),
        authors=[SimpleNamespace(url="author/dana/", slug="dana")],
        tags=[SimpleNamespace(name="career")],
    )  # fmt: skip
    return SimpleNamespace(**{**values, **details})


def test_the_home_page_is_the_site_s_own_head():
    head = heads().site()
    assert (head.title, head.og_title, head.url) == ("Site", "Site", f"{SITEURL}/")
    assert (head.description, head.image, head.og_type) == ("The site in a sentence.", SITE_CARD,
                                                            "website")  # fmt: skip
    assert head.locale == "en_GB"
    assert head.feeds == (*SITE_FEEDS, CALENDAR)
    assert head.post is None and head.robots is None


def test_a_post_says_what_it_is_and_its_comments_feed_comes_last():
    article = post(
        share_image=SimpleNamespace(url="card.png"),
        modified=datetime(2024, 5, 2, 9, 15, tzinfo=NEW_YORK),
        comment_feed_url="feeds/comments/a-post.atom.xml",
    )
    made = heads()
    head = made.post(article, made.addresses.of(article))
    assert head.title == "A <Post> · Site"  # escaped where the template prints it
    assert (head.og_title, head.og_type, head.url) == ("A <Post>", "article", f"{SITEURL}/a-post/")
    assert (head.description, head.image.url) == ("Its summary.", "card.png")
    comments = FeedLink(
        "application/atom+xml",
        "Comments on A <Post> (Atom)",
        f"{SITEURL}/feeds/comments/a-post.atom.xml",
    )
    assert head.feeds == (*SITE_FEEDS, CALENDAR, comments)
    assert head.post == PostFacts(
        published="2024-04-01T09:00:00-04:00",
        modified="2024-05-02T09:15:00-04:00",
        authors=(f"{SITEURL}/author/dana/",),
        tags=("career",),
    )


def test_a_draft_says_noindex_and_a_post_without_a_card_shows_the_site_s():
    made, draft = heads(), post(robots="noindex")
    head = made.post(draft, made.addresses.of(draft))
    assert head.robots == "noindex"
    assert head.image is SITE_CARD
    assert head.post.modified is None


def test_a_page_and_an_author_page():
    page = SimpleNamespace(title="About", url="about/", meta_description="About us.")
    head = heads().page(page)
    assert (head.title, head.og_title, head.og_type) == ("About · Site", "About", "website")
    assert head.post is None and head.robots is None
    author = SimpleNamespace(name="Dana", url="author/dana/", slug="dana")
    head = heads().author(author)
    assert (head.title, head.og_title, head.og_type) == ("Dana · Site", "Dana", "profile")
    assert head.description == "Posts by Dana on Site."


def test_a_term_page_lists_its_own_feeds_between_the_site_s_and_the_calendar():
    tag = SimpleNamespace(
        name="career", url="tag/career/",
        atom_feed_url="feeds/tag/career.atom.xml", rss_feed_url=None,
    )  # fmt: skip
    tag.listing = term_listing(tag, TERM_WORDS["tags"])
    head = heads().term(tag)
    assert (tag.listing.heading, tag.listing.feed_name) == ("Tag: career", "#career")
    assert (head.title, head.og_title) == ("Tag: career · Site", "Tag: career · Site")
    assert head.description == "Posts tagged career on Site."
    own = FeedLink("application/atom+xml", "career (Atom)", f"{SITEURL}/feeds/tag/career.atom.xml")
    assert head.feeds == (*SITE_FEEDS, own, CALENDAR)


def test_pages_with_one_head_per_site_include_the_plugins_own():
    found = heads().one_per_site(CONTEXT)
    assert {name: head.title for name, head in found.items()} == {
        "archives": "Archives · Site",
        "categories": "Categories · Site",
        "tags": "Tags · Site",
        "authors": "Authors · Site",
        "not_found": "Page not found · Site",
        "events": "Events · Site",
        "search": "Search · Site",
    }
    assert found["archives"].url == f"{SITEURL}/archives/"
    assert found["not_found"].url == f"{SITEURL}/"
    assert (found["events"].description, found["events"].image) == ("Networking events.",
                                                                    EVENTS_CARD)  # fmt: skip
    assert found["search"].image is SITE_CARD


def test_later_home_pages_and_period_archives_start_from_the_site_s_head():
    site = heads().site()
    assert home_head(SimpleNamespace(number=1), site) is site
    second = home_head(SimpleNamespace(number=2), site)
    assert (second.title, second.og_title) == ("Site · Page 2", "Site · Page 2")
    assert second.url == site.url and second.feeds == site.feeds
    month = period_head((2024, "April"), site)
    assert (month.title, month.og_title) == ("Archives: April 2024 · Site",) * 2


def test_without_feeds_calendar_or_cards_a_head_has_none():
    bare = heads({}, FEED_ALL_ATOM=None, FEED_ALL_RSS=None, SITEURL="")
    article = post()
    head = bare.post(article, bare.addresses.of(article))
    assert head.feeds == () and head.image is None
    assert head.url == "/a-post/"
    assert bare.one_per_site({}).keys() == {"archives", "categories", "tags", "authors",
                                             "not_found"}  # fmt: skip
