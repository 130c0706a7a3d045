"""What the theme shows on pages that list posts: archives by year, the home page, term pages
and indexes.

Pelican hands some of these pages their posts one page at a time (``dates``, ``period``,
``articles_page``), so those presenters are Jinja filters; the rest are context entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from operator import attrgetter

from blogkit.labels import count_label


@dataclass(frozen=True)
class YearGroup:
    """One year of an archive page: its heading, the link to that year's archive, its posts."""

    year: int
    url: str
    posts: list


def year_groups(dates: list, year_url: str) -> list[YearGroup]:
    """Posts by year, the newest year first and the newest post first within each year."""
    by_year: dict[int, list] = {}
    for post in dates:
        by_year.setdefault(post.date.year, []).append(post)
    return [
        YearGroup(
            year,
            year_url.format(date=by_year[year][0].date),
            sorted(by_year[year], key=attrgetter("date"), reverse=True),
        )
        for year in sorted(by_year, reverse=True)
    ]


def period_name(period: tuple) -> str:
    """``(2024, "April")`` as "April 2024": the name of a period archive."""
    return " ".join(str(part) for part in reversed(period))


@dataclass(frozen=True)
class HomePage:
    """The heading of one page of the home listing (its head: head.home_head)."""

    heading: str
    first: bool  # the home page proper, where the upcoming events are shown


def home_page(articles_page) -> HomePage:
    """Page 1 is the site's home; later pages say which page they are."""
    number = articles_page.number
    if number == 1:
        return HomePage("Latest posts", first=True)
    return HomePage(f"Posts, page {number}", first=False)


def page_position(articles_page) -> str | None:
    """ "Page 2 of 3" under a listing that has more than one page; None when it has one."""
    pages = articles_page.paginator.num_pages
    return f"Page {articles_page.number} of {pages}" if pages > 1 else None


def listing_filters(settings: dict) -> dict:
    """The presenters above that Pelican's per-page values go through, as Jinja filters."""
    return {
        "year_groups": partial(year_groups, year_url=settings.get("YEAR_ARCHIVE_URL", "")),
        "period_name": period_name,
        "home_page": home_page,
        "page_position": page_position,
    }


@dataclass(frozen=True)
class IndexedTerm:
    """A category, tag or author on its index page, with how many posts it has."""

    term: object
    posts: str  # "3 posts"


def term_index(terms: list) -> list[IndexedTerm]:
    return [IndexedTerm(term, count_label(len(posts), "post")) for term, posts in terms]


def term_indexes(context: dict) -> dict:
    """The categories, tags (by name, as readers look them up) and authors index pages."""
    tags = sorted(context.get("tags", []), key=lambda pair: pair[0].name.lower())
    return {
        "category_index": term_index(context.get("categories", [])),
        "tag_index": term_index(tags),
        "author_index": term_index(context.get("authors", [])),
    }


@dataclass(frozen=True)
class TermListing:
    """What a category's or tag's page says of its term: its heading, the name its feed link
    gives it, and the description its head starts from."""

    heading: str
    feed_name: str
    description: str


# The words of each kind of term page ({name}: the term's); they share term_listing.html.
TERM_WORDS = {
    "categories": TermListing("Category: {name}", "{name}", "Posts in the category {name}"),
    "tags": TermListing("Tag: {name}", "#{name}", "Posts tagged {name}"),
}


def term_listing(term, words: TermListing) -> TermListing:
    return TermListing(
        words.heading.format(name=term.name),
        words.feed_name.format(name=term.name),
        words.description.format(name=term.name),
    )
