"""What one import saw, counter by counter: the lines a task prints after it ran."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass
class Tally:
    """Every line or row read lands in exactly one counter; ``views`` holds the views by post."""

    read: int = 0
    counted: int = 0
    bots: int = 0
    malformed: int = 0
    other: int = 0  # not a post view: assets, feeds, errors, events, rows already imported
    views: Counter = field(default_factory=Counter)

    ITEMS: ClassVar[str] = "lines"  # what the source is made of: lines, rows
    MORE: ClassVar[dict[str, str]] = {}  # the source's own counters, then "other", as printed

    def add(self, other: Tally) -> None:
        """Add ``other``'s counters and views to this one's."""
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.views.update(other.views)

    def lines(self) -> list[str]:
        labels = {
            "read": f"{self.ITEMS} read",
            "counted": "views counted",
            "bots": "skipped as bots",
            "malformed": "skipped as malformed",
            **self.MORE,
        }
        return [f"{label}: {getattr(self, counter)}" for counter, label in labels.items()]
