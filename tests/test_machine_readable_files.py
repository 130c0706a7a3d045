"""Every feed and calendar file the build writes parses, whatever plugin wrote it."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar

FEED_ROOTS = {"{http://www.w3.org/2005/Atom}feed", "rss"}


def unparsable_files(site: Path) -> tuple[int, list[str]]:
    """Parse every *.xml (feeds with feedparser) and *.ics (with icalendar) under site.

    Returns how many feeds and calendars were read and one line per file that does not parse.
    """
    read, problems = 0, []
    for path in sorted(site.rglob("*.xml")):
        name = path.relative_to(site).as_posix()
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as error:
            problems.append(f"{name}: not well-formed XML: {error}")
            continue
        if root.tag not in FEED_ROOTS:
            continue  # the sitemap and other XML: well-formed is enough
        read += 1
        parsed = feedparser.parse(path.read_bytes())
        if parsed.bozo:
            problems.append(f"{name}: {parsed.get('bozo_exception')}")
    for path in sorted(site.rglob("*.ics")):
        read += 1
        try:
            icalendar.Calendar.from_ical(path.read_bytes())
        except ValueError as error:
            problems.append(f"{path.relative_to(site).as_posix()}: {error}")
    return read, problems


def test_every_feed_and_calendar_file_parses(site):
    read, problems = unparsable_files(site)
    feeds = list(site.rglob("*.atom.xml")) + list(site.rglob("*.rss.xml"))
    calendars = list(site.rglob("*.ics"))
    assert len(feeds) >= 4  # the site's, a category's and a tag's, in Atom and RSS
    assert read == len(feeds) + len(calendars)
    assert problems == []


def test_a_broken_feed_or_calendar_is_reported(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    feed = copy / "feeds" / "all.atom.xml"
    feed.write_bytes(feed.read_bytes()[:-200])
    (copy / "sitemap.xml").write_text("<urlset><url></urlset>")
    (copy / "events.ics").write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n")
    _, problems = unparsable_files(copy)
    assert [line.split(":")[0] for line in problems] == [
        "feeds/all.atom.xml",
        "sitemap.xml",
        "events.ics",
    ]
