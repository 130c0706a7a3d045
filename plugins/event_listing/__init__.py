"""event_listing: the events page, the home-page teaser and calendar feeds from one YAML file.

``content/data/events.yaml`` (setting ``EVENTS_FILE``) -> validated events -> ``/events/``, a
page per event (``/events/<anchor>/``), ``events.ics`` and one ``.ics`` per event. Broken data
stops the build with one line. See docs/events.md.
"""

from .generator import register

__all__ = ["register"]
