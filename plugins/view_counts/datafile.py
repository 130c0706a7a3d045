"""The counts file: read and validated with line numbers, updated without losing comments."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import Field, StrictInt, StrictStr, TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

Count = Annotated[StrictInt, Field(ge=0)]
COUNTS = TypeAdapter(dict[StrictStr, Count])
HEADER = (
    "# View counts by post slug (or URL path). Refreshed by `invoke views-logs`,\n"
    "# `views-csv` and `views-api`; see README.md, View counts.\n"
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


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def _mark_line(error: YAMLError) -> int | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def _describe(error: YAMLError) -> str:
    if isinstance(error, MarkedYAMLError):
        text = " ".join(part for part in (error.context, error.problem) if part)
    else:
        text = str(error)
    return " ".join(text.split()) or type(error).__name__


def load(path: str) -> ViewData:
    """Read ``path``; a missing file is no data, not a problem."""
    data = ViewData()
    if not os.path.exists(path):
        return data
    try:
        with open(path, encoding="utf-8") as source:
            tree = _yaml().load(source)
    except YAMLError as error:
        if "duplicate key" in _describe(error):
            key = getattr(error, "problem", "")
            data.problems.append(Problem(f"duplicate key: {key}".strip(), _mark_line(error)))
        else:
            data.problems.append(Problem(f"not valid YAML: {_describe(error)}", _mark_line(error)))
        return data
    except (OSError, UnicodeDecodeError) as error:
        data.problems.append(Problem(f"cannot be read: {error}"))
        return data
    if tree is None:
        return data
    if not isinstance(tree, CommentedMap):
        data.problems.append(Problem("must be a mapping of post slug or URL path to a count", 1))
        return data
    for key in tree:
        data.lines[str(key)] = tree.lc.key(key)[0] + 1
    try:
        data.counts = COUNTS.validate_python(dict(tree))
    except ValidationError as error:
        bad = set()
        for item in error.errors():
            key = item["loc"][0]
            bad.add(key)
            data.problems.append(
                Problem(_count_problem(key, tree.get(key), item), data.lines.get(str(key)))
            )
        data.counts = {str(k): v for k, v in tree.items() if k not in bad}
    return data


def _count_problem(key, value, item) -> str:
    if len(item["loc"]) > 1 and item["loc"][1] == "[key]":
        return f"key {key!r} must be a post slug or URL path (text)"
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return f"count for {key!r} is negative: {value}"
    return f"count for {key!r} is not a whole number: {value!r}"


def save(path: str, additions: dict[str, int], replacements: dict[str, int] | None = None) -> None:
    """Add to (or set) counts in ``path``, keeping its comments and order; new keys go last."""
    yaml = _yaml()
    tree = CommentedMap()
    if os.path.exists(path):
        with open(path, encoding="utf-8") as source:
            tree = yaml.load(source) or CommentedMap()
    else:
        tree.yaml_set_start_comment(HEADER.replace("# ", "").rstrip())
    for key, value in (replacements or {}).items():
        tree[key] = value
    for key, value in additions.items():
        tree[key] = int(tree.get(key, 0)) + value
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    temporary = f"{path}.tmp"
    with open(temporary, "w", encoding="utf-8") as target:
        yaml.dump(tree, target)
    os.replace(temporary, path)
