"""Code that reads well: Pygments' colours in light and dark, measured in Chromium; one padding;
a long line scrolls inside its box; pages without code load nothing more."""

from __future__ import annotations

import shutil

import pytest

from site_tools import code_styles
from tests.helpers import AXE_RULE_TAGS, AXE_SCRIPT, ROOT, built_and_served, page, require_tool

CODE_POST = """Title: Code Sample
Slug: code-sample
Date: 2026-02-01 10:00
Author: The Editors
Category: Leadership
Summary: Code in a post.

A follow-up, automated:

```python hl_lines="3"
# Say hello to someone met at an event
def follow_up(name, days=3):
    return f"Hi {name}, good to meet you {days} days ago; this line is longer than the column"
```
"""
# Kinds each style colours apart (GitHub's dark style gives numbers the colour of strings).
TOKENS = {"comment": ".c1", "keyword": ".k", "function": ".nf", "string": ".s2"}


@pytest.fixture(scope="module")
def code_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("code")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "posts" / "code-sample.md").write_text(CODE_POST)
    with built_and_served(folder / "output", content) as site:
        yield site


def colours(browser, url: str, scheme: str) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 800}, color_scheme=scheme)
    try:
        tab = context.new_page()
        tab.goto(url)
        found = {
            kind: tab.eval_on_selector(f".highlight {selector}", "e => getComputedStyle(e).color")
            for kind, selector in TOKENS.items()
        }
        found["highlighted line"] = tab.eval_on_selector(
            ".highlight .hll", "e => getComputedStyle(e).backgroundColor"
        )
        box = tab.eval_on_selector(
            ".highlight pre",
            "e => ({scrolls: e.scrollWidth > e.clientWidth, page: document.documentElement"
            ".scrollWidth <= innerWidth, padding: getComputedStyle(e).paddingLeft, outer: "
            "getComputedStyle(e.parentElement).paddingLeft, cue: getComputedStyle(e)"
            ".backgroundImage})",
        )
        return {"tokens": found, "box": box}
    finally:
        context.close()


def test_token_kinds_differ_in_colour_in_light_and_dark(browser, code_site):
    url = f"{code_site.url}/code-sample/"
    light, dark = colours(browser, url, "light"), colours(browser, url, "dark")
    for scheme in (light, dark):
        tokens = scheme["tokens"]
        kinds = [tokens[kind] for kind in TOKENS]
        assert len(set(kinds)) == len(kinds), tokens
        assert tokens["highlighted line"] not in ("rgba(0, 0, 0, 0)", "transparent")
        box = scheme["box"]
        assert box["scrolls"] and box["page"], box  # the line scrolls in its box, not the page
        assert box["outer"] == "0px" and box["padding"] != "0px"  # one padding
        assert "gradient" in box["cue"]
    assert all(light["tokens"][kind] != dark["tokens"][kind] for kind in TOKENS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_code_with_a_highlighted_line(browser, code_site, scheme):
    """Every token colour, on the box and on a highlighted line, reads at WCAG AA."""
    require_tool(AXE_SCRIPT.is_file(), "axe-core (npm ci)")
    context = browser.new_context(viewport={"width": 390, "height": 800}, color_scheme=scheme)
    try:
        tab = context.new_page()
        tab.goto(f"{code_site.url}/code-sample/")
        tab.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
        result = tab.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_RULE_TAGS
        )
    finally:
        context.close()
    assert result["passes"], "axe ran no rule"
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []


def test_only_pages_with_code_link_the_code_colours(code_site):
    linked = page(code_site.root, "code-sample/").select('link[href$="/css/code.css"]')
    assert len(linked) == 1
    seed = page(code_site.root, "network-before-you-need-it/")
    assert not seed.select('link[href$="/css/code.css"]')
    assert (code_site.root / "theme" / "css" / "code.css").is_file()


def test_the_code_colours_are_generated_from_pygments_and_current():
    assert code_styles.CODE_CSS.read_text() == code_styles.render()
