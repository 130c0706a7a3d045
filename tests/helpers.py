"""What the tests share: real builds of the site, reading them back, tools CI must have.

Test modules import from here (and conftest.py's fixtures), never from one another.
"""

from __future__ import annotations

import contextlib
import filecmp
import json
import os
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from site_search.indexing import BUNDLE, NOT_REPRODUCIBLE
from site_tools import audit, sitecheck
from site_tools.audit import CHROME_FLAGS
from site_tools.building import BuildResult, run_pelican
from site_tools.isso_server import IssoUnavailable, RunningIsso, local_config, running_isso
from site_tools.localhost import free_port, served
from site_tools.sitecheck import NuReport, nu_checker_missing

ROOT = Path(__file__).resolve().parent.parent
TEST_SITEURL = "https://blog.example.org"
# 2026-11-24 12:00 UTC: a fixed "now" so every build of the suite is the same.
TEST_EPOCH = "1795521600"
# Where the browser tests write their screenshots; the end of the run says so.
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() == "true"
# Debian's Chromium with the audit's flags (Playwright adds --headless itself).
CHROMIUM_ARGS = [flag for flag in CHROME_FLAGS if flag != "--headless"]


def require_tool(available: bool, what: str) -> None:
    """Skip locally when a tool is missing; in CI a missing tool is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not installed")
    pytest.skip(f"{what} is not installed")


# --- Building the site ------------------------------------------------------------------------


def build(
    output: Path,
    settings: str = "publishconf.py",
    content: Path | None = None,
    env: dict | None = None,
    cache: Path | None = None,
    extra: tuple[str, ...] = (),
) -> BuildResult:
    """One real Pelican build of the repository's site (or of another content folder)."""
    env = {"SITEURL": TEST_SITEURL, "SOURCE_DATE_EPOCH": TEST_EPOCH, **(env or {})}
    cache = cache or output.parent / f"{output.name}-cache"
    return run_pelican(
        settings,
        output,
        "--cache-path",
        str(cache),
        *extra,
        env=env,
        content=str(content or ROOT / "content"),
    )


def settings_file(folder: Path, name: str, base: str = "pelicanconf", extra: str = "") -> str:
    """A settings file in ``folder``: the site's ``base`` settings plus ``extra`` lines.

    The base file's settings are its upper-case names, run where it is; theme and plugin paths
    are made absolute: Pelican reads relative ones from the settings file's own folder.
    """
    path = folder / f"{name}.py"
    path.write_text(
        "import runpy\n"
        f"globals().update((k, v) for k, v in runpy.run_path({str(ROOT / f'{base}.py')!r}).items()"
        " if k.isupper())\n"
        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n{extra}"
    )
    return str(path)


PROJECT_FILES = ("content", "theme", "plugins", "blogkit", "site_tools", "tasks.py",
                 "pelicanconf.py", "publishconf.py", "pyproject.toml",
                 "requirements.txt")  # fmt: skip


def copy_project(target: Path) -> Path:
    """What an author's checkout holds (no tests, no git), copied to ``target``."""
    target.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


# The sample event with the most on its page (speakers, hosts, Register): the budget, the browser
# checks and Lighthouse (site_tools.audit, which names it) weigh it.
EVENT_PAGE = audit.EVENT_PAGE

# The events of tests/fixtures/events/events.yaml as the events page lists them at TEST_EPOCH.
FIXTURE = ROOT / "tests" / "fixtures" / "events" / "events.yaml"
UPCOMING = [
    "Ongoing Workshop",
    "All-day Multi Conference",
    "Cancelled Dinner",
    "Postponed Lunch",
    "DST Summit",
]
PAST_BY_YEAR = [
    ("2026", ["Just Ended Meetup", "Autumn Webinar"]),
    ("2025", ["Past Breakfast"]),
    ("2024", ["Old Day"]),
]


