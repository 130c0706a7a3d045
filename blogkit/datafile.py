"""The one reader of the site's YAML data files: every value with its line, in bounded work.

Events, view counts and author profiles are read here, the same way:

- UTF-8, with or without a byte-order mark; anything else is one problem naming the line;
- a syntax error is ``YAML syntax error: ...`` at its line;
- the work is bounded by the file's size: aliases (``*name``) are refused where they stand, so
  no "billion laughs" file can expand, and so are files over ``MAX_BYTES``, values over
  ``MAX_VALUE`` characters, nesting deeper than ``MAX_DEPTH`` and tags outside YAML's own;
- values stay the text the author wrote, with the type YAML would give them (``kind``), so a
  schema, not YAML's guess, decides what ``09:00`` means.

The tree is built from libyaml's event stream (PyYAML's C parser when it is there), so reading
a 1,000-entry file takes milliseconds. Every problem is a ``ContentError`` naming the file and
line and quoting at most ``QUOTE_LIMIT`` characters of any value.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

import yaml
from yaml.nodes import ScalarNode

from .problems import ContentError, quoted

MAX_BYTES = 10 * 1024 * 1024
MAX_VALUE = 10_000  # characters in one value
MAX_DEPTH = 32
PARSED_KEPT = 8  # data files whose last tree is kept, with their text
YAML_TAG = "tag:yaml.org,2002:"
CORE_KINDS = {"str", "int", "float", "bool", "null", "timestamp", "seq", "map"}
PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()


@dataclass(frozen=True)
class Scalar:
    """A value as written; ``kind`` is YAML's type for it: str, int, float, bool, null, ..."""

    value: str
    kind: str
    line: int

    @property
    def is_null(self) -> bool:
        return self.kind == "null"


@dataclass(frozen=True)
class Sequence:
    items: tuple
    line: int


@dataclass(frozen=True)
class Mapping:
    """Keys and values in the order written (duplicates kept: the reader decides)."""

    pairs: tuple
    line: int


Node = Scalar | Sequence | Mapping


def read(path: str) -> Node | None:
    """The document in ``path`` as a tree of nodes, or None when it is empty.

    A file read before with the same text gives the tree made then (its nodes are frozen): a
    process that builds again and again (the dev server's builder) parses only what changed.
    """
    return _parsed(path, _text(path))


@lru_cache(maxsize=PARSED_KEPT)
def _parsed(path: str, text: str) -> Node | None:
    try:
        return _compose(path, yaml.parse(text, Loader=PARSER))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = ", ".join(part for part in (error.context, error.problem) if part)
        raise ContentError(path, f"YAML syntax error: {problem}", mark.line + 1) from None
    except yaml.YAMLError as error:
        raise ContentError(path, f"YAML syntax error: {' '.join(str(error).split())}") from None


def _text(path: str) -> str:
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise ContentError(path, f"is {size:,} bytes; a data file may hold {MAX_BYTES:,}")
        with open(path, "rb") as source:
            data = source.read()
    except OSError as error:
        raise ContentError(path, f"cannot be read: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentError(path, "is not UTF-8 text", line) from None


def _compose(path: str, events) -> Node | None:
    """Nodes from parser events, without recursion; the first problem ends the reading."""
    stack: list[tuple[list, int, bool]] = []  # (items so far, line, is a mapping)
    root: Node | None = None
    documents = 0
    for event in events:
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise ContentError(
                    path,
                    "YAML syntax error: expected a single document in the stream "
                    "but found another document",
                    line,
                )
        if isinstance(event, yaml.AliasEvent):
            raise ContentError(
                path, f"an alias (*{event.anchor}) repeats another value: write it out", line
            )
        if isinstance(event, yaml.ScalarEvent):
            node = Scalar(event.value, _scalar_kind(path, event, line), line)
            if len(event.value) > MAX_VALUE:
                message = f"a value longer than {MAX_VALUE:,} characters: {quoted(event.value)}"
                raise ContentError(path, message, line)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            _check_tag(path, event.tag, line)
            if len(stack) >= MAX_DEPTH:
                raise ContentError(path, f"nested deeper than {MAX_DEPTH} levels", line)
            stack.append(([], line, isinstance(event, yaml.MappingStartEvent)))
            continue
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            items, start, is_mapping = stack.pop()
            if is_mapping:
                node = Mapping(tuple(zip(items[::2], items[1::2], strict=True)), start)
            else:
                node = Sequence(tuple(items), start)
        else:  # stream and document starts and ends
            continue
        if stack:
            stack[-1][0].append(node)
        else:
            root = node
    return None if root is None or (isinstance(root, Scalar) and root.is_null) else root


def _check_tag(path: str, tag: str | None, line: int) -> None:
    if tag and tag != "!" and tag.removeprefix(YAML_TAG) not in CORE_KINDS:
        raise ContentError(path, f"the tag {quoted(tag)} is not allowed in a data file", line)


def _scalar_kind(path: str, event: yaml.ScalarEvent, line: int) -> str:
    tag = event.tag
    if tag and tag != "!":
        _check_tag(path, tag, line)
    else:
        tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)
    return tag.removeprefix(YAML_TAG)


def line_of(node: Node | None, default: int | None = None) -> int | None:
    return node.line if node is not None else default


def text(node: Node) -> str | None:
    """A scalar's text (None for null); containers are not text."""
    return None if not isinstance(node, Scalar) or node.is_null else node.value


def plain(node: Node):
    """Text, None, a list or a dict of the same: the value as the author wrote it."""
    if isinstance(node, Scalar):
        return None if node.is_null else node.value
    if isinstance(node, Sequence):
        return [plain(item) for item in node.items]
    return {plain(key): plain(value) for key, value in node.pairs}
