"""Page views from analytics CSV exports, as GoatCounter and Plausible write them.

- GoatCounter (Settings → Export, or ``/api/v0/export``): one row per pageview; columns
  ``2,Path`` (the header carries the format version), ``Title``, ``Event``, ``User-Agent``,
  ``Browser``, ``System``, ``Session``, ``Bot``, ``Referrer``, ``Referrer scheme``,
  ``Screen size``, ``Location``, ``FirstVisit``, ``Date``. Events and rows with ``Bot`` other
  than 0 are not views. Rows are dated, so an import counts only rows newer than the last
  one imported: overlapping exports never count a view twice.
- Plausible (dashboard → Export, a zip of CSV files): ``pages.csv`` with columns ``name``,
  ``visitors``, ``pageviews``, ``bounce_rate``, ``time_on_page``. Totals for the period
  exported; the same file (or zip) imported again is recognised by its content.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import ClassVar

from blogkit.posts import PostIndex

from .tally import Tally

GOATCOUNTER_VERSIONS = ("1", "2")
PLAUSIBLE_PAGES = "pages.csv"


class ExportError(ValueError):
    """An export this importer cannot read: one line naming the file and the problem."""


@dataclass
class ExportCounts(Tally):
    """The rows of one export; ``counted`` is the views they hold (a Plausible row has many)."""

    latest: str = ""  # newest row date (GoatCounter)

    ITEMS: ClassVar[str] = "rows"
    MORE: ClassVar[dict[str, str]] = {"other": "not a post view or already imported"}


def _text(path: str, member: str) -> io.StringIO:
    """The CSV text of ``path``, or of ``member`` inside it when it is a zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == member]
            if not names:
                raise ExportError(f"{path}: the zip holds no {member}")
            data = archive.read(names[0])
    else:
        with open(path, "rb") as source:
            data = source.read()
    return io.StringIO(data.decode("utf-8-sig", errors="replace"), newline="")


def goatcounter(path: str, index: PostIndex, after: str = "") -> ExportCounts:
    """Count GoatCounter's per-pageview rows dated after ``after`` (an ISO 8601 instant)."""
    result = ExportCounts()
    reader = csv.reader(_text(path, "goatcounter-export.csv"))
    header = next(reader, None)
    if not header or header[0] not in GOATCOUNTER_VERSIONS or header[1:2] != ["Path"]:
        raise ExportError(f"{path}: not a GoatCounter CSV export (expected a '2,Path' header)")
    # The header's first cell is the version ("2,Path" unquoted): rows have one cell less.
    columns = {name: number for number, name in enumerate(header[1:])}
    for name in ("Event", "Bot", "Date"):
        if name not in columns:
            raise ExportError(f"{path}: the GoatCounter export has no {name!r} column")
    width = len(header) - 1
    for row in reader:
        if not row:
            continue  # GoatCounter allows blank lines
        result.read += 1
        if len(row) != width or not row[columns["Date"]]:
            result.malformed += 1
            continue
        date = row[columns["Date"]]
        if row[columns["Bot"]] not in ("0", ""):
            result.bots += 1
            continue
        slug = index.slug_for_path(row[columns["Path"]])
        if row[columns["Event"]] == "true" or slug is None or date <= after:
            result.other += 1
            continue
        result.counted += 1
        result.views[slug] += 1
        result.latest = max(result.latest, date)
    return result


def plausible(path: str, index: PostIndex) -> ExportCounts:
    """Count the ``pageviews`` column of Plausible's pages report."""
    result = ExportCounts()
    reader = csv.DictReader(_text(path, PLAUSIBLE_PAGES))
    if not reader.fieldnames or not {"name", "pageviews"} <= set(reader.fieldnames):
        raise ExportError(f"{path}: not a Plausible pages export (expected name,pageviews)")
    for row in reader:
        result.read += 1
        views = (row.get("pageviews") or "").strip()
        if not views.isdigit() or not row.get("name"):
            result.malformed += 1
            continue
        slug = index.slug_for_path(row["name"])
        if slug is None:
            result.other += 1
            continue
        result.counted += int(views)
        result.views[slug] += int(views)
    return result
