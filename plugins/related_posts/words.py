"""What related_posts compares posts by, kept apart from the scoring (NumPy, SciPy) and cheap.

A post's words: markup out, lower case, punctuation and digits to spaces, words of three
letters or more. Counted once per text and kept, so a dev build counts again only the posts
that changed, and only when the lists are worked out at all (not when the asset cache has
them).
"""

from __future__ import annotations

import hashlib
import re
import string
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

TEXTS_KEPT = 8192
SHORTEST = 3  # "a", "of", "to": they say nothing of a post's subject
_MARKUP = re.compile(r"<[^>]*>|&#?\w+;")
_SPACES = str.maketrans(dict.fromkeys(string.punctuation + string.digits + "’“”—–", " "))


@lru_cache(maxsize=TEXTS_KEPT)
def word_counts(html: str) -> dict[str, int]:
    counts = Counter(_MARKUP.sub(" ", html).lower().translate(_SPACES).split())
    return {word: count for word, count in counts.items() if len(word) >= SHORTEST}


@dataclass(frozen=True)
class Described:
    """What a post is compared by: its tags, its category and its text."""

    tags: tuple[str, ...]
    category: str
    text: str  # its HTML

    @classmethod
    def of(cls, post, text: str) -> Described:
        category = getattr(post, "category", None)
        return cls(
            tags=tuple(sorted({tag.name.lower() for tag in getattr(post, "tags", None) or []})),
            category=category.name.lower() if category else "",
            text=text,
        )

    @property
    def words(self) -> dict[str, int]:
        return word_counts(self.text)

    def key_parts(self) -> list:
        """All of it, for a cache key: the text as its hash."""
        text = hashlib.blake2b(self.text.encode(), digest_size=16).hexdigest()
        return [self.tags, self.category, text]
