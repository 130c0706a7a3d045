"""What the templates show of an event, computed once: date lines, anchors, links, JSON-LD."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from blogkit.web import site_root

if TYPE_CHECKING:
    from .model import Event

DASH = " \u2013 "  # between the first and the last day or time


@dataclass(frozen=True)
class PostLink:
    """A post written about an event (``Event: <anchor>`` in its header)."""

    title: str
    url: str


@dataclass(frozen=True)
class AboutEvent:
    """What a post about an event shows of it: "Recap of" once over, "Preview of" before."""

    label: str
    title: str
    url: str
    when: str
    struck: bool


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
    list_url: str  # the events page, at the event's anchor
    page_url: str  # the event's own page (the list's anchor when EVENT_PAGES is off)
    href: str  # page_url from the site's root, for links between its pages (SITE_ROOT)
    list_href: str  # list_url from the site's root
    google_url: str  # Google Calendar's "add event" address, times in UTC
    outlook_url: str  # Outlook.com's "add event" address, times in UTC
    map_url: str  # an OpenStreetMap search for the venue ("" without one)
    place: str  # the venue, "Online", or both: "Lunch Club, Boston and online"
    over: bool  # ended when the site was built
    posts: tuple[PostLink, ...]  # posts about it, oldest first
    jsonld: dict

    @property
    def posts_label(self) -> str:
        """What a link to its posts says: "Recap" once it is over, "Read more" before."""
        return "Recap" if self.over else "Read more"

    def about(self) -> AboutEvent:
        label = "Recap of" if self.over else "Preview of"
        return AboutEvent(label, self.event.title, self.href, self.when, self.struck)


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


def named(name: str) -> dict:
    return {"@type": "Person", "name": name}


def event_jsonld(event: Event, page_url: str, organization: dict) -> dict:
    """schema.org ``Event`` with what Google's event rich result reads: dates with their offset,
    status, attendance mode, a ``Place`` with its ``PostalAddress`` and/or a
    ``VirtualLocation``, the register address as an ``Offer``, the organizer. The ``image`` is
    the page's share card, added when the page is written (cards are made after this)."""
    places = []
    if event.location:
        address = {"@type": "PostalAddress", "streetAddress": event.location}
        places.append({"@type": "Place", "name": event.location, "address": address})
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
        "url": page_url,
        "organizer": [named(name) for name in event.hosts] or organization,
    }
    if event.speakers:
        data["performer"] = [named(name) for name in event.speakers]
    if event.has_end or event.all_day:
        data["endDate"] = schema_date(event, event.end, event.last_day)
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    if event.description_text:
        data["description"] = event.description_text
    if event.register:
        data["offers"] = {"@type": "Offer", "url": event.register}
    if event.url:
        data["sameAs"] = event.url
    if event.tags:
        data["keywords"] = ", ".join(event.tags)
    return data


@dataclass(frozen=True)
class Person:
    """A speaker or host: a name, and their author page's Author object when they have a
    profile (author_profiles), for the role and the link; their portrait (a tiny image whole in
    its data: URI) when the page has room for it, else their initials."""

    name: str
    author: object = None
    portrait: object = None

    @property
    def initials(self) -> str:
        """ "DW" for Dana Whitfield: shown in place of a portrait the page has no room for."""
        words = self.name.split()
        return "".join(word[0] for word in (words[:1] + words[1:][-1:])).upper()


@dataclass(frozen=True)
class EventPeople:
    speakers: tuple[Person, ...]
    hosts: tuple[Person, ...]


def event_people(event: Event, people: dict, portrait_bytes: int) -> EventPeople:
    """The speakers, then the hosts; each portrait, in that order, while their data: URIs add up
    to at most ``portrait_bytes`` (``EVENT_PORTRAIT_BYTES``): a page naming many people still
    loads within its budget, the rest of them shown by their initials."""
    room = portrait_bytes

    def person(name: str) -> Person:
        nonlocal room
        author = people.get(name)
        portrait = author.profile.inline_portrait if author is not None else None
        if portrait is None or len(portrait.uri) > room:
            return Person(name, author)
        room -= len(portrait.uri)
        return Person(name, author, portrait)

    speakers = tuple(map(person, event.speakers))
    return EventPeople(speakers=speakers, hosts=tuple(map(person, event.hosts)))


def person_jsonld(person: Person, siteurl: str) -> dict:
    data = named(person.name)
    if person.author is not None:
        data["url"] = f"{siteurl}/{person.author.url}"
    return data


