"""The events' generators: read and validate in generate_context, write the events page in
generate_output; the calendar files after it, in a generator of their own."""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from blogkit import lazy
from blogkit.clock import build_now
from blogkit.images import ImageRequest, ask
from blogkit.outputs import also_written
from blogkit.pages import (
    OWN_PAGE_CARDS,
    OWN_PAGES,
    PEOPLE,
    PEOPLE_EVENTS,
    SITE_CARD,
    CardFacts,
    OnePageGenerator,
    OwnPage,
)
from blogkit.paths import OutsideFolder, inside
from blogkit.problems import metadata_line, report, warn
from blogkit.settings import plugin_settings
from blogkit.web import site_root

from .settings import SETTINGS, events_path

# pydantic, Markdown and nh3 load on first use, not when Pelican loads the plugin.
catalog = lazy.module("event_listing.catalog")
presentation = lazy.module("event_listing.presentation")
ics = lazy.module("event_listing.ics")  # icalendar: only where calendars are written
logger = logging.getLogger(__name__)
CALENDARS = "EVENT_CALENDARS"  # the context entry: the events generator, which has the events
CARD_IMAGE_WIDTHS = (1200,)  # an event's image is only its share card: one width, the card's


class EventsGenerator(OnePageGenerator):
    """Adds ``upcoming_events``, ``past_events_by_year``, ``home_events`` and ``event_pages`` to
    the context, each event page to ``OWN_PAGES`` (head and share card) and each speaker's and
    host's events to ``PEOPLE_EVENTS``; writes the events page and a page per event."""

    PAGE, SAVE_AS, URL = "events", "EVENTS_SAVE_AS", "EVENTS_URL"
    TITLE = "Events"
    DESCRIPTION = (
        "Networking events: breakfasts, meetups, conferences and webinars, with calendar feeds."
    )

    def generate_context(self):
        self.options = plugin_settings(self.settings, SETTINGS)
        path = self.events_file = events_path(self.settings, self.options["EVENTS_FILE"])
        if os.path.isfile(path):
            events = catalog.read_events(path, self.settings)
        else:
            warn(path, "no events file: the events page is empty")
            events = []
        siteurl = self.settings.get("SITEURL", "")
        root = site_root(siteurl)
        now = build_now()
        organization = {"@type": "Organization", "name": self.settings.get("SITENAME", ""),
                        "url": f"{siteurl}/"}  # fmt: skip
        about = self.posts_about({event.anchor for event in events})
        self.cards = {
            event.anchor: presentation.event_card(
                event,
                siteurl,
                self.urls_of(event.anchor),
                now,
                organization,
                self.post_links(about.get(event.anchor, []), root),
            )
            for event in events
        }
        for anchor, posts in about.items():
            for post in posts:
                post.about_event = self.cards[anchor].about()
        split = catalog.schedule(events, now)
        upcoming = [self.cards[event.anchor] for event in split.upcoming]
        past_by_year = [
            (year, [self.cards[event.anchor] for event in group])
            for year, group in split.past_by_year
        ]
        self.context.update(
            EVENTS_URL=self.options["EVENTS_URL"],
            EVENTS_CALENDAR_URL=self.options["EVENTS_CALENDAR_SAVE_AS"],
            upcoming_events=upcoming,
            past_events_by_year=past_by_year,
            home_events=upcoming[: self.options["EVENTS_ON_HOME"]],
            event_pages=list(self.cards.values()) if self.options["EVENT_PAGES"] else [],
        )
        self.events = events
        self.context[CALENDARS] = self
        self.context[PEOPLE_EVENTS] = self.people_events(upcoming, past_by_year)
        self.describe(list_card(upcoming))
        also_written(self.context, [self.options["EVENTS_CALENDAR_SAVE_AS"],
                                    *map(self.calendar_save_as, self.cards)])  # fmt: skip
        if self.options["EVENT_PAGES"]:
            self.describe_event_pages()

    def posts_about(self, anchors: set[str]) -> dict[str, list]:
        """The posts whose header says ``Event: <anchor>``, by anchor, oldest first; an anchor
        that names no event is reported at the post's line. Every post gets ``about_event``
        (None unless it names one)."""
        posts = [*self.context.get("articles", []), *self.context.get("hidden_articles", []),
                 *self.context.get("drafts", [])]  # fmt: skip
        found: dict[str, list] = {}
        for post in sorted(posts, key=lambda post: post.date):
            post.about_event = None
            anchor = str(getattr(post, "event", "") or "").strip()
            if not anchor:
                continue
            if anchor in anchors:
                found.setdefault(anchor, []).append(post)
                continue
            source = post.source_path
            report(source, f"Event: {anchor!r} names no event in {self.options['EVENTS_FILE']} "
                           "(write the event's address: its start date and title, as in "
                           "/events/<anchor>/)", metadata_line(source, "Event"))  # fmt: skip
        return found

    def post_links(self, posts: list, root: str) -> tuple:
        return tuple(presentation.PostLink(post.title, f"{root}/{post.url}") for post in posts)

    def people_events(self, upcoming: list, past_by_year: list) -> dict[str, list]:
        """Each speaker's and host's events, upcoming soonest first, then past newest first."""
        found: dict[str, list] = {}
        for card in [*upcoming, *(card for _, cards in past_by_year for card in cards)]:
            for name in dict.fromkeys((*card.event.speakers, *card.event.hosts)):
                found.setdefault(name, []).append(card)
        return found

    def urls_of(self, anchor: str) -> dict:
        page = self.options["EVENT_URL"].format(anchor=anchor)
        return {
            "events": self.options["EVENTS_URL"],
            "page": page if self.options["EVENT_PAGES"] else None,
            "calendar": self.calendar_save_as(anchor),
        }

    def describe_event_pages(self) -> None:
        """Each event page's title, address and description, for its head and its card."""
        pages = self.context.setdefault(OWN_PAGES, {})
        for anchor, card in self.cards.items():
            event = card.event
            summary = event.description_text.split("\n\n")[0].replace("\n", " ")
            where = f" · {card.place}" if card.place else ""
            description = f"{card.when}{where}. {summary}".strip()
            url = self.options["EVENT_URL"].format(anchor=anchor)
            facts = self.card_facts(anchor, card)
            pages[page_name(anchor)] = OwnPage(event.title, url, description, facts, event.title)

    def card_facts(self, anchor: str, card) -> CardFacts:
        """What the event's share card shows: its own image, made by responsive_images, or its
        title drawn with its status, date and place (share_cards)."""
        event = card.event
        image = None
        if event.image is not None:
            request = ImageRequest(
                path=event.image, written=event.image_written, origin=self.events_file,
                line=event.image_line, widths=CARD_IMAGE_WIDTHS, slots={}, what="image",
            )  # fmt: skip
            image = ask(self.context, request)
        kicker = card.status_label or "Event"
        alt = event.image_alt or ", ".join(filter(None, (f"{kicker}: {event.title}", card.when,
                                                         card.place)))  # fmt: skip
        return CardFacts(f"event-{anchor}", event.title, kicker, card.when, card.place, alt, image)

    def generate_output(self, writer):
        super().generate_output(writer)
        if not self.options["EVENT_PAGES"]:
            return
        cards = self.context.get(OWN_PAGE_CARDS, {})
        people = self.context.get(PEOPLE, {})
        siteurl = self.settings.get("SITEURL", "")
        for anchor, card in self.cards.items():
            name = page_name(anchor)
            save_as = self.options["EVENT_SAVE_AS"].format(anchor=anchor)
            try:
                inside(self.output_path, save_as)
            except OutsideFolder as error:
                report(self.events_file, str(error))
                continue
            who = presentation.event_people(
                card.event, people, self.options["EVENT_PORTRAIT_BYTES"]
            )
            image = cards.get(name) or self.context.get(SITE_CARD)
            jsonld = presentation.page_jsonld(card, who, image, siteurl)
            self.write_page(
                writer,
                "event",
                save_as,
                name,
                self.options["EVENT_URL"].format(anchor=anchor),
                head=self.context.get("PAGE_HEADS", {}).get(name),  # blog_core's, from OWN_PAGES
                card=card,
                people=who,
                event_jsonld=jsonld,
            )

    def calendar_save_as(self, anchor: str) -> str:
        return self.options["EVENT_CALENDAR_SAVE_AS"].format(anchor=anchor)

    def write_calendars(self) -> None:
        domain = urlsplit(self.settings.get("SITEURL", "")).hostname or "localhost"
        stamp = build_now().replace(microsecond=0)
        name = f"{self.settings.get('SITENAME', '')} events"
        entries = {}
        for anchor, card in self.cards.items():
            entry = ics.vevent(card.event, domain, stamp, card.page_url)
            entries[anchor] = (entry, entry.to_ical())
        years = ics.year_span(self.events)
        everything = ics.calendar(name, list(entries.values()), years)
        self.write_bytes(self.options["EVENTS_CALENDAR_SAVE_AS"], everything)
        for anchor, entry in entries.items():
            self.write_bytes(self.calendar_save_as(anchor), ics.calendar(name, [entry], years))

    def write_bytes(self, save_as: str, data: bytes) -> None:
        path = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as target:
            target.write(data)
        logger.info("Writing %s", path)


def list_card(upcoming: list) -> CardFacts:
    """What the events page's share card shows: the next event, or the word "Events"."""
    if not upcoming:
        return CardFacts("events", "Events", "", "", "", "Events")
    card = upcoming[0]
    title = card.event.title
    return CardFacts("events", title, "Next event", card.when, card.event.location or "",
                     f"Next event: {title}, {card.when}")  # fmt: skip


def page_name(anchor: str) -> str:
    """An event page's name among the plugins' own pages (``OWN_PAGES``)."""
    return f"event/{anchor}"


class EventCalendarsGenerator(Generator):
    """The calendar files of the events the events page shows, written after it: a generator
    of their own, so that a dev server's builder shows the page without waiting for them."""

    def generate_output(self, writer):
        self.context[CALENDARS].write_calendars()


def get_generators(_pelican):
    return EventsGenerator, EventCalendarsGenerator


def register():
    signals.get_generators.connect(get_generators)
