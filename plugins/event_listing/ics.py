"""RFC 5545 calendars with the icalendar package: one for every event, one per event."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar

from .model import Event

PRODID = "-//The Connected Professional//event_listing//EN"
ICS_STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}


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
    entry.add("status", ICS_STATUS[event.status])
    if event.tags:
        entry.add("categories", list(event.tags))
    return entry


def calendar(name: str, events: list[Event], entries: list[icalendar.Event]) -> bytes:
    """A VCALENDAR holding ``entries``, with a VTIMEZONE for every zone they use.

    The VTIMEZONEs cover the events' years (and one either side), not 1970-2038: smaller files
    that still depend only on the data.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for entry in entries:
        cal.add_component(entry)
    if events:
        first = min(event.start for event in events).date() - timedelta(days=366)
        last = max(event.end for event in events).date() + timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    # icalendar adds the VTIMEZONEs in set order, which changes between runs: sort them.
    zones = sorted(cal.walk("VTIMEZONE"), key=lambda zone: str(zone["TZID"]))
    cal.subcomponents = zones + [part for part in cal.subcomponents if part.name != "VTIMEZONE"]
    return cal.to_ical()
