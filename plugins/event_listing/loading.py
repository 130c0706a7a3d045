"""The events file as written: each event's fields and the line of every one.

Read with blogkit's data-file reader, so every value stays the text the author wrote (dates
included): the schema decides what it means, never YAML's own guesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from blogkit import datafile
from blogkit.problems import ContentError


@dataclass
class RawEvent:
    """One event as written: its fields and the line each one (and the event) starts on."""

    line: int
    fields: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    problem: ContentError | None = None  # why this entry is not an event

    def line_of(self, name: str | None) -> int:
        return self.lines.get(name, self.line)


def load_events(path: str) -> list[RawEvent]:
    """The entries of ``path``: a list, or a mapping whose only key ``events`` holds it.

    A file that is not such a list raises ContentError; an entry that is not an event is
    returned with its ``problem``, so the others are still read.
    """
    root = datafile.read(path)
    if isinstance(root, datafile.Mapping):
        root = _events_key(path, root)
    if root is None:
        return []
    if not isinstance(root, datafile.Sequence):
        raise ContentError(
            path, "expected a list of events (or an 'events:' key holding one)", root.line
        )
    return [_event(path, item) for item in root.items]


def _events_key(path: str, root: datafile.Mapping):
    events = None
    for key, value in root.pairs:
        if datafile.text(key) != "events":
            raise ContentError(
                path, f"unknown top-level key {datafile.plain(key)!r}: only 'events' is read",
                key.line,
            )  # fmt: skip
        events = value
    return None if isinstance(events, datafile.Scalar) and events.is_null else events


def _event(path: str, node) -> RawEvent:
    event = RawEvent(line=node.line)
    if not isinstance(node, datafile.Mapping):
        event.problem = ContentError(
            path, "each event must be a mapping of fields (title: ..., start: ...)", node.line
        )
        return event
    for key, value in node.pairs:
        name = datafile.text(key)
        if not isinstance(key, datafile.Scalar) or name is None:
            event.problem = ContentError(path, "a field name must be plain text", key.line)
            return event
        if name in event.fields:
            event.problem = ContentError(
                path, f"field {name!r} appears twice (first on line {event.lines[name]})", key.line
            )
            return event
        event.fields[name] = datafile.plain(value)
        event.lines[name] = key.line
    return event
