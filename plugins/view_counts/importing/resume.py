"""Resuming a log imported before: only the lines after the part already counted are new.

A log is recognised by its first line, not its name, so that ``access.log`` renamed to
``access.log.1`` and gzipped is the same log. The ledger records how many bytes of it were
counted and their sha256; this file continues that log only when its first bytes are exactly
those, ending on a line end. A file that starts like an imported log but does not continue it
(another log with the same first line, or an edited one) is skipped, with one line saying so.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable

from blogkit.problems import quoted

from .ledger import Ledger, LogEntry, digest


class LogProgress:
    """One file read line by line against what the ledger recorded of its log."""

    def __init__(self, ledger: Ledger, first_line: bytes):
        self.ledger = ledger
        self.first_line = digest(first_line)
        self.entry = ledger.log_for(self.first_line)
        # True once the bytes read so far are the ones counted before (at once for a new log).
        self.continues = self.entry is None
        self.earlier_lines = 0
        self.size = 0
        self._sha256 = hashlib.sha256()

    def new_lines(self, stream: Iterable[bytes], earlier: Callable[[bytes], None]):
        """The whole lines of ``stream`` after the part imported before; each line of that
        part goes to ``earlier``. None at all when the file does not continue its log.

        A last line without its line end is still being written: the next import reads it.
        """
        imported = self.entry.size if self.entry else 0
        size, update = 0, self._sha256.update
        try:
            for line in stream:
                if not line.endswith(b"\n"):
                    return
                size += len(line)
                update(line)
                if size > imported:
                    if not self.continues:
                        return  # the imported part does not end on one of this file's lines
                    yield line
                    continue
                self.earlier_lines += 1
                earlier(line)
                if size == imported:
                    self.continues = self._sha256.hexdigest() == self.entry.digest
                    if not self.continues:
                        return
        finally:
            self.size = size

    def problem(self, path: str) -> str:
        """The line that says this file was skipped (when it does not continue its log)."""
        name = quoted(self.entry.name)
        return f"{path}: starts like the imported log {name} but does not continue it; skipped"

    def record(self, path: str, views: Counter) -> None:
        """Remember how far the log was read and what it added."""
        entry = self.entry
        if entry is None:
            entry = LogEntry(os.path.basename(path), self.first_line, 0, "")
            self.ledger.logs.append(entry)
        entry.size, entry.digest = self.size, self._sha256.hexdigest()
        for slug, count in views.items():
            entry.counted[slug] = entry.counted.get(slug, 0) + count
