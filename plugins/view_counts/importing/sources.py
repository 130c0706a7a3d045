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


def oldest_post_date(settings: dict) -> str | None:
    """The day the APIs count from when VIEW_COUNTS_SINCE is not set."""
    dates = [post.date.date().isoformat() for post in read_posts(settings)]
    return min(dates) if dates else None
