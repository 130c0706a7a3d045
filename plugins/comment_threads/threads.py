"""Threading: replies under what they answer, oldest first; broken links reported, never lost."""

from __future__ import annotations

from collections.abc import Callable

from blogkit.problems import metadata_line

from .model import Comment

Warn = Callable[[str, str, int | None], None]


def _order(comment: Comment) -> tuple:
    return (comment.date, comment.name)


def build_threads(comments: list[Comment], warn: Warn) -> list[Comment]:
    """The top-level comments of one post, each with its replies nested, oldest first.

    A reply to a comment that does not exist is shown at top level. Replies that answer each
    other in a circle are shown once: the oldest of the circle is put at top level.
    """
    by_name = {comment.name: comment for comment in comments}
    parent: dict[str, str | None] = {}
    for comment in comments:
        comment.replies = []
        target = comment.replyto
        if target and target not in by_name:
            warn(
                comment.source_path,
                f"Replyto {target!r}: no such comment in this post; shown at top level",
                metadata_line(comment.source_path, "Replyto"),
            )
            target = None
        parent[comment.name] = target
    _break_cycles(by_name, parent, warn)
    roots = []
    for comment in sorted(comments, key=_order):
        target = parent[comment.name]
        if target is None:
            roots.append(comment)
        else:
            by_name[target].replies.append(comment)
    return roots


def _break_cycles(by_name: dict[str, Comment], parent: dict[str, str | None], warn: Warn) -> None:
    """Find every circle of Replyto links and cut it at its oldest comment."""
    settled: set[str] = set()
    for start in sorted(parent):
        path: list[str] = []
        on_path: set[str] = set()
        name: str | None = start
        while name is not None and name not in settled and name not in on_path:
            path.append(name)
            on_path.add(name)
            name = parent[name]
        if name is not None and name in on_path:
            circle = path[path.index(name) :]
            oldest = min((by_name[member] for member in circle), key=_order)
            parent[oldest.name] = None
            warn(
                oldest.source_path,
                f"Replyto forms a circle ({' -> '.join([*circle, circle[0]])}); shown at top level",
                metadata_line(oldest.source_path, "Replyto"),
            )
        settled.update(path)


def count(roots: list[Comment]) -> int:
    """Every comment of a thread, replies included."""
    return sum(1 for root in roots for _ in root.walk())
