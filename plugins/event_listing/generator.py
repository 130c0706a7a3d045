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
from blogkit.outputs import also_written
from blogkit.pages import OnePageGenerator
from blogkit.problems import warn
from blogkit.settings import plugin_settings

from .settings import SETTINGS, events_path

# pydantic, Markdown and nh3 load on first use, not when Pelican loads the plugin.
catalog = lazy.module("event_listing.catalog")
presentation = lazy.module("event_listing.presentation")
ics = lazy.module("event_listing.ics")  # icalendar: only where calendars are written
logger = logging.getLogger(__name__)
CALENDARS = "EVENT_CALENDARS"  # the context entry: the events generator, which has the events


class EventsGenerator(OnePageGenerator):
    """Adds ``upcoming_events``, ``past_events_by_year`` and ``home_events`` to the context;
    writes the events page."""

    PAGE, SAVE_AS, URL = "events", "EVENTS_SAVE_AS", "EVENTS_URL"
    TITLE = "Events"
    DESCRIPTION = (
        "Networking events: breakfasts, meetups, conferences and webinars, with calendar feeds."
    )

    def generate_context(self):
        self.options = plugin_settings(self.settings, SETTINGS)
        path = events_path(self.settings, self.options["EVENTS_FILE"])
        if os.path.isfile(path):
            events = catalog.read_events(path, self.settings)
        else:
            warn(path, "no events file: the events page is empty")
            events = []
        siteurl = self.settings.get("SITEURL", "")
        self.cards = {
            event.anchor: presentation.event_card(
                event,
                siteurl,
                self.options["EVENTS_URL"],
                f"{siteurl}/{self.calendar_save_as(event.anchor)}",
            )
            for event in events
        }
        now = build_now()
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
        )
        self.events = events
        self.context[CALENDARS] = self
        self.describe()
        also_written(self.context, [self.options["EVENTS_CALENDAR_SAVE_AS"],
                                    *map(self.calendar_save_as, self.cards)])  # fmt: skip

    def calendar_save_as(self, anchor: str) -> str:
        return self.options["EVENT_CALENDAR_SAVE_AS"].format(anchor=anchor)

    def write_calendars(self) -> None:
        domain = urlsplit(self.settings.get("SITEURL", "")).hostname or "localhost"
        stamp = build_now().replace(microsecond=0)
        name = f"{self.settings.get('SITENAME', '')} events"
        entries = {
            anchor: ics.vevent(card.event, domain, stamp, card.page_url)
            for anchor, card in self.cards.items()
        }
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


class EventCalendarsGenerator(Generator):
    """The calendar files of the events the events page shows, written after it: a generator
    of their own, so that a dev server's builder shows the page without waiting for them."""

    def generate_output(self, writer):
        self.context[CALENDARS].write_calendars()


def get_generators(_pelican):
    return EventsGenerator, EventCalendarsGenerator


def register():
    signals.get_generators.connect(get_generators)
