"""What the search index holds of each post and page, decided once in Python.

Only published posts and pages are marked: the theme writes ``data-pagefind-body`` and the
marks below (``partials/search_marks.html``) where ``item.search`` is set, so a draft, a hidden
post or a listing is never indexed, whatever its template shows.
"""

from __future__ import annotations

from dataclasses import dataclass

INDEXED_STATUS = "published"
# The search page's filters, in its order: (Pagefind filter, what the page calls it).
FILTER_GROUPS = (("category", "Categories"), ("tag", "Tags"), ("author", "Authors"),
                 ("series", "Series"))  # fmt: skip


@dataclass(frozen=True)
class SearchMarks:
    """What Pagefind records of one post or page beside its text."""

    date: str | None  # the date a result shows ("June 1, 2016"); None for a page without one
    timestamp: int  # sorts results by date (newest first); 0 for a page without a date
    filters: tuple[tuple[str, str], ...]  # ("category", "Career Growth"), ("tag", ...), ...


def post_filters(article) -> tuple[tuple[str, str], ...]:
    """The post's category, tags, authors and series: the search page's filters."""
    category = getattr(article, "category", None)
    found = [("category", category.name)] if category else []
    found += [("tag", tag.name) for tag in getattr(article, "tags", [])]
    found += [("author", author.name) for author in getattr(article, "authors", [])]
    part = getattr(article, "series", None)  # attached by post_series
    if part:
        found.append(("series", part.series.name))
    return tuple(found)


def search_marks(item, filters: tuple[tuple[str, str], ...] = ()) -> SearchMarks | None:
    """The marks of a published post or page; None for anything else (never indexed)."""
    if getattr(item, "status", None) != INDEXED_STATUS:
        return None
    date = getattr(item, "date", None)
    return SearchMarks(
        date=getattr(item, "locale_date", None) if date else None,
        timestamp=int(date.timestamp()) if date else 0,
        filters=filters,
    )


def mark_articles(articles) -> set[str]:
    """Attach ``search`` to every article; returns the languages of those indexed."""
    languages = set()
    for article in articles:
        article.search = search_marks(article, post_filters(article))
        if article.search:
            languages.add(article.lang.lower())
    return languages


def mark_pages(pages) -> None:
    """Pages are indexed in the site's language (the theme gives them no other)."""
    for page in pages:
        page.search = search_marks(page)
