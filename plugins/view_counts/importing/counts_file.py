"""Writing the counts file: totals updated in place, its comments and order kept.

Only the import tasks write it; the build reads it with ``view_counts.datafile``.
"""

from __future__ import annotations

import os
from io import StringIO

from ruamel.yaml import YAML  # keeps comments and key order, which PyYAML drops
from ruamel.yaml.comments import CommentedMap

from blogkit.paths import write_atomically

HEADER = (
    "View counts by post slug (or URL path). Refreshed by `invoke views-logs`,\n"
    "`views-csv` and `views-api`; see README.md, View counts."
)


def updated_text(path: str, additions: dict[str, int]) -> str:
    """The counts file with ``additions`` added, its comments and order kept; new keys last."""
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
    write_atomically(path, text)
