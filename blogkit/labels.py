"""Labels a reader sees, formatted one way wherever a plugin makes them."""

from __future__ import annotations


def count_label(count: int, singular: str, plural: str | None = None) -> str:
    """``1 view``, ``5 views``, ``1,234 views``."""
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {noun}"
