"""One build's share cards: what each page's card shows, drawn once, attached, written out.

When the static files are known (``static_generator_finalized``, after responsive_images
has filled in covers and portraits), every post, page, author page, the home page and the
events page gets a card: its cover fitted to 1200 x 627 when it has one, otherwise one
drawn from its text. A card's file is named by the hash of everything drawn on it, so a
card already in the asset cache is not drawn again; the rest are drawn on every CPU.
Each page then carries ``share_image`` (a :class:`ShareImage`) for ``head_meta.html``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

import PIL
from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from blogkit import lazy
from blogkit.content import all_articles, all_pages
from blogkit.problems import report, warn
from blogkit.processes import run_all

from . import linkedin
from .jobs import HEIGHT, WIDTH, Colors, DrawnCard, FittedCard, Outcome, fonts_digest
from .settings import card_settings

drawing = lazy.module("share_cards.drawing")  # Pillow's drawing and fontTools: to draw only

logger = logging.getLogger(__name__)

# Part of every card's key: raise it when the drawing changes what a card shows.
DRAWING_VERSION = 1
FILES = "SHARE_CARD_FILES"  # the context key of the cards' files (blogkit.outputs)
SITE_CARD = "SITE_SHARE_IMAGE"  # the home page's card, and every page's without its own
EVENTS_CARD = "EVENTS_SHARE_IMAGE"


@dataclass(frozen=True)
class ShareImage:
    """What ``head_meta.html`` says of a page's card (Open Graph and Twitter tags)."""

    url: str  # absolute with the site's address
    width: int
    height: int
    type: str
    alt: str


@dataclass
class Wanted:
    """One card: the file's readable name, the job that makes it, its alt text."""

    name: str
    job: object  # drawing.DrawnCard or FittedCard, its target still empty
    alt: str
    share_image: ShareImage | None = None


