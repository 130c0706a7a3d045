"""From the data file to validated events, and their split into upcoming and past."""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from itertools import groupby

import markdown
import nh3
from pydantic import ValidationError

from blogkit.images import content_file
from blogkit.problems import ContentError, quoted, report, report_error
from blogkit.slugs import slugify

from .loading import RawEvent, load_events
from .model import STATUSES, Event, EventSchema, known_zone, written_name


def read_events(path: str, settings: dict) -> list[Event]:
    """Every valid event in ``path``; each problem is reported and leaves out its event only."""
    try:
        entries = load_events(path)
    except ContentError as error:
        report_error(error)
        return []
    events: list[Event] = []
    seen: dict[str, int] = {}
    for raw in entries:
        try:
            event = to_event(path, raw, settings)
        except ContentError as error:
            report_error(error)
            continue
        if event.anchor in seen:
            report(
                path,
                f"event {event.title!r} on {event.start.date()} is listed twice "
                f"(first on line {seen[event.anchor]})",
                raw.line,
            )
            continue
        seen[event.anchor] = raw.line
        events.append(event)
    return events


def to_event(path: str, raw: RawEvent, settings: dict) -> Event:
    if raw.problem is not None:
        raise raw.problem
    try:
        data = EventSchema.model_validate(raw.fields)
    except ValidationError as error:
        problem, field = describe(first_error(error))
        raise ContentError(path, problem, raw.line_of(field)) from None
    zone_name = data.timezone or settings.get("TIMEZONE") or "UTC"
    zone = known_zone(zone_name)
    all_day = not isinstance(data.start, datetime)
    if all_day:
        last_day = data.end or data.start
        start = datetime.combine(data.start, time(), zone)
        end = datetime.combine(last_day + timedelta(days=1), time(), zone)
    else:
        start = data.start.replace(tzinfo=zone)
        end = (data.end or data.start).replace(tzinfo=zone)
    description_html = render_description(data.description or "")
    image = None
    if data.image:
        image = content_file(path, data.image, raw.line_of("image"), settings["PATH"], "image")
        if not data.image_alt:
            raise ContentError(path, "image needs image_alt: what the picture shows, in words",
                               raw.line_of("image"))  # fmt: skip
    return Event(
        title=data.title,
        anchor=slugify(f"{data.start:%Y-%m-%d} {data.title}", settings),
        start=start,
        end=end,
        all_day=all_day,
        has_end=data.end is not None,
        zone=zone_name,
        location=data.location or None,
        online=data.online,
        url=data.url,
        register=data.register_url,
        description_html=description_html,
        description_text=plain_text(description_html),
        tags=tuple(tag for tag in data.tags if tag),
        status=data.status,
        speakers=tuple(data.speakers),
        hosts=tuple(data.hosts),
        image=image,
        image_written=data.image or "",
        image_alt=data.image_alt or "",
        image_line=raw.line_of("image") if data.image else None,
    )


def first_error(error: ValidationError) -> dict:
    """An unknown field first: ``strat:`` explains a missing ``start``, not the other way round."""
    errors = error.errors()
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


def describe(error: dict) -> tuple[str, str | None]:
    """One sentence for a pydantic error, and the field whose line it belongs to."""
    field = str(error["loc"][0]) if error["loc"] else None  # aliases are reported as written
    kind = error["type"]
    if kind == "missing":
        return f"missing required field {field!r}", None
    if kind == "extra_forbidden":
        known = [written_name(name) for name in EventSchema.model_fields]
        close = difflib.get_close_matches(field, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(known)}"
        return f"unknown field {field!r} ({hint})", field
    if error.get("input", "") is None:
        return f"{field} is empty", field
    if kind == "value_error":
        return str(error["ctx"]["error"]), field
    if kind == "literal_error":
        return f"{field} {quoted(error['input'])} is not one of {', '.join(STATUSES)}", field
    if kind == "string_too_short":
        return f"{field} is empty", field
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}", field


_MARKDOWN = markdown.Markdown(extensions=["markdown.extensions.extra"], output_format="html")
# Every event's description is rendered on every build, mostly as the build before did.
DESCRIPTIONS_KEPT = 1024


@lru_cache(maxsize=DESCRIPTIONS_KEPT)
def render_description(text: str) -> str:
    """Markdown to HTML, sanitized like any untrusted text: no script, no event handlers."""
    if not text.strip():
        return ""
    rendered = _MARKDOWN.reset().convert(text)
    return nh3.clean(rendered, url_schemes={"http", "https", "mailto"})


@lru_cache(maxsize=DESCRIPTIONS_KEPT)
def plain_text(description_html: str) -> str:
    """The description as plain text, for calendar apps and structured data."""
    text = html.unescape(nh3.clean(description_html, tags=set()))
    return "\n".join(line.strip() for line in text.strip().splitlines()).replace("\n\n\n", "\n\n")


@dataclass(frozen=True)
class Schedule:
    """Events split at "now": upcoming soonest first, past newest first grouped by year."""

    upcoming: list[Event]
    past: list[Event]

    @property
    def past_by_year(self) -> list[tuple[int, list[Event]]]:
        return [(year, list(group)) for year, group in groupby(self.past, lambda e: e.start.year)]


def schedule(events: list[Event], now: datetime) -> Schedule:
    """An event is upcoming until it has ended (one without an end: until it starts)."""
    upcoming = sorted((e for e in events if e.end > now), key=lambda e: (e.start, e.anchor))
    past = sorted((e for e in events if e.end <= now), key=lambda e: (e.start, e.anchor))
    return Schedule(upcoming=upcoming, past=past[::-1])
