"""Defaults of every ``EVENTS_*`` setting, and their validation."""

from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)

DEFAULTS = {
    "EVENTS_FILE": "data/events.yaml",  # relative to the content folder, or absolute
    "EVENTS_URL": "events/",
    "EVENTS_SAVE_AS": "events/index.html",
    "EVENTS_CALENDAR_SAVE_AS": "events.ics",
    "EVENT_CALENDAR_SAVE_AS": "events/{anchor}.ics",  # one calendar file per event
    "EVENTS_ON_HOME": 3,  # upcoming events shown on the home page
}


def events_settings(settings: dict) -> dict:
    """Every ``EVENTS_*`` setting, with a log line (and the default) for a wrong type."""
    chosen = {}
    for name, default in DEFAULTS.items():
        value = settings.get(name, default)
        if type(value) is not type(default) or (isinstance(value, int) and value < 0):
            logger.error("Setting %s=%r is not valid; using %r", name, value, default)
            value = default
        chosen[name] = value
    return chosen


def events_path(settings: dict, events_file: str) -> str:
    """The data file: absolute, or relative to the content folder."""
    return os.path.join(settings["PATH"], os.path.expanduser(events_file))
