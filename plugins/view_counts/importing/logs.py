"""Count post views in web server access logs (common and combined formats, plain or gzipped).

A view is a ``GET`` answered ``200`` (the page was sent) or ``304`` (the reader's browser
showed its cached copy: a read all the same) of a URL that is one of a post's addresses;
assets, feeds, errors, redirects and other methods are not. Requests whose User-Agent is on
the ``crawler-user-agents`` list are bots. A visitor (address + User-Agent) counts once per
post per day: the key is a keyed BLAKE2 hash whose key is random, made for this run and never
written, so nothing that is kept or printed can be traced back to an address. Files are read
line by line and only the keys of the last two days stay in memory: memory does not grow with
the size of the logs.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import ClassVar

from crawleruseragents import CRAWLER_USER_AGENTS_DATA

from blogkit.posts import PostIndex

from .ledger import Ledger
from .resume import LogProgress
from .tally import Tally

# ip ident user [day:time zone] "method target protocol" status bytes ["referrer" "agent"]
LINE = re.compile(
    rb"([^ ]+) [^ ]+ [^ ]+ \[(\d\d/[A-Za-z]{3}/\d{4}):[^\]]*\] "
    rb'"([A-Z]+) ([^ "]+)[^"]*" (\d{3}) (?:\d+|-)'
    rb'(?: "[^"]*" "([^"]*)")?'
)
# The same, for the rare line whose referrer or agent holds an escaped quote (Apache: \").
LINE_ESCAPED = re.compile(
    rb"([^ ]+) [^ ]+ [^ ]+ \[(\d\d/[A-Za-z]{3}/\d{4}):[^\]]*\] "
    rb'"([A-Z]+) ([^ "]+)[^"]*" (\d{3}) (?:\d+|-)'
    rb'(?: "(?:[^"\\]|\\.)*" "((?:[^"\\]|\\.)*)")?'
)
VIEW_STATUSES = (b"200", b"304")
UNREADABLE = (OSError, EOFError, zlib.error)  # missing file, truncated or damaged gzip
CACHE_LIMIT = 50_000  # distinct paths / user agents remembered (the least recent forgotten)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _remembered(function: Callable[[bytes], object]) -> Callable[[bytes], object]:
    """``function`` with its answers kept for the last CACHE_LIMIT arguments."""
    return lru_cache(maxsize=CACHE_LIMIT)(function)


def _bot_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{entry['pattern']})" for entry in CRAWLER_USER_AGENTS_DATA))


@dataclass
class Summary(Tally):
    """What one import of logs saw: every line read lands in exactly one counter."""

    repeats: int = 0  # same visitor, post and day: already counted
    already_imported: int = 0
    problems: list[str] = field(default_factory=list)

    MORE: ClassVar[dict[str, str]] = {
        "repeats": "repeat views (same visitor, post and day)",
        "other": "not a post view (assets, feeds, errors, other methods)",
        "already_imported": "already imported earlier",
    }

    def add(self, other: Summary) -> None:
        super().add(other)
        self.problems.extend(other.problems)


def open_log(path: str):
    """A binary stream of the log, decompressed when it is gzipped (by content, not name)."""
    with open(path, "rb") as probe:
        magic = probe.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


def first_line(path: str) -> bytes:
    with open_log(path) as stream:
        return stream.readline()


_MONTHS = {
    month.encode(): number
    for number, month in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        start=1,
    )
}


def _day_number(day: bytes) -> int | None:
    """``10/Oct/2026`` as a day number (for ordering and forgetting old days)."""
    try:
        return datetime(int(day[7:11]), _MONTHS[day[3:6]], int(day[0:2])).toordinal()
    except (KeyError, ValueError):
        return None


_TIMESTAMP = re.compile(rb"\[(\d\d/[A-Za-z]{3}/\d{4}):(\d\d:\d\d:\d\d)")


def _start_key(path: str) -> tuple:
    """Files in the order of their first request; unreadable starts last."""
    match = _TIMESTAMP.search(first_line(path))
    day = _day_number(match[1]) if match else None
    return (day is None, day or 0, match[2] if match else b"", path)


class LogCounter:
    """Counts views over many files of one run, sharing its visitor keys between them."""

    def __init__(self, index: PostIndex, ledger: Ledger):
        self.ledger = ledger
        self.secret = os.urandom(32)  # this run's hash key: never stored
        bots = _bot_pattern()
        # Logs repeat a few thousand paths and agents: each is looked up once (memory bounded).
        self.slug_for = _remembered(lambda target: index.slug_for_path(_text(target)))
        self.is_bot = _remembered(lambda agent: bool(bots.search(_text(agent))))
        self.seen: dict[int, set[bytes]] = {}
        self.latest_day = 0

    def count_files(self, paths: list[str]) -> Summary:
        """Oldest file first, so that one visitor's day spans files in order."""
        total = Summary()
        starts = {}
        for path in paths:
            try:
                starts[path] = _start_key(path)
            except UNREADABLE as error:
                total.problems.append(f"{path}: cannot be read ({error}); skipped")
        for path in sorted(starts, key=starts.get):
            try:
                total.add(self.count_file(path))
            except UNREADABLE as error:  # a damaged archive: nothing of it is counted
                total.problems.append(f"{path}: cannot be read ({error}); skipped")
        return total

    def count_file(self, path: str) -> Summary:
        """The new lines of one file; the ones imported before only remember their visitors."""
        summary = Summary()
        head = first_line(path)
        if not head.endswith(b"\n"):
            return summary  # empty, or one line still being written
        progress = LogProgress(self.ledger, head)
        with open_log(path) as stream:
            for line in progress.new_lines(stream, self._remember_visitors):
                summary.read += 1
                self._count_line(line, summary)
        if not progress.continues:
            return Summary(problems=[progress.problem(path)])
        summary.already_imported = progress.earlier_lines
        progress.record(path, summary.views)
        return summary

    def _remember_visitors(self, line: bytes) -> None:
        """A line counted by an earlier import: its visitor is known, nothing is counted."""
        self._count_line(line, Summary())

    def _count_line(self, line: bytes, summary: Summary) -> None:
        match = (LINE_ESCAPED if b'\\"' in line else LINE).match(line)
        if match is None:
            summary.malformed += 1
            return
        ip, day, method, target, status, agent = match.groups()
        if method != b"GET" or status not in VIEW_STATUSES:
            summary.other += 1
            return
        slug = self.slug_for(target.split(b"?", 1)[0])
        if slug is None:
            summary.other += 1
            return
        agent = agent or b""
        if agent and self.is_bot(agent):
            summary.bots += 1
            return
        seen = self._day_set(day)
        if seen is None:
            summary.malformed += 1
            return
        key = hashlib.blake2b(
            ip + b"\0" + agent + b"\0" + slug.encode(), key=self.secret, digest_size=12
        ).digest()
        if key in seen:
            summary.repeats += 1
            return
        seen.add(key)
        summary.counted += 1
        summary.views[slug] += 1

    def _day_set(self, day: bytes) -> set[bytes] | None:
        number = _day_number(day)
        if number is None:
            return None
        if number > self.latest_day:
            self.latest_day = number
            for old in [d for d in self.seen if d < number - 1]:
                del self.seen[old]
        return self.seen.setdefault(number, set())
