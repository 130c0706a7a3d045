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
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from crawleruseragents import CRAWLER_USER_AGENTS_DATA

from .ledger import Ledger, LogEntry
from .urls import PostIndex

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
CACHE_LIMIT = 50_000  # distinct paths / user agents remembered before the caches start over


def _bot_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{entry['pattern']})" for entry in CRAWLER_USER_AGENTS_DATA))


@dataclass
class Summary:
    """What one import saw: every line read lands in exactly one of the other counters."""

    read: int = 0
    counted: int = 0
    bots: int = 0
    malformed: int = 0
    repeats: int = 0  # same visitor, post and day: already counted
    other: int = 0  # not a successful GET of a post (assets, feeds, errors, ...)
    already_imported: int = 0
    views: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def add(self, other: Summary) -> None:
        for name in (
            "read",
            "counted",
            "bots",
            "malformed",
            "repeats",
            "other",
            "already_imported",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.views.update(other.views)
        self.problems.extend(other.problems)

    def lines(self) -> list[str]:
        return [
            f"lines read: {self.read}",
            f"views counted: {self.counted}",
            f"skipped as bots: {self.bots}",
            f"skipped as malformed: {self.malformed}",
            f"repeat views (same visitor, post and day): {self.repeats}",
            f"not a post view (assets, feeds, errors, other methods): {self.other}",
            f"already imported earlier: {self.already_imported}",
        ]


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
        self.index = index
        self.ledger = ledger
        self.secret = os.urandom(32)  # this run's hash key: never stored
        self.bots = _bot_pattern()
        self.paths: dict[bytes, str | None] = {}
        self.agents: dict[bytes, bool] = {}
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
        summary = Summary()
        head = first_line(path)
        if not head.endswith(b"\n"):
            return summary  # empty, or one line still being written
        entry = self.ledger.log_for(hashlib.sha256(head).hexdigest())
        known = entry.size if entry else 0
        verified = entry is None  # the bytes imported before are this file's first bytes
        digest = hashlib.sha256()
        size = 0
        with open_log(path) as stream:
            for line in stream:
                if not line.endswith(b"\n"):
                    break  # a line still being written: the next import reads it whole
                size += len(line)
                digest.update(line)
                if size <= known:
                    summary.already_imported += 1
                    self._count_line(line, Summary())  # remember its visitors, count nothing
                    if size == known:
                        verified = digest.hexdigest() == entry.digest
                        if not verified:
                            break
                    continue
                if not verified:
                    break  # the imported part does not end on one of this file's lines
                summary.read += 1
                self._count_line(line, summary)
        if not verified:
            return Summary(
                problems=[
                    f"{path}: starts like the imported log {entry.name!r} but does not "
                    "continue it; skipped"
                ]
            )
        self._record(path, head, entry, size, digest.hexdigest(), summary)
        return summary

    def _record(self, path, head, entry, size, digest, summary) -> None:
        if entry is None:
            entry = LogEntry(os.path.basename(path), hashlib.sha256(head).hexdigest(), 0, "")
            self.ledger.logs.append(entry)
        entry.size, entry.digest = size, digest
        for slug, views in summary.views.items():
            entry.counted[slug] = entry.counted.get(slug, 0) + views

    def _count_line(self, line: bytes, summary: Summary) -> None:
        match = (LINE_ESCAPED if b'\\"' in line else LINE).match(line)
        if match is None:
            summary.malformed += 1
            return
        ip, day, method, target, status, agent = match.groups()
        if method != b"GET" or status not in VIEW_STATUSES:
            summary.other += 1
            return
        slug = self._slug(target)
        if slug is None:
            summary.other += 1
            return
        agent = agent or b""
        if agent and self._is_bot(agent):
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

    def _slug(self, target: bytes) -> str | None:
        target = target.split(b"?", 1)[0]
        if target not in self.paths:
            if len(self.paths) > CACHE_LIMIT:
                self.paths.clear()
            self.paths[target] = self.index.slug_for_path(target.decode("utf-8", "replace"))
        return self.paths[target]

    def _is_bot(self, agent: bytes) -> bool:
        if agent not in self.agents:
            if len(self.agents) > CACHE_LIMIT:
                self.agents.clear()
            self.agents[agent] = bool(self.bots.search(agent.decode("utf-8", "replace")))
        return self.agents[agent]

    def _day_set(self, day: bytes) -> set[bytes] | None:
        number = _day_number(day)
        if number is None:
            return None
        if number > self.latest_day:
            self.latest_day = number
            for old in [d for d in self.seen if d < number - 1]:
                del self.seen[old]
        return self.seen.setdefault(number, set())
