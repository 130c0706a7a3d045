"""The counts file: read and validated with line numbers, updated without losing comments."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode

# libyaml's parser when it is there: reading the file must stay a small part of a build.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TEXT = "tag:yaml.org,2002:str"
WHOLE_NUMBER = "tag:yaml.org,2002:int"
HEADER = (
    "View counts by post slug (or URL path). Refreshed by `invoke views-logs`,\n"
    "`views-csv` and `views-api`; see README.md, View counts."
)


@dataclass
class Problem:
    problem: str
    line: int | None = None


@dataclass
class ViewData:
    """What the file says: counts by key, the line of each key, and what is wrong with it."""

    counts: dict[str, int] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _mark_line(error: yaml.YAMLError) -> int | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def _describe(error: yaml.YAMLError) -> str:
    parts = (getattr(error, "context", None), getattr(error, "problem", None))
    text = " ".join(part for part in parts if part) or str(error)
    return " ".join(text.split())


def load(path: str) -> ViewData:
    """Read and check ``path``; a missing file is no data, not a problem.

    The file is composed into YAML nodes (which carry line numbers) and checked node by node:
    keys are text and unique, counts are whole numbers, not negative. PyYAML's C parser and
    this walk keep the cost to milliseconds (a schema library would cost more to import than
    the whole check; see README.md, View counts).
    """
    data = ViewData()
    if not os.path.exists(path):
        return data
    try:
        with open(path, encoding="utf-8") as source:
            root = yaml.compose(source, Loader=Loader)
    except yaml.YAMLError as error:
        data.problems.append(Problem(f"not valid YAML: {_describe(error)}", _mark_line(error)))
        return data
    except (OSError, UnicodeDecodeError) as error:
        data.problems.append(Problem(f"cannot be read: {error}"))
        return data
    if root is None:
        return data
    if not isinstance(root, MappingNode):
        line = root.start_mark.line + 1
        data.problems.append(Problem("must be a mapping of post slug or URL path to a count", line))
        return data
    constructor = SafeConstructor()
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        key = key_node.value
        if key_node.tag != TEXT:
            data.problems.append(Problem(f"key {key!r} must be a post slug or URL path", line))
        elif key in data.lines:
            data.problems.append(
                Problem(f"duplicate key {key!r} (first on line {data.lines[key]})", line)
            )
        else:
            data.lines[key] = line
            try:
                count = _count(key, value_node, constructor)
            except ValueError as error:
                data.problems.append(Problem(str(error), line))
            else:
                data.counts[key] = count
    return data


def _count(key: str, node, constructor: SafeConstructor) -> int:
    try:
        value = constructor.construct_object(node, deep=True)
    except yaml.YAMLError as error:
        raise ValueError(f"count for {key!r} cannot be read: {_describe(error)}") from None
    if node.tag != WHOLE_NUMBER:
        raise ValueError(f"count for {key!r} is not a whole number: {value!r}")
    if value < 0:
        raise ValueError(f"count for {key!r} is negative: {value}")
    return value


def updated_text(path: str, additions: dict[str, int]) -> str:
    """The counts file with ``additions`` added, its comments and order kept; new keys last."""
    from io import StringIO

    from ruamel.yaml import YAML  # the import tasks only: it keeps comments and order
    from ruamel.yaml.comments import CommentedMap

    writer = YAML(typ="rt")
    tree = CommentedMap()
    if os.path.exists(path):
        with open(path, encoding="utf-8") as source:
            tree = writer.load(source) or CommentedMap()
    else:
        tree.yaml_set_start_comment(HEADER)
    for key, value in additions.items():
        tree[key] = int(tree.get(key, 0)) + value
    text = StringIO()
    writer.dump(tree, text)
    return text.getvalue()


def write(path: str, text: str) -> None:
    """Replace the file in one step (a reader never sees half of it)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    temporary = f"{path}.tmp"
    with open(temporary, "w", encoding="utf-8") as target:
        target.write(text)
    os.replace(temporary, path)
