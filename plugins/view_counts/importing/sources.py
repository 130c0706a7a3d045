"""What each ``invoke views-*`` task does: read one kind of source, add what is new."""

from __future__ import annotations

import os
from collections import Counter
from datetime import date

from blogkit.posts import read_posts

from ..settings import TOKEN_ENV, setting
from . import analytics_api, exports
from . import ledger as ledgers
from .job import Import, ImportRefused
from .logs import LogCounter


def import_logs(settings: dict, paths: list[str]) -> list[str]:
    """Add the views in access logs; the lines imported before are recognised and skipped."""
    job = Import(settings)
    summary = LogCounter(job.index, job.ledger).count_files(paths)
    job.save(summary.views)
    return [*summary.problems, *summary.lines()]


def import_csv(settings: dict, source: str, path: str) -> list[str]:
    """Add the views in a GoatCounter or Plausible export; rows or files seen before are not."""
    job = Import(settings)
    try:
        if source == "goatcounter":
            after = job.ledger.counted_until.get("goatcounter-csv", "")
            result = exports.goatcounter(path, job.index, after)
            if result.latest:
                job.ledger.counted_until["goatcounter-csv"] = result.latest
        elif source == "plausible":
            digest = ledgers.file_digest(path)
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
    """Replace the previous snapshot of this source's totals with the current one.

    GoatCounter without GOATCOUNTER_TOKEN is read from its public counter; with or without a
    token, its totals are one snapshot, so switching between the two adds nothing twice.
    """
    if source not in TOKEN_ENV:
        raise ImportRefused(f"unknown source {source!r}: goatcounter or plausible")
    job = Import(settings)
    since = setting(settings, "VIEW_COUNTS_SINCE") or oldest_post_date(settings)
    try:
        base, views = _api_totals(settings, source, since, until.isoformat(), job.index)
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


def _api_totals(settings, source, since, until, index) -> tuple[str, Counter]:
    """The source's address and its totals by post, from the API (or GoatCounter's counter)."""
    token = os.environ.get(TOKEN_ENV[source], "").strip()
    if source == "goatcounter":
        base = _required(settings, "VIEW_COUNTS_GOATCOUNTER_URL", "https://<code>.goatcounter.com")
        if token:
            return base, analytics_api.goatcounter(base, token, since, until, index)
        return base, analytics_api.goatcounter_counters(base, since, until, index)
    if not token:
        raise ImportRefused(f"set the {TOKEN_ENV[source]} environment variable to the API token")
    base = setting(settings, "VIEW_COUNTS_PLAUSIBLE_URL")
    site_id = _required(settings, "VIEW_COUNTS_PLAUSIBLE_SITE_ID", "the site's domain in Plausible")
    return base, analytics_api.plausible(base, token, site_id, since, until, index)


def _required(settings, name: str, hint: str) -> str:
    value = setting(settings, name)
    if not value:
        raise ImportRefused(f"set {name} ({hint})")
    return value


def oldest_post_date(settings: dict) -> str | None:
    """The day the APIs count from when VIEW_COUNTS_SINCE is not set."""
    dates = [post.date.date().isoformat() for post in read_posts(settings)]
    return min(dates) if dates else None
