"""Every feed and calendar file the build writes parses, whatever plugin wrote it."""

from __future__ import annotations

import shutil

from site_tools.sitecheck import data_file_problems


def test_every_feed_and_calendar_file_parses(site):
    read, problems = data_file_problems(site)
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
    _, problems = data_file_problems(copy)
    assert [line.split(":")[0] for line in problems] == [
        "feeds/all.atom.xml",
        "sitemap.xml",
        "events.ics",
    ]
