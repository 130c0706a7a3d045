"""The events generator: read and validate in generate_context, write in generate_output."""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from blog_core.clock import build_now
from blog_core.preload import preload
from build_guard import ContentError, format_problem, stop_build

from .settings import events_path, events_settings

logger = logging.getLogger(__name__)


class EventsGenerator(Generator):
    """Adds ``upcoming_events``, ``past_events_by_year`` and ``home_events`` to the context."""

    def generate_context(self):
        # pydantic, Markdown and nh3 load here, not when Pelican loads the plugin.
        from .catalog import read_events, schedule
        from .presentation import event_card

        self.options = events_settings(self.settings)
        path = events_path(self.settings, self.options["EVENTS_FILE"])
        if os.path.isfile(path):
            try:
                events = read_events(path, self.settings.get("TIMEZONE") or "UTC")
            except ContentError as error:
                stop_build(str(error))
        else:
            logger.warning(format_problem(path, "no events file: the events page is empty"))
            events = []
        siteurl = self.settings.get("SITEURL", "")
        self.cards = {
            event.anchor: event_card(
                event,
                siteurl,
                self.options["EVENTS_URL"],
                f"{siteurl}/{self.calendar_save_as(event.anchor)}",
            )
            for event in events
        }
        now = build_now()
        split = schedule(events, now)
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

    def calendar_save_as(self, anchor: str) -> str:
        return self.options["EVENT_CALENDAR_SAVE_AS"].format(anchor=anchor)

    def generate_output(self, writer):
        writer.write_file(
            self.options["EVENTS_SAVE_AS"],
            self.get_template("events"),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
            page_name="events",
            url=self.options["EVENTS_URL"],
        )
        self.write_calendars()

    def write_calendars(self) -> None:
        from . import ics  # icalendar loads only where calendars are written

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


def get_generators(_pelican):
    return EventsGenerator


def register():
    signals.get_generators.connect(get_generators)
    preload("event_listing.catalog", "event_listing.presentation")
