"""The schema of one event (pydantic), and the validated event the site is built from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from blogkit.images import PHOTO_SUFFIXES
from blogkit.problems import quoted
from blogkit.web import require_web_url


@dataclass(frozen=True)
class Status:
    """What an event's status means wherever it is shown: the one table of statuses."""

    label: str  # shown beside the title ("" shows nothing)
    schema_org: str  # schema.org eventStatus
    ics: str  # iCalendar STATUS
    struck: bool  # the title is shown struck through


STATUSES = {
    "scheduled": Status("", "https://schema.org/EventScheduled", "CONFIRMED", struck=False),
    "cancelled": Status("Cancelled", "https://schema.org/EventCancelled", "CANCELLED", struck=True),
    "postponed": Status(
        "Postponed", "https://schema.org/EventPostponed", "TENTATIVE", struck=False
    ),
}
_WHEN = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$"
)
_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")


def parse_when(field: str, text: str) -> date | datetime:
    """``YYYY-MM-DD`` (all day) or ``YYYY-MM-DD HH:MM`` (local time in the event's zone)."""
    text = text.strip()
    if _OFFSET.search(text) and ":" in text:
        raise ValueError(
            f"{field} {quoted(text)} has a UTC offset: write the local time and set 'timezone'"
        )
    match = _WHEN.match(text)
    try:
        day = date.fromisoformat(match["date"]) if match else None
        if day and match["hour"] is not None:
            clock = time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
            return datetime.combine(day, clock)
    except ValueError:
        day = None
    if day is None:
        raise ValueError(
            f"{field} {quoted(text)} is not a date (YYYY-MM-DD) or a date and time "
            "(YYYY-MM-DD HH:MM)"
        )
    return day


def as_written(when: date | datetime) -> str:
    return when.isoformat(" ", "minutes") if isinstance(when, datetime) else when.isoformat()


class EventSchema(BaseModel):
    """One event as the author writes it; unknown fields are errors (``strat:`` is a typo)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1)
    start: date | datetime
    end: date | datetime | None = None
    timezone: str | None = None
    location: str | None = None
    online: str | None = None
    url: str | None = None
    # "register" would shadow an attribute of pydantic's BaseModel: the field takes it as alias.
    register_url: str | None = Field(default=None, alias="register")
    description: str | None = None
    tags: list[str] = Field(default_factory=list)
    status: Literal[tuple(STATUSES)] = "scheduled"
    image: str | None = Field(default=None, min_length=1)  # its share card, in the content folder
    image_alt: str | None = Field(default=None, min_length=1)
    speakers: list = Field(default_factory=list)
    hosts: list = Field(default_factory=list)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _parse_when(cls, value, info: ValidationInfo):
        return parse_when(info.field_name, value) if isinstance(value, str) else value

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end, info: ValidationInfo):
        start = info.data.get("start")
        if end is None or start is None:
            return end
        if isinstance(start, datetime) != isinstance(end, datetime):
            kind = "a date and time" if isinstance(start, datetime) else "a date"
            raise ValueError(f"end {as_written(end)} must be {kind}, like start")
        if end < start:
            raise ValueError(f"end {as_written(end)} is before start {as_written(start)}")
        return end

    @field_validator("image")
    @classmethod
    def _local_image(cls, image):
        if image is not None and (
            "://" in image or Path(image).suffix.lower() not in PHOTO_SUFFIXES
        ):
            raise ValueError(
                f"image {quoted(image)} is not a local image: write the path of a JPEG, PNG, "
                "WebP or AVIF file in the content folder"
            )
        return image

    @field_validator("speakers", "hosts")
    @classmethod
    def _names(cls, names, info: ValidationInfo):
        return [require_name(info.field_name, name) for name in names]

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name):
        if name is not None:
            known_zone(name)
        return name

    @field_validator("url", "online", "register_url")
    @classmethod
    def _web_url(cls, url, info: ValidationInfo):
        return require_web_url(written_name(info.field_name), url)


NAME_LIMIT = 80  # characters of a person's name
_NOT_IN_NAMES = re.compile(r"[<>{}\[\]@/\\|=]|://")


def require_name(field: str, name) -> str:
    """A person's name as ``authors.yaml`` keys it: one line of plain text, not an address,
    a list or markup. Anyone may be named; only the people with a profile get a link."""
    text = name.strip() if isinstance(name, str) else None
    if not text or len(text) > NAME_LIMIT or "\n" in text or _NOT_IN_NAMES.search(text):
        shown = quoted(str(name)) if isinstance(name, str | int | float) else "a list or mapping"
        raise ValueError(f"{field}: {shown} is not a name (one line of plain text)")
    return " ".join(text.split())


def written_name(field: str) -> str:
    """A field's name as the author writes it (its alias, where it has one)."""
    return EventSchema.model_fields[field].alias or field


def known_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"timezone {quoted(name)} is not a known IANA time zone (like America/New_York)"
        ) from None


@dataclass(frozen=True)
class Event:
    """A validated event with its instants in its own zone: what templates and feeds read."""

    title: str
    anchor: str  # stable id: date and title
    start: datetime  # aware; midnight of the first day for an all-day event
    end: datetime  # aware; the end instant (midnight after the last day for all-day)
    all_day: bool
    has_end: bool  # whether the author gave an end
    zone: str
    location: str | None
    online: str | None
    url: str | None  # "Details": the organiser's own page
    register: str | None  # "Register": where a reader signs up
    description_html: str
    description_text: str
    tags: tuple[str, ...]
    status: str
    speakers: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    image: Path | None = None  # the share card's picture, checked to be in the content folder
    image_written: str = ""  # as the file names it
    image_alt: str = ""
    image_line: int | None = None

    @property
    def state(self) -> Status:
        return STATUSES[self.status]

    @property
    def last_day(self) -> date:
        """The last day an all-day event covers (its end is exclusive)."""
        return (self.end - timedelta(days=1)).date() if self.all_day else self.end.date()
