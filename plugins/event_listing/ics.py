"""RFC 5545 calendars with the icalendar package: one for every event, one per event."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

import icalendar

from .model import Event

PRODID = "-//The Connected Professional//event_listing//EN"


def uid(event: Event, domain: str) -> str:
    """Stable across builds and unique: the event's date and title (its anchor), not the time."""
    return f"{event.anchor}@{domain}"


def vevent(event: Event, domain: str, stamp: datetime, page_url: str) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", uid(event, domain))
    entry.add("dtstamp", stamp)
    if event.all_day:
        entry.add("dtstart", event.start.date())
        entry.add("dtend", event.start.date() + timedelta(days=(event.end - event.start).days))
    else:
        entry.add("dtstart", event.start)
        if event.has_end:
            entry.add("dtend", event.end)
    entry.add("summary", event.title)
    where = event.location or event.online
    if where:
        entry.add("location", where)
    entry.add("url", event.url or event.online or page_url)
    description = event.description_text
    if event.online and event.location:
        description = f"{description}\n\nOnline: {event.online}".strip()
    if description:
        entry.add("description", description)
    entry.add("status", event.state.ics)
    if event.tags:
        entry.add("categories", list(event.tags))
    return entry


@cache
def vtimezone(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone | None:
    """One zone's VTIMEZONE for whole years, built once per build however many calendars use it."""
    try:
        return icalendar.Timezone.from_tzid(
            tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
        )
    except ValueError:  # a zone icalendar cannot describe: left to the calendar app
        return None


def year_span(events: list[Event]) -> tuple[int, int] | None:
    """The years every VTIMEZONE covers: the events' years and one either side."""
    if not events:
        return None
    return min(e.start for e in events).year - 1, max(e.end for e in events).year + 1


END = b"END:VCALENDAR\r\n"


@cache
def vtimezone_ical(tzid: str, first_year: int, last_year: int) -> bytes:
    """A VTIMEZONE's lines, written once per build however many calendars hold it."""
    zone = vtimezone(tzid, first_year, last_year)
    return zone.to_ical() if zone is not None else b""


def calendar(
    name: str, entries: list[tuple[icalendar.Event, bytes]], years: tuple[int, int] | None
) -> bytes:
    """A VCALENDAR holding ``entries`` (each VEVENT with its lines, written once), with a
    VTIMEZONE for every zone they use.

    Every calendar of a build takes its VTIMEZONEs for the same ``years`` (``year_span`` of all
    the events), not 1970-2038: one per zone per build, and files that depend only on the data.
    A calendar's lines are its own header, then its parts' lines, as icalendar writes the
    whole: a build writes every event twice (in the feed, and alone) and every zone in many
    calendars, so writing each part once takes a hundred events' calendars from 0.7 s to 0.1 s.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for entry, _ in entries:
        cal.add_component(entry)
    zones = (
        [vtimezone_ical(tzid, *years) for tzid in sorted(cal.get_missing_tzids())] if years else []
    )
    cal.subcomponents.clear()
    return cal.to_ical().removesuffix(END) + b"".join(zones) + b"".join(e for _, e in entries) + END
