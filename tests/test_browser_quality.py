"""The site as readers meet it, in real Chromium: accessibility, keyboard, network, layout.

Every page of PAGES is opened at each width of WIDTHS in each colour scheme; one page load per
combination serves all the checks of that combination (axe-core, console, requests, scrolling,
keyboard focus, screenshot). Screenshots go to SCREENSHOTS, reported at the end of the run.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import (
    AXE_RULE_TAGS,
    AXE_SCRIPT,
    EVENT_PAGE,
    SCHEMES,
    SCREENSHOTS,
    TEST_EPOCH,
    WIDTHS,
    require_tool,
)

pytestmark = pytest.mark.browser

# Add a page here and every check below covers it. Pages that a plugin builds are checked only
# when the build has them (the events page arrives with the events plugin).
PAGES = [
    pytest.param("", id="home"),
    pytest.param("network-before-you-need-it/", id="seed-article"),
    pytest.param("tag/networking/", id="tag"),
    pytest.param("archives/", id="archives"),
    pytest.param("events/", id="events"),
    pytest.param(EVENT_PAGE, id="event"),
    pytest.param("author/dana-whitfield/", id="author"),
    pytest.param("404.html", id="404"),
    pytest.param("search/", id="search"),
]
OPTIONAL_PAGES = {"events/", EVENT_PAGE}
EVENT_PAGE_ZONE = "America/Chicago"  # the zone of EVENT_PAGE's event (content/data/events.yaml)

# Everything a keyboard can reach, the way browsers count it.
FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), "
    "textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)
FOCUS_STYLE_JS = """el => {
  const s = getComputedStyle(el);
  return {outline: s.outlineStyle === 'none' ? 'none' : s.outlineStyle + ' ' + s.outlineWidth
                   + ' ' + s.outlineColor, shadow: s.boxShadow};
}"""
AFTER_MAIN_START_JS = """() => {
  const main = document.getElementById('main'), active = document.activeElement;
  return main.contains(active)
      || Boolean(main.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""
DESCRIBE_JS = """el => {
  const path = [];
  for (let node = el; node && node.nodeType === 1 && node !== document.body;
       node = node.parentElement) {
    const siblings = node.parentElement ? [...node.parentElement.children] : [node];
    path.unshift(node.tagName.toLowerCase() + ':nth-child(' + (siblings.indexOf(node) + 1) + ')');
  }
  return path.join(' > ');
}"""

# Every focusable element the reader can see, unfocused: where it is and how it is drawn.
VISIBLE_FOCUSABLE_JS = f"""selector => {{
  const describe = {DESCRIBE_JS}, style = {FOCUS_STYLE_JS};
  return [...document.querySelectorAll(selector)]
    .filter(el => el.checkVisibility({{visibilityProperty: true}}))
    .map(el => [describe(el), style(el)]);
}}"""
# The focused element after a Tab press: null on <body>, else where it is and how it is drawn.
ACTIVE_JS = f"""() => {{
  const el = document.activeElement;
  if (el === document.body) return null;
  return [({DESCRIBE_JS})(el), ({FOCUS_STYLE_JS})(el)];
}}"""

# The served site is built at TEST_EPOCH; the browser sees the same "now".
BUILD_TIME = datetime.fromtimestamp(int(TEST_EPOCH), tz=UTC)


@dataclass
class Visit:
    """One page opened in one viewport and colour scheme, with what happened while it loaded."""

    page: object
    url: str
    width: int
    scheme: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def page_url(served_site, path: str) -> str:
    return f"{served_site.url}/{path}"


def skip_unbuilt(served_site, path: str) -> None:
    built = (served_site.root / path / "index.html").is_file() or (
        served_site.root / path
    ).is_file()
    if not built:
        if path in OPTIONAL_PAGES:
            pytest.skip(f"this build has no /{path} page")
        pytest.fail(f"/{path} was not built")


def open_page(context, url: str, at: datetime) -> Visit:
    """Load the page with the browser's clock at ``at`` (scripts that compare with now agree)."""
    page = context.new_page()
    page.clock.set_fixed_time(at)
    visit = Visit(page, url, 0, "")

    def on_response(response) -> None:
        if response.status >= 400:
            visit.failed.append(f"{response.url}: HTTP {response.status}")

    def on_console(message) -> None:
        if message.type == "error":
            visit.console_errors.append(message.text)

    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("requestfailed", lambda req: visit.failed.append(f"{req.url}: {req.failure}"))
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
    page.goto(url, wait_until="networkidle")
    return visit


@pytest.fixture(scope="module")
def screenshots() -> Path:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(scope="module", params=SCHEMES)
def scheme(request) -> str:
    return request.param


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def width(request) -> int:
    return request.param


@pytest.fixture(scope="module", params=PAGES)
def visit(request, browser, served_site, width, scheme, screenshots):
    """The page loaded once for every check of this (page, width, scheme)."""
    path = request.param
    skip_unbuilt(served_site, path)
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    visit = open_page(context, page_url(served_site, path), at=BUILD_TIME)
    visit.width, visit.scheme = width, scheme
    name = (path.strip("/").replace("/", "-").removesuffix(".html") or "home") + ".png"
    visit.page.screenshot(path=screenshots / f"{width}px-{scheme}-{name}", full_page=True)
    yield visit
    context.close()


def test_axe_finds_no_wcag_or_best_practice_violation(visit):
    require_tool(AXE_SCRIPT.is_file(), "axe-core (npm ci)")
    visit.page.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
    result = visit.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_RULE_TAGS
    )
    assert result["passes"], "axe ran no rule"
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(json.dumps(n["target"]) + " " + n["failureSummary"] for n in v["nodes"])
        for v in result["violations"]
    ]
    assert violations == []


