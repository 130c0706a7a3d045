"""Lighthouse (as `invoke audit` runs it) scores the home page and the seed article at the goal."""

from __future__ import annotations

import copy
import time

import pytest

from site_tools.audit import (
    AUDITED_PAGES,
    THRESHOLDS,
    audit_served,
    lighthouse_available,
    network_requests,
    page_audit,
    report,
)
from site_tools.localhost import free_port, served
from tests.helpers import EVENT_PAGE, ServedSite, build, page, require_tool

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """The site as a deploy publishes it, built now: Lighthouse loads pages on the real clock,
    and a page built at the suite's fixed "now" would move events that have ended since to
    "Past" as it loads (the events page's script), which is the layout shift a reader of a
    stale page sees, not that of the page as published."""
    output = tmp_path_factory.mktemp("audited") / "output"
    port = free_port()
    now = str(int(time.time()))
    result = build(output, env={"SITEURL": f"http://127.0.0.1:{port}", "SOURCE_DATE_EPOCH": now})
    assert result.ok, result.output
    with served(output, port) as url:
        yield ServedSite(url, output)


@pytest.fixture(scope="module")
def results(served_site):
    """Every page of AUDITED_PAGES, audited as `invoke audit` does."""
    require_tool(lighthouse_available(), "Lighthouse (npm ci) with node and Chromium")
    return audit_served(served_site.url, served_site.root)


def test_lighthouse_scores_meet_the_thresholds(served_site, results, record_property):
    record_property("lighthouse", report(results))
    print(report(results))
    audited = [result.path for result in results]
    assert audited == AUDITED_PAGES
    for result in results:
        assert set(result.scores) == {"performance", "accessibility", "best-practices", "seo"}
        assert 0 < result.requests <= THRESHOLDS["requests"]
        assert result.total_bytes > 1000  # Lighthouse really loaded the page
    assert [problem for result in results for problem in result.problems] == []

    # The same report with one SEO audit failed and one request too many: both are reported.
    worse = copy.deepcopy(results[1].report)
    worse["categories"]["seo"]["score"] = 0.92
    worse["audits"]["document-title"]["score"] = 0
    requests = worse["audits"]["network-requests"]["details"]["items"]
    too_many = THRESHOLDS["requests"] + 1
    requests += [{"url": f"{served_site.url}/{n}.js"} for n in range(too_many - len(requests))]
    problems = page_audit("network-before-you-need-it/", worse).problems
    assert len(problems) == 2
    assert problems[0].startswith(f"/network-before-you-need-it/: seo 92 < {THRESHOLDS['seo']}")
    assert "document-title (0)" in problems[0]
    assert problems[1].startswith(f"/network-before-you-need-it/: {too_many} requests > ")


def test_an_event_pages_portraits_are_in_the_page_not_requests(served_site, results):
    """The sample event page (speakers, hosts, Register, Add to calendar) is audited with the
    others; its speakers' and hosts' portraits are data: URIs, which Lighthouse lists among
    its requests but no network carries: the page's requests are the page, the style sheet
    and the icon."""
    portraits = page(served_site.root, EVENT_PAGE).select(".event-person img")
    assert len(portraits) >= 2 and all(img["src"].startswith("data:") for img in portraits)
    (result,) = [result for result in results if result.path == EVENT_PAGE]
    assert result.scores == {"performance": 100, "accessibility": 100, "best-practices": 100,
                             "seo": 100}  # fmt: skip
    items = result.report["audits"]["network-requests"]["details"]["items"]
    assert any(item["url"].startswith("data:image/webp") for item in items)
    fetched = network_requests(result.report)
    assert sorted(item["url"].removeprefix(served_site.url) for item in fetched) == [
        f"/{EVENT_PAGE}",
        "/theme/css/main.css",
        "/theme/favicon.svg",
    ]
    assert result.requests == THRESHOLDS["requests"] and result.problems == []