def content_with_events(tmp_path: Path, events_yaml: str) -> Path:
    """A copy of the site's content whose events file is ``events_yaml``."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "data" / "events.yaml").write_text(events_yaml, encoding="utf-8")
    return content


def same_tree(left: Path, right: Path) -> list[str]:
    """Paths that differ between two output folders (missing on one side, or other bytes)."""
    comparison = filecmp.dircmp(left, right)
    differences = [*comparison.left_only, *comparison.right_only, *comparison.funny_files]
    _, mismatch, errors = filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)
    differences += mismatch + errors
    for folder in comparison.common_dirs:
        differences += [f"{folder}/{path}" for path in same_tree(left / folder, right / folder)]
    return differences


def build_both(tmp_path: Path, content: Path, workers: int = 3, settings: str = "", env=None):
    """The same cold build with ``workers`` processes and alone, ``settings`` lines added."""
    shared = build(
        tmp_path / "shared",
        settings_file(tmp_path, "shared", extra=f"{settings}BUILD_WORKERS = {workers}\n"),
        content=content,
        env=env,
        extra=("--ignore-cache", "--debug"),
    )
    alone = build(
        tmp_path / "alone",
        settings_file(tmp_path, "alone", extra=f"{settings}BUILD_WORKERS = 1\n"),
        content=content,
        env=env,
        extra=("--ignore-cache", "--debug"),
    )
    return shared, alone


@dataclass
class ServedSite:
    """A site built for its own local address and served there over HTTP."""

    url: str
    root: Path


@contextlib.contextmanager
def built_and_served(output: Path, content: Path | None = None) -> Iterator[ServedSite]:
    """A publish build made for http://127.0.0.1:<free port> and served there during the block."""
    port = free_port()
    result = build(output, content=content, env={"SITEURL": f"http://127.0.0.1:{port}"})
    assert result.ok, result.output
    with served(output, port) as url:
        yield ServedSite(url, output)


# The windows a first load is weighed in by a real browser: a small phone's and a laptop's.
WINDOWS = [(320, 640), (1280, 800)]


def fetched_on_first_load(browser, url: str, width: int, height: int) -> dict[str, int]:
    """Every request Chromium makes loading ``url`` in a fresh window of that size, until the
    network is idle (lazy images it fetches at once included), with each response's bytes."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        tab = context.new_page()
        made = []
        tab.on("request", lambda request: made.append(request))
        tab.goto(url, wait_until="networkidle")
        return {request.url: len(request.response().body()) for request in made}
    finally:
        context.close()


# --- A small site of Pelican's own: posts, a page, a file, a template page; no plugins -------

POSTS = 3
HEADER = {
    "Title": "Post {number}",
    "Date": "2026-01-0{number} 10:00",
    "Tags": "networking, habits",
    "Author": "The Editors",
    "Summary": "A *short* summary of post {number}.",
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def post_text(number: int, **fields) -> str:
    header = {name: value.format(number=number) for name, value in HEADER.items()}
    header.update(fields)
    lines = "".join(f"{name}: {value}\n" for name, value in header.items() if value is not None)
    return f"{lines}\nBody of post {number}.\n"


def write_site(root: Path) -> Path:
    """Posts, a page, a static file, a template page: what Pelican reads, renders and copies."""
    content = root / "content"
    for number in range(1, POSTS + 1):
        write(content / "posts" / f"post-{number}.md", post_text(number))
    write(content / "pages" / "about.md", "Title: About\n\nAbout this site.\n")
    write(content / "images" / "dot.txt", "a static file\n")
    write(content / "extra.html", "<p>{{ SITENAME }}</p>")
    return content


def site_settings(root: Path, **overrides) -> dict:
    """Pelican's own settings for the site in ``root``, without plugins."""
    return read_settings(
        override={
            "PATH": str(root / "content"),
            "OUTPUT_PATH": str(root / "output"),
            "CACHE_PATH": str(root / "cache"),
            "ARTICLE_PATHS": ["posts"],
            "PAGE_PATHS": ["pages"],
            "STATIC_PATHS": ["images"],
            "PLUGINS": [],
            "TIMEZONE": "UTC",
            "FEED_DOMAIN": "https://blog.example.org",
            **overrides,
        }
    )


# --- Reading a built site back ----------------------------------------------------------------


def page(site: Path, relative: str) -> BeautifulSoup:
    path = site / relative
    if relative.endswith("/") or relative == "":
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def jsonld(soup: BeautifulSoup) -> list[dict]:
    return [
        json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")
    ]


def inline_scripts(soup: BeautifulSoup) -> list[str]:
    """The page's own scripts (not its JSON-LD), as the browser reads them."""
    return [script.string.strip() for script in soup.find_all("script", type=None)]


