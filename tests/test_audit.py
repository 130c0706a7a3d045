"""Lighthouse (as `invoke audit` runs it) scores the home page and the seed article at the goal."""

from __future__ import annotations

import pytest

from site_tools.audit import THRESHOLDS, audit_served, lighthouse_available, report
from tests.conftest import require_tool

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_lighthouse_scores_meet_the_thresholds(served_site, record_property):
    require_tool(lighthouse_available(), "Lighthouse (npm ci) with node and Chromium")
    results = audit_served(served_site.url, served_site.root)
    record_property("lighthouse", report(results))
    print(report(results))
    audited = [result.path for result in results]
    assert audited[:2] == ["", "network-before-you-need-it/"]
    for result in results:
        assert set(result.scores) == {"performance", "accessibility", "best-practices", "seo"}
        assert 0 < result.requests <= THRESHOLDS["requests"]
        assert result.total_bytes > 1000  # Lighthouse really loaded the page
    assert [problem for result in results for problem in result.problems] == []
