"""Read the events file with PyYAML's composer, keeping the line of every event and field.

Every scalar is kept as the text the author wrote (dates included): the schema decides
what it means, so YAML's own guesses (``09:00`` as a number of minutes) never apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from build_guard import ContentError

NULL_TAG = "tag:yaml.org,2002:null"
# libyaml's parser when it is there: the same nodes and marks, a tenth of the time.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class RawEvent:
    """One event as written: its fields and the line each one (and the event) starts on."""

    line: int
    fields: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)

    def line_of(self, name: str | None) -> int:
        return self.lines.get(name, self.line)


def load_events(path: str) -> list[RawEvent]:
    """The events in ``path``: a list, or a mapping whose only key ``events`` holds it."""
    try:
        with open(path, encoding="utf-8-sig") as source:
            root = yaml.compose(source, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = ", ".join(part for part in (error.context, error.problem) if part)
        raise ContentError(path, f"YAML syntax error: {problem}", mark.line + 1) from None
    except yaml.YAMLError as error:
        raise ContentError(path, f"YAML error: {error}") from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == NULL_TAG):
        return []
    if isinstance(root, yaml.MappingNode):
        root = _events_key(path, root)
        if root is None:
            return []
    if not isinstance(root, yaml.SequenceNode):
        raise ContentError(
            path, "expected a list of events (or an 'events:' key holding one)", _line(root)
        )
    return [_event(path, item) for item in root.value]


def _events_key(path: str, root: yaml.MappingNode):
    events = None
    for key, value in root.value:
        if key.value != "events":
            raise ContentError(
                path, f"unknown top-level key {key.value!r}: only 'events' is read", _line(key)
            )
        events = value
    if events is not None and isinstance(events, yaml.ScalarNode) and events.tag == NULL_TAG:
        return None
    return events


def _event(path: str, node) -> RawEvent:
    if not isinstance(node, yaml.MappingNode):
        raise ContentError(path, "each event must be a mapping of fields (title: ..., start: ...)",
                           _line(node))  # fmt: skip
    event = RawEvent(line=_line(node))
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise ContentError(path, "a field name must be plain text", _line(key))
        name = key.value
        if name in event.fields:
            raise ContentError(
                path, f"field {name!r} appears twice (first on line {event.lines[name]})",
                _line(key),
            )  # fmt: skip
        event.fields[name] = _plain(path, value)
        event.lines[name] = _line(key)
    return event


def _plain(path: str, node):
    """Text, None or a list of text: what an event's fields may hold."""
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == NULL_TAG else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(path, item) for item in node.value]
    return {key.value: _plain(path, value) for key, value in node.value}


def _line(node) -> int:
    return node.start_mark.line + 1
