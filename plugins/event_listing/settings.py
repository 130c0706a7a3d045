"""Every ``EVENTS_*`` setting: its default and what a valid value is, in one table."""

from __future__ import annotations

import os

from blogkit.settings import Setting, switch, text, whole_number

SETTINGS = {
    # The data file, relative to the content folder, or absolute.
    "EVENTS_FILE": Setting("data/events.yaml", "text (a path)", text),
    "EVENTS_URL": Setting("events/", "text (a URL)", text),
    "EVENTS_SAVE_AS": Setting("events/index.html", "text (a path)", text),
    "EVENTS_CALENDAR_SAVE_AS": Setting("events.ics", "text (a path)", text),
    # One calendar file per event.
    "EVENT_CALENDAR_SAVE_AS": Setting("events/{anchor}.ics", "text (a path)", text),
    # A page of its own for every event (the list and the home page link to it).
    "EVENT_PAGES": switch(True),
    "EVENT_URL": Setting("events/{anchor}/", "text (a URL)", text),
    "EVENT_SAVE_AS": Setting("events/{anchor}/index.html", "text (a path)", text),
    # The most bytes of speakers' and hosts' portraits an event page carries in itself (data:
    # URIs, no request each): with the page and its style sheet (about 15 KB), under the 20 KB
    # budget. The people past it are shown by their initials (docs/events.md).
    "EVENT_PORTRAIT_BYTES": Setting(4500, "a number of bytes", whole_number),
    # Upcoming events shown on the home page.
    "EVENTS_ON_HOME": Setting(3, "a whole number", whole_number),
}


def events_path(settings: dict, events_file: str) -> str:
    """The data file: absolute, or relative to the content folder."""
    return os.path.join(settings["PATH"], os.path.expanduser(events_file))