def reproducible(relative: str) -> bool:
    """Whether two builds of one commit write this file byte for byte (all but a few of the
    search index's files: site_search.indexing.NOT_REPRODUCIBLE says which and why)."""
    return not any(fnmatch(relative, f"{BUNDLE}/{pattern}") for pattern in NOT_REPRODUCIBLE)


# --- Validators and browsers ------------------------------------------------------------------

AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Every page the browser tests open is checked at each width in each colour scheme.
WIDTHS = [320, 1280]
SCHEMES = ["light", "dark"]


def require_nu_checker() -> None:
    missing = nu_checker_missing()
    require_tool(missing is None, missing or "")


def nu_html_check(root: Path) -> NuReport:
    """The Nu HTML checker as CI runs it (``site_tools.sitecheck``), over every page and style
    sheet under root: its exit code, the files it says it checked, and its messages."""
    require_nu_checker()
    return sitecheck.nu_html_check(root)


# --- Isso, the comment queue (docs/comments.md): started from isso.cfg, talked to over HTTP ----


@contextlib.contextmanager
def isso_for(folder: Path, site: str, **overrides) -> Iterator[RunningIsso]:
    """A real Isso on 127.0.0.1 (free port, its own SQLite file, moderation on as isso.cfg has
    it) answering browsers of ``site``. Every reader here is 127.0.0.1: replies to oneself are
    allowed and the rate limits are lifted unless ``guard`` sets them (``guard={}`` keeps
    isso.cfg's). ``overrides`` are config sections, e.g. ``general={"latest-enabled": "false"}``."""
    port = free_port()
    lifted = {"reply-to-self": "true", "ratelimit": "1000", "direct-reply": "1000"}
    guard = overrides.pop("guard", lifted)
    config = local_config(folder / "isso.cfg", folder / "comments.db", port, site,
                          guard=guard, **overrides)  # fmt: skip
    try:
        with running_isso(config, port) as isso:
            yield isso
    except IssoUnavailable as error:
        require_tool(False, f"Isso ({error})")


def isso_call(url: str, data: dict | None = None, method: str | None = None) -> tuple[int, object]:
    """Status and decoded answer of one request to Isso (JSON when it answers JSON)."""
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(
        url, data=body, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def isso_comment(isso: RunningIsso, uri: str, title: str = "A post", **fields) -> dict:
    """Send one comment as the form does (``POST /new``); it waits for approval."""
    status, answer = isso_call(f"{isso.url}/new?uri={urllib.parse.quote(uri)}",
                               {"title": title, **fields})  # fmt: skip
    assert status == 202 and answer["mode"] == 2, (status, answer)
    return answer


def approve(isso: RunningIsso, comment_id: int) -> None:
    """Approve a comment through the signed activation link Isso sent about it."""
    status, answer = isso_call(isso.activation_link(comment_id), method="POST")
    assert status == 200 and "activated" in answer, (status, answer)


# --- Hostile comments: an XSS corpus, and how a page shows that one ran (test_comments_*xss) ---

PAYLOADS = [
    line
    for line in (ROOT / "tests" / "fixtures" / "comments" / "xss-payloads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line and not line.startswith("#")
]

# Every way a payload could show it ran: dialogs, or the functions it calls, recorded.
RECORD_SCRIPTS = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__xss.push(name + ":" + args.join(",")); };
}
"""

# Attributes that reach the DOM: event handlers and script URLs, anywhere in the page.
FIND_DANGER = """
() => {
  const found = [];
  const scriptUrl = /^(javascript|vbscript|data):/i;
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\\u0000-\\u0020]/g, "");
      if (attribute.name.toLowerCase().startsWith("on")) {
        found.push(`${element.tagName} ${attribute.name}`);
      } else if (scriptUrl.test(value)) {
        found.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
      }
    }
    if (element.href && typeof element.href === "string" && scriptUrl.test(element.href)) {
      found.push(`${element.tagName} resolves to ${element.href}`);
    }
  }
  const banned = "script, iframe, object, embed, style, svg, math, form, input, textarea, "
    + "select, button, img, video, audio, base, meta, link, [style], [srcdoc], [formaction]";
  for (const element of document.querySelectorAll("#comments .comment-list :is(" + banned + ")")) {
    found.push(`#comments holds <${element.tagName.toLowerCase()}>`);
  }
  return found;
}
"""


SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
