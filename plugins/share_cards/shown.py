"""What each card shows: a post, a page, an author, the site or a plugin's own page (the events
page, an event's) turned into the job that draws its card (plain data), its alt text and the
readable start of its file's name. Nothing here draws, hashes or reads a file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import urlsplit

from pelican.contents import Article

from .jobs import Colors, DrawnCard, FittedCard


class Wanted(NamedTuple):
    """One card: the file's readable name, the job that makes it, its alt text."""

    name: str
    job: DrawnCard | FittedCard  # its target still empty
    alt: str


class Look:
    """What every card of the site shares: its name and colours (``SHARE_CARD_COLORS``).
    (Plain classes here: a dataclass costs a warm build more to define than to use.)"""

    def __init__(self, site: str, colors: Mapping[str, str]):
        self.site = site
        self.colors = colors

    def drawn(self, title: str, **details) -> DrawnCard:
        return DrawnCard(target="", title=title, site=self.site, colors=Colors(**self.colors),
                         **details)  # fmt: skip


def content_card(content, look: Look) -> Wanted:
    """A post's or page's: its cover fitted when it has one (responsive_images attached it);
    else its title, and for a post its authors, the first one's portrait and the date."""
    cover = getattr(content, "cover_image", None)
    if cover is not None and getattr(cover, "file", None):
        job = FittedCard(target="", cover=str(cover.file), background=look.colors["background"])
        return Wanted(content.slug, job, cover.alt)
    if not isinstance(content, Article):  # a page: its title alone
        return Wanted(content.slug, look.drawn(content.title), alt_text(content.title, ""))
    authors = list(getattr(content, "authors", []))
    names = ", ".join(author.name for author in authors)
    portrait = next((portrait_of(a) for a in authors if portrait_of(a)), "")
    job = look.drawn(content.title, name=names, detail=content.locale_date, portrait=portrait)
    return Wanted(content.slug, job, alt_text(content.title, names))


def author_card(author, look: Look) -> Wanted:
    job = look.drawn(
        author.name, kicker="Author", detail=str(getattr(author, "role", "") or ""),
        portrait=portrait_of(author),
    )  # fmt: skip
    return Wanted(f"author-{author.slug}", job, alt_text(author.name, "", "Author"))


def site_card(settings: Mapping, look: Look) -> Wanted:
    """The home page's: the subtitle (or the name) and the site's host."""
    title = settings.get("SITESUBTITLE") or settings.get("SITENAME", "")
    host = urlsplit(settings.get("SITEURL", "")).hostname or ""
    return Wanted("site", look.drawn(title, detail=host), alt_text(title, ""))


def own_page_card(facts, look: Look) -> Wanted:
    """A plugin's page that says what its card shows (``blogkit.pages.CardFacts``: the events
    page, an event's page): its own image fitted when it has one made, else drawn from its
    title, date and place."""
    image = facts.image
    if image is not None and getattr(image, "file", ""):
        job = FittedCard(target="", cover=str(image.file), background=look.colors["background"])
        return Wanted(facts.name, job, facts.alt)
    job = look.drawn(facts.title, kicker=facts.kicker, name=facts.line, detail=facts.detail)
    return Wanted(facts.name, job, facts.alt)


def alt_text(title: str, byline: str, kicker: str = "") -> str:
    parts = [f"{kicker}: {title}" if kicker else title]
    if byline:
        parts.append(f"by {byline}" if not kicker else byline)
    return ", ".join(parts)


def portrait_of(author) -> str:
    """The author's portrait as responsive_images made it (author_profiles asked for it)."""
    photo = getattr(author, "photo", None)
    return str(photo.file) if photo is not None and photo.file else ""
