"""Checks of a built site that a publish runs before sending anything (and the tests reuse)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import icalendar
from bs4 import BeautifulSoup

LINK_ATTRIBUTES = (
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("form", "action"),  # every header's search form lands on the search page
    ("form", "data-bundle"),  # the search page's index (site_search): pagefind.js
)


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def page_url(output: Path, page: Path, siteurl: str) -> str:
    """The address a built file is served at (``.../index.html`` served as ``.../``)."""
    relative = page.relative_to(output).as_posix()
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return f"{siteurl.rstrip('/')}/{relative}"


def target_file(output: Path, url: str, siteurl: str) -> Path | None:
    """The file an internal URL points at, or None for links that leave the site."""
    base = urlsplit(siteurl.rstrip("/") + "/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    path = unquote(parts.path)
    if not path.startswith(base.path):
        return None
    path = path[len(base.path) :]
    candidate = output / path
    if path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate


def internal_links(output: Path, siteurl: str) -> Iterator[tuple[Path, str, Path]]:
    """Every (page, link, file it needs) for links that stay on the site."""
    origin = siteurl.rstrip("/") or "http://site.invalid"
    for page in html_files(output):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        here = page_url(output, page, origin)
        for tag_name, attribute in LINK_ATTRIBUTES:
            for tag in soup.find_all(tag_name):
                value = tag.get(attribute)
                if not value or value.startswith(("mailto:", "tel:", "data:", "javascript:")):
                    continue
                target = target_file(output, urljoin(here, value), origin)
                if target is not None:
                    yield page, value, target


def broken_links(output: Path, siteurl: str = "") -> list[str]:
    """``page: link`` for each internal link whose file is missing from the build."""
    return [
        f"{page.relative_to(output)}: {link}"
        for page, link, target in internal_links(output, siteurl)
        if not target.is_file()
    ]


FEED_SUFFIXES = (".atom.xml", ".rss.xml")


def _feed_problem(path: Path) -> str | None:
    parsed = feedparser.parse(path.read_bytes())
    if parsed.bozo or not parsed.version:
        return f"feed does not parse: {parsed.get('bozo_exception') or 'not a feed'}"
    return None


def _xml_problem(path: Path) -> str | None:
    try:
        ET.parse(path)
    except ET.ParseError as error:
        return f"not well-formed XML: {error}"
    return None


def _calendar_problem(path: Path) -> str | None:
    try:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
    except ValueError as error:
        return f"calendar does not parse: {error}"
    if calendar.name != "VCALENDAR":
        return "calendar does not parse: no VCALENDAR"
    return None


def _check_for(path: Path):
    if path.suffix == ".ics":
        return _calendar_problem
    return _feed_problem if path.name.endswith(FEED_SUFFIXES) else _xml_problem


def data_file_problems(output: Path) -> tuple[int, list[str]]:
    """Feeds and calendars parse (feedparser, icalendar); other XML (the sitemap) is well-formed.

    Returns how many feeds and calendars were read, and ``file: problem`` for each that fails,
    whatever plugin wrote it.
    """
    read, problems = 0, []
    for path in sorted(output.rglob("*.xml")) + sorted(output.rglob("*.ics")):
        check = _check_for(path)
        read += check is not _xml_problem
        problem = check(path)
        if problem:
            problems.append(f"{path.relative_to(output).as_posix()}: {problem}")
    return read, problems
