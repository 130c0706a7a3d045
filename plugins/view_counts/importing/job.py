"""One import: the counts file, the ledger and the posts, loaded and saved together.

The counts file keeps totals (the old host's baseline plus everything imported); the ledger
remembers what each import added, so that the same source never adds twice. Saving is a
small transaction: however an import is interrupted, the next one finishes it or finds it done.
"""

from __future__ import annotations

import os
from collections import Counter

from blogkit.posts import post_index

from .. import datafile
from ..settings import data_path
from . import counts_file
from . import ledger as ledgers


class ImportRefused(RuntimeError):
    """Nothing was changed: one line says why."""


class Import:
    """The files one import reads and changes, and the posts its sources are matched to."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.data_path = data_path(settings)
        self.ledger_path = data_path(settings, "VIEW_COUNTS_LEDGER")
        try:
            self.ledger = ledgers.load(self.ledger_path)
        except ledgers.LedgerError as error:
            raise ImportRefused(str(error)) from None
        self.data = _checked_counts(self.data_path)  # a broken file is refused, never rewritten
        if self._finish_interrupted_import():
            self.data = _checked_counts(self.data_path)
        self.index = post_index(settings)
        # The key the counts file already uses for each post (a slug or a path).
        self.keys = {}
        for key in self.data.counts:
            self.keys.setdefault(self.index.slug_for_key(key), key)

    def key_for(self, slug: str) -> str:
        return self.keys.get(slug, slug)

    def save(self, additions: Counter) -> None:
        """Write the ledger with the pending change, then the counts, then clear it.

        However an import is interrupted, the next one finds the counts either updated (the
        file has the recorded hash) or not (it applies the pending change): never lost, never
        added twice.
        """
        changes = {self.key_for(slug): n for slug, n in additions.items() if n}
        for key, change in changes.items():
            if self.data.counts.get(key, 0) + change < 0:
                changes[key] = -self.data.counts.get(key, 0)
        text = counts_file.updated_text(self.data_path, changes) if changes else None
        if text is not None:
            self.ledger.pending = {"changes": changes, "sha256": ledgers.digest(text.encode())}
        ledgers.save(self.ledger_path, self.ledger)
        if text is not None:
            counts_file.write(self.data_path, text)
            self.ledger.pending = None
            ledgers.save(self.ledger_path, self.ledger)

    def _finish_interrupted_import(self) -> bool:
        """Apply the change an interrupted import left pending, unless it was written."""
        pending = self.ledger.pending
        if not pending:
            return False
        exists = os.path.exists(self.data_path)
        current = ledgers.file_digest(self.data_path) if exists else ledgers.digest(b"")
        if current != pending["sha256"]:
            text = counts_file.updated_text(self.data_path, pending["changes"])
            counts_file.write(self.data_path, text)
        self.ledger.pending = None
        ledgers.save(self.ledger_path, self.ledger)
        return True


def _checked_counts(path: str) -> datafile.ViewData:
    data = datafile.load(path)
    if data.problems:
        raise ImportRefused(str(data.problems[0]))
    return data
