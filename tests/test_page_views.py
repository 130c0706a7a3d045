"""Counting on the live site: a published post sends one page view once it has loaded.

The analytics service is a local server on 127.0.0.1 speaking GoatCounter's ``/count`` (answered
with its 1x1 GIF) and Plausible's ``/api/event`` (202); real Pelican builds, real Chromium.
Only a build of the live site counts (publishconf.py with SITE_DEPLOY=1), only its published
posts do, and nothing but the page view leaves the site.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from bs4 import BeautifulSoup
from pytest_httpserver import HTTPServer

from blog_core.scripts import theme_inliners
from site_tools.audit import THRESHOLDS, lighthouse_available, page_audit, run_lighthouse
from site_tools.localhost import free_port, served
from site_tools.sitecheck import budget_problems
from tests.helpers import (
    ROOT,
    ServedSite,
    build,
    nu_html_check,
    page,
    require_tool,
    settings_file,
    text_of,
)

SEED = "network-before-you-need-it"
SEED_TITLE = "Network Before You Need It: Networking Saves Lives · The Connected Professional"
PLAUSIBLE_DOMAIN = "blog.example.org"
# GoatCounter's answer to /count: a 1x1 GIF (handlers/count.go).
GIF = bytes.fromhex(
    "47494638396101000100800100000000ffffff21f904010a0001002c00000000010001000002024c01003b"
)
DRAFT = "Title: A Draft\nDate: 2026-11-02 09:00\nStatus: draft\nSummary: Not yet.\n\nSoon.\n"
HIDDEN = "Title: A Hidden Post\nDate: 2026-11-03 09:00\nStatus: hidden\nSummary: Unlisted.\n\nHi.\n"
NOT_COUNTED = ["", "404.html", "about/", "tag/networking/", "drafts/a-draft/", "a-hidden-post/"]
SCRIPT_BUDGET = 1024  # bytes a counted page may add


@pytest.fixture(scope="module")
def service() -> Iterator[HTTPServer]:
    """GoatCounter's /count and Plausible's /api/event on 127.0.0.1; ``log`` has each request."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/count").respond_with_data(
        GIF, content_type="image/gif", headers={"Access-Control-Allow-Origin": "*"}
    )
    server.expect_request("/api/event", method="POST").respond_with_data("ok", status=202)
    server.start()
    yield server
    server.stop()


def service_url(service: HTTPServer) -> str:
    return service.url_for("/").rstrip("/")


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The site's content with a draft and a hidden post beside the published ones."""
    copy = tmp_path_factory.mktemp("counting") / "content"
    shutil.copytree(ROOT / "content", copy)
    (copy / "posts" / "a-draft.md").write_text(DRAFT)
    (copy / "posts" / "a-hidden-post.md").write_text(HIDDEN)
    return copy