def page_jsonld(card: EventCard, who: EventPeople, image, siteurl: str) -> dict:
    """The event's JSON-LD as its page gives it: with its card, its hosts as organizer (the
    site's Organization without any) and its speakers as performer."""
    data = dict(card.jsonld)
    if image:  # share_cards' card (a dev build's is worked out here: lazy.Deferred)
        data["image"] = [image.url]
    if who.hosts:
        data["organizer"] = [person_jsonld(person, siteurl) for person in who.hosts]
    if who.speakers:
        data["performer"] = [person_jsonld(person, siteurl) for person in who.speakers]
    return data


GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/deeplink/compose"
OPENSTREETMAP_SEARCH = "https://www.openstreetmap.org/search"


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def calendar_text(event: Event) -> str:
    """What a calendar app's "add event" form gets as the event's notes."""
    online = f"\n\nOnline: {event.online}" if event.online else ""
    return f"{event.description_text}{online}".strip()


def calendar_place(event: Event) -> str:
    return event.location or event.online or ""


def google_url(event: Event) -> str:
    """Google Calendar's documented template link: ``dates`` in UTC (``...Z``), or whole days
    with the day after the last one (as in iCalendar)."""
    if event.all_day:
        dates = f"{event.start:%Y%m%d}/{event.end:%Y%m%d}"
    else:
        dates = f"{utc(event.start):%Y%m%dT%H%M%SZ}/{utc(event.end):%Y%m%dT%H%M%SZ}"
    query = {"action": "TEMPLATE", "text": event.title, "dates": dates,
             "details": calendar_text(event), "location": calendar_place(event)}  # fmt: skip
    return f"{GOOGLE_CALENDAR}?{urlencode({k: v for k, v in query.items() if v})}"


def outlook_url(event: Event) -> str:
    """Outlook.com's compose deep link: ``startdt``/``enddt`` in UTC (ISO 8601 with ``Z``), or
    dates with ``allday=true``."""
    if event.all_day:
        start, end, all_day = event.start.date().isoformat(), event.end.date().isoformat(), "true"
    else:
        start, end, all_day = utc_instant(event.start), utc_instant(event.end), "false"
    query = {"path": "/calendar/action/compose", "rru": "addevent", "subject": event.title,
             "startdt": start, "enddt": end, "allday": all_day, "body": calendar_text(event),
             "location": calendar_place(event)}  # fmt: skip
    return f"{OUTLOOK_CALENDAR}?{urlencode({k: v for k, v in query.items() if v})}"


def map_url(event: Event) -> str:
    """A search on OpenStreetMap's own site: a link, no embedded map, no request from the page."""
    if not event.location:
        return ""
    return f"{OPENSTREETMAP_SEARCH}?{urlencode({'query': event.location})}"


def place_text(event: Event) -> str:
    if event.location and event.online:
        return f"{event.location} and online"
    return event.location or ("Online" if event.online else "")


def utc_instant(moment: datetime) -> str:
    return utc(moment).isoformat().replace("+00:00", "Z")


def event_card(
    event: Event,
    siteurl: str,
    urls: dict,
    now: datetime,
    organization: dict,
    posts: tuple[PostLink, ...] = (),
) -> EventCard:
    """``urls``: the events page's (``events``), the event's own page's (``page``, or None when
    EVENT_PAGES is off) and its calendar's (``calendar``), relative to the site."""
    root = site_root(siteurl)
    list_href = f"{root}/{urls['events']}#{event.anchor}"
    href = f"{root}/{urls['page']}" if urls["page"] is not None else list_href
    list_url = f"{siteurl}/{urls['events']}#{event.anchor}"
    page_url = f"{siteurl}/{urls['page']}" if urls["page"] is not None else list_url
    return EventCard(
        event=event,
        when=when_text(event),
        zone=None if event.all_day else event.zone.replace("_", " "),
        start_attr=schema_date(event, event.start, event.start.date()),
        end_instant=utc_instant(event.end),
        year=event.start.year,
        status_label=event.state.label,
        struck=event.state.struck,
        calendar_url=f"{siteurl}/{urls['calendar']}",
        list_url=list_url,
        page_url=page_url,
        href=href,
        list_href=list_href,
        google_url=google_url(event),
        outlook_url=outlook_url(event),
        map_url=map_url(event),
        place=place_text(event),
        over=event.end <= now,
        posts=posts,
        jsonld=event_jsonld(event, page_url, organization),
    )
