"""The ``invoke views-*`` tasks: read a source, add what is new to the counts file.

The counts file keeps totals (the old host's baseline plus everything imported); the
ledger remembers what each import added, so that the same source never adds twice.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from datetime import date

from . import analytics_api, datafile, exports
from . import ledger as ledgers
from .logs import LogCounter
from .posts import oldest_post_date, post_index
from .settings import TOKEN_ENV, data_path, setting


class ImportRefused(RuntimeError):
    """Nothing was changed: one line says why."""


class Import:
    """One import: the counts file, the ledger and the posts, loaded and saved together."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.data_path = data_path(settings)
        self.ledger_path = data_path(settings, "VIEW_COUNTS_LEDGER")
        self.ledger = ledgers.load(self.ledger_path)
        self._finish_interrupted_import()
        data = datafile.load(self.data_path)
        if data.problems:
            raise ImportRefused(str(data.problems[0]))
        self.data = data
        self.index = post_index(settings)
        # The key the counts file already uses for each post (a slug or a path).
        self.keys = {}
        for key in data.counts:
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
        text = datafile.updated_text(self.data_path, changes) if changes else None
        if text is not None:
            self.ledger.pending = {"changes": changes, "sha256": _sha256(text.encode())}
        ledgers.save(self.ledger_path, self.ledger)
        if text is not None:
            datafile.write(self.data_path, text)
            self.ledger.pending = None
            ledgers.save(self.ledger_path, self.ledger)

    def _finish_interrupted_import(self) -> None:
        pending = self.ledger.pending
        if not pending:
            return
        exists = os.path.exists(self.data_path)
        current = exports.file_digest(self.data_path) if exists else _sha256(b"")
        if current != pending["sha256"]:
            datafile.write(
                self.data_path, datafile.updated_text(self.data_path, pending["changes"])
            )
        self.ledger.pending = None
        ledgers.save(self.ledger_path, self.ledger)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_logs(settings: dict, paths: list[str]) -> list[str]:
    job = Import(settings)
    counter = LogCounter(job.index, job.ledger)
    summary = counter.count_files(paths)
    job.save(summary.views)
    return [*summary.problems, *summary.lines()]


def import_csv(settings: dict, source: str, path: str) -> list[str]:
    job = Import(settings)
    try:
        if source == "goatcounter":
            after = job.ledger.counted_until.get("goatcounter-csv", "")
            result = exports.goatcounter(path, job.index, after)
            if result.latest:
                job.ledger.counted_until["goatcounter-csv"] = result.latest
        elif source == "plausible":
            digest = exports.file_digest(path)
            earlier = job.ledger.export_for(digest)
            if earlier:
                return [f"{path}: already imported (as {earlier.name!r}); nothing changed"]
            result = exports.plausible(path, job.index)
            job.ledger.exports.append(
                ledgers.ExportEntry(
                    "plausible-csv", os.path.basename(path), digest, dict(result.views)
                )
            )
        else:
            raise ImportRefused(f"unknown source {source!r}: goatcounter or plausible")
    except exports.ExportError as error:
        raise ImportRefused(str(error)) from None
    job.save(result.views)
    return result.lines()


def import_api(settings: dict, source: str, until: date) -> list[str]:
    """Replace the previous snapshot of this API's totals with the current one."""
    if source not in TOKEN_ENV:
        raise ImportRefused(f"unknown source {source!r}: goatcounter or plausible")
    job = Import(settings)
    token = os.environ.get(TOKEN_ENV[source], "")
    since = setting(settings, "VIEW_COUNTS_SINCE") or oldest_post_date(settings)
    if not token:
        raise ImportRefused(f"set the {TOKEN_ENV[source]} environment variable to the API token")
    try:
        if source == "goatcounter":
            base = setting(settings, "VIEW_COUNTS_GOATCOUNTER_URL")
            if not base:
                raise ImportRefused(
                    "set VIEW_COUNTS_GOATCOUNTER_URL (https://<code>.goatcounter.com)"
                )
            views = analytics_api.goatcounter(base, token, since, until.isoformat(), job.index)
        else:
            base = setting(settings, "VIEW_COUNTS_PLAUSIBLE_URL")
            site_id = setting(settings, "VIEW_COUNTS_PLAUSIBLE_SITE_ID")
            if not site_id:
                raise ImportRefused(
                    "set VIEW_COUNTS_PLAUSIBLE_SITE_ID (the site's domain in Plausible)"
                )
            views = analytics_api.plausible(
                base, token, site_id, since, until.isoformat(), job.index
            )
    except analytics_api.ApiError as error:
        raise ImportRefused(str(error)) from None
    name = f"{source} {base}"
    previous = Counter(job.ledger.snapshots.get(name, {}).get("counts", {}))
    if job.ledger.snapshots.get(name, {}).get("since", since) != since:
        raise ImportRefused(
            f"VIEW_COUNTS_SINCE changed from {job.ledger.snapshots[name]['since']} to {since}: "
            "the earlier snapshot would no longer be comparable"
        )
    job.ledger.snapshots[name] = {"since": since, "until": until.isoformat(), "counts": dict(views)}
    change = Counter(views)
    change.subtract(previous)
    job.save(change)
    return [
        f"views from {since} to {until.isoformat()}: {sum(views.values())}",
        f"new since the last import: {sum(change.values())}",
    ]
