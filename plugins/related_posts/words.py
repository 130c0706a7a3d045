"""The words of a post's text, counted: what related_posts compares texts by.

Kept apart from the scoring (numpy, scipy) and cheap: markup out, lower case, punctuation and
digits to spaces, words of three letters or more. Counted once per text and kept, so a dev
build counts again only the posts that changed.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from functools import lru_cache

TEXTS_KEPT = 8192
SHORTEST = 3  # "a", "of", "to": they say nothing of a post's subject
_MARKUP = re.compile(r"<[^>]*>|&#?\w+;")
_SPACES = str.maketrans(dict.fromkeys(string.punctuation + string.digits + "’“”—–", " "))


@lru_cache(maxsize=TEXTS_KEPT)
def word_counts(html: str) -> dict[str, int]:
    counts = Counter(_MARKUP.sub(" ", html).lower().translate(_SPACES).split())
    return {word: count for word, count in counts.items() if len(word) >= SHORTEST}