def built(folder: Path, content: Path, base: str, extra: str, env: dict, siteurl: str) -> Path:
    """One real build of ``content`` with the ``base`` settings plus ``extra`` lines."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = settings_file(folder, "site_settings", base=base, extra=extra)
    output = folder / "output"
    result = build(output, settings=settings, content=content, env={"SITEURL": siteurl, **env})
    assert result.ok, result.output
    return output


@contextlib.contextmanager
def served_build(folder, content, base, extra, env) -> Iterator[ServedSite]:
    port = free_port()
    output = built(folder, content, base, extra, env, f"http://127.0.0.1:{port}")
    with served(output, port) as url:
        yield ServedSite(url, output)


def goatcounter_setting(service) -> str:
    return f"VIEW_COUNTS_GOATCOUNTER_URL = {service_url(service)!r}\n"


@pytest.fixture(scope="module")
def live_site(tmp_path_factory, content, service) -> Iterator[ServedSite]:
    """A build of the live site (SITE_DEPLOY=1) counting with GoatCounter, served locally."""
    folder = tmp_path_factory.mktemp("live")
    extra = goatcounter_setting(service)
    with served_build(folder, content, "publishconf", extra, {"SITE_DEPLOY": "1"}) as site:
        yield site


def counting_script(soup: BeautifulSoup):
    return soup.find("script", attrs={"data-send": True})


def pixel(soup: BeautifulSoup) -> str | None:
    noscript = soup.find("noscript")
    image = noscript.find("img") if noscript else None
    return image["src"] if image else None


# --- Which pages count, in which builds (the built HTML). -----------------------------------


def test_a_published_post_of_the_live_site_sends_its_own_path(live_site, service):
    soup = page(live_site.root, f"{SEED}/")
    count = f"{service_url(service)}/count?p=%2F{SEED}%2F"
    assert counting_script(soup).attrs == {"data-send": count}
    assert pixel(soup) == count
    published = [path.parent for path in live_site.root.glob("*/index.html")]
    counted = [
        folder.name
        for folder in published
        if counting_script(page(live_site.root, f"{folder.name}/"))
    ]
    assert len(counted) == 8 and SEED in counted


@pytest.mark.parametrize("relative", NOT_COUNTED)
def test_listings_pages_drafts_hidden_posts_and_the_404_page_never_count(live_site, relative):
    soup = page(live_site.root, relative)
    assert counting_script(soup) is None and pixel(soup) is None


@pytest.mark.parametrize(
    ("base", "env", "configured"),
    [
        pytest.param("publishconf", {"SITE_DEPLOY": ""}, True, id="pull-request-preview"),
        pytest.param("pelicanconf", {"SITE_DEPLOY": "1"}, True, id="dev-build"),
        pytest.param("publishconf", {"SITE_DEPLOY": "1"}, False, id="no-service-set"),
    ],
)
def test_builds_other_than_the_live_site_never_count(
    tmp_path, content, service, base, env, configured
):
    extra = goatcounter_setting(service) if configured else ""
    output = built(tmp_path, content, base, extra, env, "http://127.0.0.1:8000")
    pages = [path.relative_to(output) for path in output.rglob("*.html")]
    assert len(pages) > 20
    assert [path for path in pages if "data-send" in (output / path).read_text()] == []


def test_the_script_and_pixel_add_at_most_a_kilobyte(live_site):
    html = (live_site.root / SEED / "index.html").read_text(encoding="utf-8")
    added = re.findall(r"<script data-send=.*?</script>\n|<noscript>.*?</noscript>\n", html, re.S)
    assert len(added) == 2
    assert sum(len(part.encode()) for part in added) <= SCRIPT_BUDGET
    script = ROOT / "theme" / "static" / "js" / "page-view.js"
    assert script.stat().st_size <= SCRIPT_BUDGET


def test_the_about_page_says_what_is_counted_and_what_is_not(live_site):
    about = page(live_site.root, "about/")
    assert about.find("h2", string="Privacy") is not None
    note = text_of(about.find("main"))
    for statement in ("sets no cookies", "one page view", "Nothing else is counted",
                      "Do Not Track or Global Privacy Control, no page view is sent"):  # fmt: skip
        assert statement in note


def test_script_data_is_escaped_in_its_attributes():
    tag = theme_inliners(str(ROOT / "theme"))["inline_script"]("page-view.js", {"send": '"><b>&'})
    assert tag.startswith('<script data-send="&#34;&gt;&lt;b&gt;&amp;">\n')


# --- In Chromium. ----------------------------------------------------------------------------


@pytest.fixture
def views(service) -> Iterator[list]:
    """The requests the service receives during the test."""
    service.clear_log()
    yield lambda: [request for request, _ in service.log]


# Notes the document's state when the page calls sendBeacon, then sends as the browser would.
BEACON_SPY = """
const sendBeacon = navigator.sendBeacon.bind(navigator);
navigator.sendBeacon = (...args) => {
  window.beaconSentWhile = document.readyState;
  return sendBeacon(...args);
};
"""


def open_post(browser, url: str, init_script: str = "", **context_options) -> tuple:
    """Open ``url`` in a fresh context; its requests once the network is idle."""
    context = browser.new_context(**context_options)
    if init_script:
        context.add_init_script(init_script)
    page_ = context.new_page()
    requests: list = []
    page_.on("request", lambda request: requests.append(request))
    page_.goto(url, wait_until="networkidle")
    return context, page_, requests


def elsewhere(requests, *origins: str) -> list[str]:
    return [r.url for r in requests if not r.url.startswith(tuple(f"{o}/" for o in origins))]


@pytest.mark.browser
def test_chromium_sends_exactly_one_page_view_after_load_and_nothing_else_leaves(
    browser, live_site, service, views
):
    context, post, requests = open_post(browser, f"{live_site.url}/{SEED}/", BEACON_SPY)
    assert post.evaluate("window.beaconSentWhile") == "complete"  # once the page had loaded
    (view,) = views()
    assert view.method == "POST" and view.path == "/count"  # navigator.sendBeacon
    assert parse_qs(view.query_string.decode(), keep_blank_values=True) == {
        "p": [f"/{SEED}/"],
        "t": [SEED_TITLE],
        "r": [""],
    }
    assert elsewhere(requests, live_site.url, service_url(service)) == []
    # No cookie, nothing stored in the browser.
    assert context.cookies() == []
    assert post.evaluate("[document.cookie, localStorage.length, sessionStorage.length]") == [
        "",
        0,
        0,
    ]
    post.reload(wait_until="networkidle")  # every load is one view
    assert len(views()) == 2
    context.close()


@pytest.mark.browser
def test_the_first_load_makes_at_most_one_request_more(browser, live_site, served_site):
    counted = open_post(browser, f"{live_site.url}/{SEED}/")
    plain = open_post(browser, f"{served_site.url}/{SEED}/")
    assert len(counted[2]) <= len(plain[2]) + 1
    assert len(counted[2]) <= THRESHOLDS["requests"] + 1
    counted[0].close()
    plain[0].close()


# navigator.doNotTrack and navigator.globalPrivacyControl as a browser that sends them has them.
PRIVACY_SIGNALS = {
    "do-not-track": "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'})",
    "global-privacy-control": (
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})"
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize("signal", PRIVACY_SIGNALS)
def test_do_not_track_and_global_privacy_control_send_nothing(browser, live_site, views, signal):
    context, post, _ = open_post(browser, f"{live_site.url}/{SEED}/", PRIVACY_SIGNALS[signal])
    assert post.evaluate("document.readyState") == "complete"
    assert views() == []
    context.close()


@pytest.mark.browser
def test_without_javascript_goatcounters_pixel_counts_the_view(browser, live_site, service, views):
    context, _, requests = open_post(browser, f"{live_site.url}/{SEED}/", java_script_enabled=False)
    (view,) = views()
    assert (view.method, view.path, view.args.to_dict()) == ("GET", "/count", {"p": f"/{SEED}/"})
    assert elsewhere(requests, live_site.url, service_url(service)) == []
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("relative", NOT_COUNTED)
def test_pages_that_are_not_published_posts_send_nothing(browser, live_site, views, relative):
    context, _, requests = open_post(browser, f"{live_site.url}/{relative}")
    assert views() == []
    assert elsewhere(requests, live_site.url) == []
    context.close()


@pytest.mark.browser
def test_a_dev_build_sends_no_view_even_on_reload(browser, tmp_path, content, service, views):
    extra = goatcounter_setting(service)
    env = {"SITE_DEPLOY": "1"}  # even so: dev settings never count
    with served_build(tmp_path, content, "pelicanconf", extra, env) as site:
        context, post, requests = open_post(browser, f"{site.url}/{SEED}/")
        post.reload(wait_until="networkidle")
        assert views() == []
        assert elsewhere(requests, site.url) == []
        context.close()


@pytest.mark.browser
def test_plausible_gets_one_pageview_event(browser, tmp_path, content, service, views):
    extra = (
        f"VIEW_COUNTS_PLAUSIBLE_URL = {service_url(service)!r}\n"
        f"VIEW_COUNTS_PLAUSIBLE_SITE_ID = {PLAUSIBLE_DOMAIN!r}\n"
    )
    with served_build(tmp_path, content, "publishconf", extra, {"SITE_DEPLOY": "1"}) as site:
        soup = page(site.root, f"{SEED}/")
        assert pixel(soup) is None  # Plausible has no image to count without JavaScript
        context, _, requests = open_post(browser, f"{site.url}/{SEED}/")
        (event,) = views()
        assert (event.method, event.path) == ("POST", "/api/event")
        assert event.headers["Content-Type"].startswith("text/plain")  # no preflight request
        assert json.loads(event.get_data()) == {
            "name": "pageview",
            "url": f"{site.url}/{SEED}/",
            "domain": PLAUSIBLE_DOMAIN,
            "referrer": None,
        }
        assert elsewhere(requests, site.url, service_url(service)) == []
        context.close()


@pytest.mark.slow
def test_a_counted_post_passes_the_nu_html_checker(live_site, tmp_path):
    shutil.copytree(live_site.root / SEED, tmp_path / SEED)
    returncode, checked, output = nu_html_check(tmp_path)
    assert checked == {tmp_path / SEED / "index.html"}
    assert returncode == 0, output


def test_a_counted_post_fits_the_budget_ci_weighs_the_live_site_by(live_site):
    """The count is sent after load; the no-script image is never loaded where scripts run."""
    assert pixel(page(live_site.root, f"{SEED}/"))
    assert budget_problems(live_site.root, live_site.url, f"{SEED}/") == []


@pytest.mark.slow
def test_lighthouse_keeps_full_marks_on_a_counted_post(live_site, service):
    require_tool(lighthouse_available(), "Lighthouse (npm ci) with node and Chromium")
    service.clear_log()
    report = run_lighthouse(f"{live_site.url}/{SEED}/")
    audit = page_audit(f"{SEED}/", report)
    assert audit.scores == dict.fromkeys(audit.scores, 100), audit.problems
    assert audit.requests <= THRESHOLDS["requests"] + 1
    time.sleep(0.5)
    assert [request.path for request, _ in service.log] == ["/count"] * report["runs"]
