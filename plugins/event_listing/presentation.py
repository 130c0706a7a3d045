"""What the templates show of an event, computed once: date lines, anchors, links, JSON-LD."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Event

DASH = " \u2013 "  # between the first and the last day or time


@dataclass(frozen=True)
class EventCard:
    """One event as the events page and the home page present it."""

    event: Event
    when: str  # "Thursday, December 3, 2026 · 8:00 AM to 10:00 AM EST", with an en dash
    zone: str | None  # the IANA zone, named for timed events ("America/New York")
    start_attr: str  # <time datetime>: a date, or a date-time with offset
    end_instant: str  # ISO instant in UTC at which the event is over (for the page script)
    year: int
    status_label: str  # "Cancelled", "Postponed", or "" for a scheduled event
    struck: bool  # the title is shown struck through (cancelled)
    calendar_url: str  # the event's own .ics
    page_url: str  # the events page, at the event's anchor
    jsonld: dict


def long_date(day: date, with_year: bool = True) -> str:
    text = f"{day:%A, %B} {day.day}"
    return f"{text}, {day.year}" if with_year else text


def clock(moment: datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


def when_text(event: Event) -> str:
    """The date (and time, with the zone's abbreviation) in the event's own time zone."""
    start, end = event.start, event.end
    if event.all_day:
        last = event.last_day
        if last == start.date():
            return f"{long_date(start.date())} · all day"
        same_year = last.year == start.year
        return f"{long_date(start.date(), with_year=not same_year)}{DASH}{long_date(last)}"
    if not event.has_end:
        return f"{long_date(start.date())} · {clock(start)} {start:%Z}"
    if end.date() == start.date():
        start_zone = "" if start.tzname() == end.tzname() else f" {start:%Z}"
        return f"{long_date(start.date())} · {clock(start)}{start_zone}{DASH}{clock(end)} {end:%Z}"
    return (
        f"{long_date(start.date())}, {clock(start)} {start:%Z}{DASH}"
        f"{long_date(end.date())}, {clock(end)} {end:%Z}"
    )


def schema_date(event: Event, moment: datetime, day: date) -> str:
    return day.isoformat() if event.all_day else moment.isoformat()


def event_jsonld(event: Event, page_url: str) -> dict:
    """schema.org ``Event``: dates with their offset, Place and/or VirtualLocation, status."""
    places = []
    if event.location:
        places.append({"@type": "Place", "name": event.location, "address": event.location})
    if event.online:
        places.append({"@type": "VirtualLocation", "url": event.online})
    mode = "Mixed" if len(places) == 2 else ("Online" if event.online else "Offline")
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": schema_date(event, event.start, event.start.date()),
        "eventStatus": event.state.schema_org,
        "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
        "url": event.url or page_url,
    }
    if event.has_end or event.all_day:
        data["endDate"] = schema_date(event, event.end, event.last_day)
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    if event.description_text:
        data["description"] = event.description_text
    if event.tags:
        data["keywords"] = ", ".join(event.tags)
    return data


def event_card(event: Event, siteurl: str, events_url: str, calendar_url: str) -> EventCard:
    page_url = f"{siteurl}/{events_url}#{event.anchor}"
    return EventCard(
        event=event,
        when=when_text(event),
        zone=None if event.all_day else event.zone.replace("_", " "),
        start_attr=schema_date(event, event.start, event.start.date()),
        end_instant=event.end.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        year=event.start.year,
        status_label=event.state.label,
        struck=event.state.struck,
        calendar_url=calendar_url,
        page_url=page_url,
        jsonld=event_jsonld(event, page_url),
    )