def test_no_console_error_and_no_failed_request(visit):
    assert visit.console_errors == []
    assert visit.failed == []


def test_no_request_leaves_the_site(visit, served_site):
    assert visit.requests[0] == visit.url
    assert [url for url in visit.requests if not url.startswith(served_site.url + "/")] == []


def test_no_horizontal_scrolling(visit):
    overflow = visit.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow} px wider than a {visit.width} px screen"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(visit):
    page = visit.page
    page.goto(visit.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # and Tab goes on from the content, not back to the header
    assert page.evaluate(AFTER_MAIN_START_JS)


def test_every_link_and_control_is_reachable_by_tab_and_shows_focus(visit):
    page = visit.page
    page.goto(visit.url)
    # One round trip to the page per step (not one per element and property): same checks.
    expected = dict(page.evaluate(VISIBLE_FOCUSABLE_JS, FOCUSABLE))
    assert len(expected) >= 5  # the header navigation and footer links at least

    reached, without_focus_style = [], []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE_JS)
        if active is None or active[0] in reached:
            break
        where, focused_style = active
        reached.append(where)
        shows_focus = focused_style["outline"] != "none" or focused_style["shadow"] != "none"
        if not shows_focus or focused_style == expected.get(where):
            without_focus_style.append(f"{where}: {focused_style}")
    assert sorted(reached) == sorted(expected)
    assert without_focus_style == []


@pytest.mark.parametrize("path", PAGES)
def test_same_text_with_javascript_disabled(browser, served_site, path):
    skip_unbuilt(served_site, path)
    texts = {}
    for enabled in (True, False):
        # A reader in the sample event's own zone: for a reader elsewhere the event page adds
        # the time in theirs (tests/test_events_browser.py); no other page depends on the zone.
        context = browser.new_context(java_script_enabled=enabled, timezone_id=EVENT_PAGE_ZONE)
        page = context.new_page()
        page.clock.set_fixed_time(BUILD_TIME)  # the events script compares with "now"
        page.goto(page_url(served_site, path), wait_until="networkidle")
        texts[enabled] = page.locator("main").inner_text()
        context.close()
    assert texts[True].strip(), "main has no text"
    assert texts[False] == texts[True]
