"""A post showing all three "keep reading" blocks (its series' box and links, "Read next",
"Follow" with the email form and LinkedIn) checked as readers' tools check it: axe-core in
Chromium at each width and colour scheme, Lighthouse's four scores, and its first-load weight."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest

from site_tools.audit import THRESHOLDS, lighthouse_available, page_audit, run_lighthouse
from site_tools.localhost import free_port, served
from site_tools.sitecheck import first_load
from tests.helpers import (
    AXE_RULE_TAGS,
    AXE_SCRIPT,
    ROOT,
    SCHEMES,
    WIDTHS,
    ServedSite,
    build,
    page,
    require_tool,
    settings_file,
)

SEED = "network-before-you-need-it/"
SECOND_PART = """Title: Keeping a Network Warm
Slug: keeping-a-network-warm
Date: 2016-07-01 09:00
Author: The Editors
Category: Career Growth
Tags: networking, resilience
Series: Networking Before You Need It
Summary: The second part: small, regular habits that keep a network ready.

A network kept warm answers when it is needed.
"""
FOLLOW = (
    'FOLLOW_EMAIL_FORM_ACTION = "https://buttondown.com/api/emails/embed-subscribe/connected"\n'
    'FOLLOW_EMAIL_PROVIDER = "buttondown"\n'
    'LINKEDIN_PAGE = "https://www.linkedin.com/company/example-connected-professional"\n'
)


@pytest.fixture(scope="module")
def three_blocks(tmp_path_factory) -> Iterator[ServedSite]:
    """The site with the seed as part 1 of 2 of a series and every Follow setting, served."""
    root = tmp_path_factory.mktemp("three-blocks")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    seed = content / "posts" / "network-before-you-need-it.md"
    seed.write_text(seed.read_text().replace("\nSummary:", "\nSeries: Networking Before You "
                                             "Need It\nSummary:", 1))  # fmt: skip
    (content / "posts" / "keeping-a-network-warm.md").write_text(SECOND_PART)
    port = free_port()
    settings = settings_file(root, "three", base="publishconf", extra=FOLLOW)
    output = root / "output"
    result = build(output, settings, content=content, env={"SITEURL": f"http://127.0.0.1:{port}"})
    assert result.ok, result.output
    with served(output, port) as url:
        yield ServedSite(url, output)


def test_the_post_shows_all_three_blocks(three_blocks):
    soup = page(three_blocks.root, SEED)
    assert soup.find("nav", class_="series") and soup.find("section", class_="related")
    follow = soup.find("section", class_="follow")
    assert follow.find("form") and follow.find("a", string="LinkedIn")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_a_post_with_all_three_blocks(
    browser, three_blocks, width, scheme
):
    require_tool(AXE_SCRIPT.is_file(), "axe-core (npm ci)")
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    tab = context.new_page()
    tab.goto(f"{three_blocks.url}/{SEED}")
    tab.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
    result = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_RULE_TAGS
    )
    context.close()
    assert result["passes"], "axe ran no rule"
    violations = [
        f"{v['id']}: {v['help']} at " + ", ".join(json.dumps(n["target"]) for n in v["nodes"])
        for v in result["violations"]
    ]
    assert violations == []


def test_lighthouse_gives_full_marks_to_a_post_with_all_three_blocks(three_blocks):
    require_tool(lighthouse_available(), "Lighthouse (npm ci) with node and Chromium")
    audit = page_audit(SEED, run_lighthouse(f"{three_blocks.url}/{SEED}"))
    assert audit.scores == dict.fromkeys(audit.scores, 100), audit.problems
    assert audit.requests <= THRESHOLDS["requests"]


def test_its_first_load_weight(three_blocks, record_property):
    """Recorded, and held to the three requests of the budget (its bytes: docs/reading-on.md)."""
    load = first_load(three_blocks.root, three_blocks.url, SEED)
    record_property("first_load_bytes", load.bytes)
    print(f"first load with all three blocks: {load.bytes:,} bytes, {load.requests} requests")
    assert load.requests <= 3 and not load.elsewhere
