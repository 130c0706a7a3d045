"""One build's share cards: what each page's card shows, drawn once, attached, written out.

When the static files are known (``static_generator_finalized``, after responsive_images
has filled in covers and portraits), every post, page, author page, the home page, the
events page and each plugin page that says what its card shows (``OwnPage.card``: an event's)
gets a card: ``shown`` says what it shows, ``making`` finds it in the asset cache
or draws it. Each page then carries ``share_image`` (a :class:`ShareImage`) for
``head_meta.html``.

A staged build (the dev server's) does all that after the reload: each page carries its card
as a ``lazy.Deferred``, found (or drawn) alone if a page is written before, and LinkedIn's
limits are checked then too, so that a save does not look up 1,000 cards before its page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from pelican.generators import ArticlesGenerator

from blogkit import lazy, lifecycle
from blogkit.asset_cache import AssetCache
from blogkit.content import all_articles, all_pages
from blogkit.pages import OWN_PAGE_CARDS, OWN_PAGES, SITE_CARD

from . import linkedin
from .jobs import HEIGHT, WIDTH
from .making import CardMaker, Made
from .settings import card_settings
from .shown import (
    Look,
    Wanted,
    author_card,
    content_card,
    own_page_card,
    site_card,
)

FILES = "SHARE_CARD_FILES"  # the context key of the cards' files (blogkit.outputs)


@dataclass(frozen=True)
class ShareImage:
    """What ``head_meta.html`` says of a page's card (Open Graph and Twitter tags)."""

    url: str  # absolute with the site's address
    width: int
    height: int
    type: str
    alt: str


class CardsOfTheBuild:
    """The cards of the build running in this process."""

    def __init__(self):
        self.generators: list = []
        self.maker: CardMaker | None = None  # made on first use: a staged build's, after the reload

    def start(self, build) -> None:
        """As each build starts (a process may run several: blogkit.lifecycle)."""
        unfinished = getattr(self, "maker", None)  # a staged build that failed before the reload
        if unfinished is not None and not unfinished.finished:
            unfinished.finish()
        self.__init__()
        self.workers = build.workers
        self.staged = build.staged
        self.settings = build.settings
        self.options = card_settings(self.settings)
        self.siteurl = self.settings.get("SITEURL", "")
        self.look = Look(self.settings.get("SITENAME", ""), self.options["SHARE_CARD_COLORS"])

    def remember(self, generator) -> None:
        """Posts and pages, and LinkedIn's limits checked on what their authors wrote."""
        self.generators.append(generator)
        lifecycle.after_reload(lambda: self.warn_if_cut(self.contents_of(generator)))

    def warn_if_cut(self, contents: list) -> None:
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
        if self.staged:
            self.defer(context)
        lifecycle.after_reload(lambda: self.make_all(context))

    def make_all(self, context: dict) -> None:
        files = {}
        wanted = self.wanted(context)
        made_cards = self.card_maker().make([card for card, _ in wanted])
        for (card, attach), made in zip(wanted, made_cards, strict=True):
            if made is not None:
                path = self.output_path(card, made)
                attach(self.share_image(card, path))
                files[path] = made.file
        self.maker.finish()
        context[FILES] = files

    def defer(self, context: dict) -> None:
        """Each page's card worked out alone when a page written before the reload shows it."""
        look = self.look
        cards = {author: self.deferred(lambda a=author: author_card(a, look))
                 for author, _posts in context.get("authors", [])}  # fmt: skip
        for author, card in cards.items():
            author.share_image = card
        for content in self.contents():
            content.share_image = self.deferred(lambda c=content: content_card(c, look))
            for author in getattr(content, "authors", []):
                if author in cards:  # Pelican's one Author object per post naming them
                    author.share_image = cards[author]
        context[SITE_CARD] = self.deferred(lambda: site_card(self.settings, look))
        own = context.setdefault(OWN_PAGE_CARDS, {})
        for name, page in context.get(OWN_PAGES, {}).items():
            if page.card is not None:
                own[name] = self.deferred(lambda card=page.card: own_page_card(card, look))

    def deferred(self, wanted: Callable[[], Wanted]) -> lazy.Deferred:
        return lazy.Deferred(lambda: self.made_alone(wanted()))

    def made_alone(self, card: Wanted) -> ShareImage | None:
        """One card, found or drawn now; its problems are reported with every other card's."""
        made = self.card_maker().make([card], quiet=True)[0]
        return None if made is None else self.share_image(card, self.output_path(card, made))

    def card_maker(self) -> CardMaker:
        """This build's, made once: it reads the asset cache's memo of every card."""
        if self.maker is None:
            cache = AssetCache.of(self.options, "cards")
            self.maker = CardMaker(cache, self.options, self.workers)
        return self.maker

    def contents(self) -> list:
        return [content for generator in self.generators
                for content in self.contents_of(generator)]  # fmt: skip

    def wanted(self, context: dict) -> list[tuple[Wanted, object]]:
        """Each card with the function that attaches it where the page's template finds it."""
        look, found = self.look, []
        for content in self.contents():
            card = content_card(content, look)
            found.append((card, lambda image, c=content: setattr(c, "share_image", image)))
        for author, _posts in context.get("authors", []):
            found.append((author_card(author, look), self.attacher_for_author(author)))
        site = site_card(self.settings, look)
        found.append((site, lambda image: context.__setitem__(SITE_CARD, image)))
        own = context.setdefault(OWN_PAGE_CARDS, {})
        for name, page in context.get(OWN_PAGES, {}).items():
            if page.card is not None:  # the events page, an event's page
                attach = lambda image, name=name: own.__setitem__(name, image)  # noqa: E731
                found.append((own_page_card(page.card, look), attach))
        return found

    def attacher_for_author(self, author):
        """Pelican makes one Author object per post naming them: the card goes on every one."""
        same = [a for c in self.contents() for a in getattr(c, "authors", []) if a == author]

        def attach(image: ShareImage) -> None:
            for each in [author, *same]:
                each.share_image = image

        return attach

    def share_image(self, card: Wanted, path: str) -> ShareImage:
        return ShareImage(f"{self.siteurl}/{quote(path)}", WIDTH, HEIGHT, card.job.TYPE, card.alt)

    def output_path(self, card: Wanted, made: Made) -> str:
        """``cards/<slug>-<key>.png``: a changed card is a new address, fetched anew."""
        extension = made.file.rsplit(".", 1)[1]
        return f"{self.options['SHARE_CARDS_PATH']}/{card.name}-{made.key[:12]}.{extension}"


cards_of_the_build = CardsOfTheBuild()
