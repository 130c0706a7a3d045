"""The counts file as the build reads it: validated entry by entry, every problem with its line.

The import tasks write it (``view_counts.importing.counts_file``); the build never does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from blogkit import datafile
from blogkit.problems import ContentError, Problem, quoted

_INT = SafeConstructor()


@dataclass
class ViewData:
    """What the file says: counts by key, the line of each key, and what is wrong with it."""

    counts: dict[str, int] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load(path: str) -> ViewData:
    """Read and check ``path``; a missing file is no data, not a problem.

    Read with blogkit's data-file reader (line numbers, no aliases, bounded work), then checked
    entry by entry: keys are text and unique, counts are whole numbers, not negative. Every
    problem is kept; the entries without one are used.
    """
    data = ViewData()
    if not os.path.exists(path):
        return data
    try:
        root = datafile.read(path)
    except ContentError as error:
        data.problems.append(error.problem)
        return data
    if root is None:
        return data
    if not isinstance(root, datafile.Mapping):
        message = "must be a mapping of post slug or URL path to a count"
        data.problems.append(Problem(path, message, root.line))
        return data
    for key_node, value_node in root.pairs:
        line = key_node.line
        key = datafile.text(key_node)
        if not isinstance(key_node, datafile.Scalar) or key_node.kind != "str":
            shown = quoted(key) if key is not None else "(a list or mapping)"
            data.problems.append(
                Problem(path, f"key {shown} must be a post slug or URL path", line)
            )
        elif key in data.lines:
            message = f"duplicate key {quoted(key)} (first on line {data.lines[key]})"
            data.problems.append(Problem(path, message, line))
        else:
            data.lines[key] = line
            try:
                data.counts[key] = _count(key, value_node)
            except ValueError as error:
                data.problems.append(Problem(path, str(error), line))
    return data


def _count(key: str, node: datafile.Node) -> int:
    if not isinstance(node, datafile.Scalar):
        kind = "a list" if isinstance(node, datafile.Sequence) else "a mapping"
        raise ValueError(f"count for {quoted(key)} is not a whole number: {kind}")
    if node.kind != "int":
        shown = quoted(node.value) if node.kind == "str" else node.value
        raise ValueError(f"count for {quoted(key)} is not a whole number: {shown}")
    value = _INT.construct_yaml_int(ScalarNode("tag:yaml.org,2002:int", node.value))
    if value < 0:
        raise ValueError(f"count for {quoted(key)} is negative: {value}")
    return value