class CardsOfTheBuild:
    """The cards of the build running in this process."""

    def __init__(self):
        self.generators: list = []

    def start(self, build) -> None:
        """As each build starts (a process may run several: blogkit.lifecycle)."""
        self.__init__()
        self.workers = build.workers
        self.settings = build.settings
        self.options = card_settings(self.settings)
        self.siteurl = self.settings.get("SITEURL", "")
        self.folder = Path(self.options["ASSET_CACHE_PATH"]).resolve() / "cards"

    def remember(self, generator) -> None:
        """Posts and pages, and LinkedIn's limits checked on what their authors wrote."""
        self.generators.append(generator)
        contents = self.contents_of(generator)
        for content in contents:
            linkedin.warn_if_cut(
                content, self.options["SHARE_TITLE_LIMIT"], self.options["SHARE_SUMMARY_LIMIT"]
            )

    def contents_of(self, generator) -> list:
        if isinstance(generator, ArticlesGenerator):
            return all_articles(generator)
        return all_pages(generator)

    def process(self, static_generator) -> None:
        """Every page's card, drawn where the cache lacks it, attached to its page."""
        if not self.options["SHARE_CARDS"]:
            return
        context = static_generator.context
        wanted = self.wanted(context)
        self.draw([card for card, _ in wanted])
        files = {}
        for card, attach in wanted:
            if card.share_image is not None:
                attach(card.share_image)
                files[self.output_path(card)] = Path(card.job.target)
        context[FILES] = files

    # --- what each card shows -----------------------------------------------------------

    def wanted(self, context: dict) -> list[tuple[Wanted, object]]:
        """Each card with the function that attaches it where the page's template finds it."""
        found = []
        for generator in self.generators:
            for content in self.contents_of(generator):
                card = self.content_card(content)
                found.append((card, lambda image, c=content: setattr(c, "share_image", image)))
        for author, _posts in context.get("authors", []):
            found.append((self.author_card(author), self.attacher_for_author(author)))
        found.append((self.site_card(), lambda image: context.__setitem__(SITE_CARD, image)))
        if "EVENTS_URL" in context:  # event_listing is on
            card = self.events_card(context.get("upcoming_events") or [])
            found.append((card, lambda image: context.__setitem__(EVENTS_CARD, image)))
        return found

    def attacher_for_author(self, author):
        """Pelican makes one Author object per post naming them: the card goes on every one."""
        same = [a for g in self.generators for c in self.contents_of(g)
                for a in getattr(c, "authors", []) if a == author]  # fmt: skip

        def attach(image: ShareImage) -> None:
            for each in [author, *same]:
                each.share_image = image

        return attach

    def drawn(self, title: str, **details) -> object:
        return DrawnCard(
            target="", title=title, site=self.settings.get("SITENAME", ""),
            colors=Colors(**self.options["SHARE_CARD_COLORS"]), **details,
        )  # fmt: skip

    def content_card(self, content) -> Wanted:
        cover = getattr(content, "cover_image", None)  # attached by responsive_images
        if cover is not None and getattr(cover, "file", None):
            background = self.options["SHARE_CARD_COLORS"]["background"]
            job = FittedCard(target="", cover=str(cover.file), background=background)
            return Wanted(content.slug, job, cover.alt)
        if not isinstance(content, Article):  # a page: its title alone
            return Wanted(content.slug, self.drawn(content.title), self.alt(content.title, ""))
        authors = list(getattr(content, "authors", []))
        names = ", ".join(author.name for author in authors)
        portrait = next((portrait_of(a) for a in authors if portrait_of(a)), "")
        job = self.drawn(content.title, name=names, detail=content.locale_date, portrait=portrait)
        return Wanted(content.slug, job, self.alt(content.title, names))

    def author_card(self, author) -> Wanted:
        job = self.drawn(
            author.name, kicker="Author", detail=str(getattr(author, "role", "") or ""),
            portrait=portrait_of(author),
        )  # fmt: skip
        return Wanted(f"author-{author.slug}", job, self.alt(author.name, "", "Author"))

    def site_card(self) -> Wanted:
        sitename = self.settings.get("SITENAME", "")
        title = self.settings.get("SITESUBTITLE") or sitename
        host = urlsplit(self.siteurl).hostname or ""
        return Wanted("site", self.drawn(title, detail=host), self.alt(title, ""))

    def events_card(self, upcoming: list) -> Wanted:
        """The next event's title, date and place (event_listing's cards, read as data)."""
        if not upcoming:
            return Wanted("events", self.drawn("Events"), self.alt("Events", ""))
        card = upcoming[0]
        title = card.event.title
        job = self.drawn(title, kicker="Next event", name=card.when,
                         detail=card.event.location or "")  # fmt: skip
        return Wanted("events", job, self.alt(title, card.when, "Next event"))

    def alt(self, title: str, byline: str, kicker: str = "") -> str:
        parts = [f"{kicker}: {title}" if kicker else title]
        if byline:
            parts.append(f"by {byline}" if not kicker else byline)
        return ", ".join(parts)

    # --- drawing and the cache ----------------------------------------------------------

    def draw(self, cards: list[Wanted]) -> None:
        """Name each card by its key; draw those the cache lacks, on every CPU."""
        for card in cards:
            key = card_key(card.job)
            extension = "jpg" if isinstance(card.job, FittedCard) else "png"
            target = self.folder / key[:2] / f"{key}.{extension}"
            card.job = replace(card.job, target=str(target))
        todo = {card.job.target: card.job for card in cards if not Path(card.job.target).is_file()}
        made = dict(zip(todo, self.drawn_cards(list(todo.values())), strict=True))
        for card in cards:
            outcome = made.get(card.job.target, Outcome())
            if outcome.missing:
                warn("", f"share card {card.name!r}: no bundled font has {outcome.missing!r}; "
                         "the card leaves them out")  # fmt: skip
            if outcome.problem:
                report("", f"share card {card.name!r} {outcome.problem}")
                continue
            card.share_image = self.share_image(card)

    def drawn_cards(self, jobs: list) -> list[Outcome]:
        """Each job's outcome; Pillow's drawing and the fonts load only when there are jobs."""
        if not jobs:
            return []
        started = time.perf_counter()
        drawing.prepare()
        crashed = Outcome(problem="could not be drawn: its process stopped")
        outcomes = run_all(drawing.make, jobs, self.workers, crashed)
        seconds = time.perf_counter() - started
        logger.info("share_cards: drew %d card(s) in %.2f s", len(jobs), seconds)
        return outcomes

    def share_image(self, card: Wanted) -> ShareImage:
        fitted = isinstance(card.job, FittedCard)
        path = self.output_path(card)
        return ShareImage(
            url=f"{self.siteurl}/{quote(path)}",
            width=WIDTH,
            height=HEIGHT,
            type="image/jpeg" if fitted else "image/png",
            alt=card.alt,
        )

    def output_path(self, card: Wanted) -> str:
        """``cards/<slug>-<key>.png``: a changed card is a new address, fetched anew."""
        key, extension = os.path.basename(card.job.target).split(".")
        return f"{self.options['SHARE_CARDS_PATH']}/{card.name}-{key[:12]}.{extension}"


def portrait_of(author) -> str:
    """The author's portrait as responsive_images made it (author_profiles asked for it)."""
    photo = getattr(author, "photo", None)
    return str(photo.file) if photo is not None and photo.file else ""


def identity(path: str) -> str:
    """A cached image's content key and name (its folder is named by the key): the same on
    every machine, where the absolute path is not."""
    return f"{Path(path).parent.name}/{Path(path).name}" if path else ""


def card_key(job) -> str:
    """The hash of everything drawn: the job (images by content), fonts, code and Pillow."""
    fields = asdict(job)
    for name in ("portrait", "cover"):
        if name in fields:
            fields[name] = identity(fields[name])
    recipe = [DRAWING_VERSION, PIL.__version__, type(job).__name__, fields, fonts_digest()]
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:32]


cards_of_the_build = CardsOfTheBuild()
