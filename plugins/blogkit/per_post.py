"""What a plugin works out from one post, kept with the post while its other inputs stay.

Pelican makes a new content object each time it reads a source, and a content object's own
fields (title, slug, date, summary, metadata...) do not change afterwards. The dev server's
builder keeps an unchanged post's object from one build to the next (never one whose text
depends on another source), so a value worked out from a post's own fields need not be worked
out again for the same object: :class:`PerPost` computes it again only for a new object or
when one of the other inputs it is given (a count, the build's date) is not what it was.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

Value = TypeVar("Value")


class PerPost(Generic[Value]):
    """``compute(post, *inputs)``, kept for each post object (weakly) with its ``inputs``.

    ``compute`` may read the post's own fields and ``inputs`` only: anything a plugin attached
    to the post during the build is an input.
    """

    def __init__(self, compute: Callable[..., Value]):
        self.compute = compute
        self.values: WeakKeyDictionary = WeakKeyDictionary()

    def __call__(self, post, *inputs: Hashable) -> Value:
        kept = self.values.get(post)
        if kept is not None and kept[0] == inputs:
            return kept[1]
        value = self.compute(post, *inputs)
        self.values[post] = (inputs, value)
        return value
