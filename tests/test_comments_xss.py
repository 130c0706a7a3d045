"""An XSS corpus in comment bodies, authors and websites, shown in real Chromium: nothing runs."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.helpers import (
    FIND_DANGER,
    PAYLOADS,
    RECORD_SCRIPTS,
    ROOT,
    SCRIPT_SCHEMES,
    built_and_served,
    nu_html_check,
    page,
)

pytestmark = pytest.mark.browser

SLUG = "sample-asking-for-introductions"


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The site with every payload as a comment body, an author and a website, served locally."""
    base = tmp_path_factory.mktemp("xss")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    folder = content / "comments" / SLUG
    folder.mkdir(parents=True)
    for number, payload in enumerate(PAYLOADS):
        date = f"Date: 2026-01-01 {number // 60:02d}:{number % 60:02d}\n"
        (folder / f"body-{number:02d}.md").write_text(f"Author: Body {number}\n{date}\n{payload}\n")
        (folder / f"author-{number:02d}.md").write_text(
            f"Author: {one_line(payload)}\n{date}\nAuthor payload {number}.\n"
        )
        (folder / f"website-{number:02d}.md").write_text(
            f"Author: Website {number}\n{date}Website: {one_line(payload)}\n\nWebsite {number}.\n"
        )
    with built_and_served(base / "output", content) as site:
        yield site.url, site.root


def open_page(browser, url: str = "", html: str = ""):
    """A fresh page that records dialogs and calls to alert() and friends."""
    context = browser.new_context(java_script_enabled=True)
    context.add_init_script(RECORD_SCRIPTS)
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    if url:
        tab.goto(url, wait_until="load")
    else:
        tab.set_content(html, wait_until="load")
    tab.wait_for_timeout(500)  # onload, ontoggle, autofocus handlers and meta refreshes
    tab.focus("body")
    return context, tab, dialogs


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 30


def test_the_harness_sees_a_payload_that_runs(browser):
    """Guard for the test below: the same checks catch script that does run."""
    html = (
        '<section id="comments"><img src="x" onerror="alert(1)">'
        '<a href="javascript:alert(2)">x</a></section>'
    )
    context, tab, _ = open_page(browser, html=html)
    try:
        assert tab.evaluate("window.__xss") == ["alert:1"]
        danger = tab.evaluate(FIND_DANGER)
        assert "IMG onerror" in danger and "A href=javascript:alert(2)" in danger
    finally:
        context.close()
    context, tab, _ = open_page(browser, html="<script>confirm('x')</script>")
    try:
        assert tab.evaluate("window.__xss") == ["confirm:x"]
    finally:
        context.close()


def test_no_comment_payload_runs_or_reaches_the_dom(browser, hostile_site):
    url, _ = hostile_site
    context, tab, dialogs = open_page(browser, f"{url}/{SLUG}/")
    try:
        shown = tab.evaluate("document.querySelectorAll('#comments li').length")
        assert shown == 3 * len(PAYLOADS)  # every payload really is on the page
        for link in tab.query_selector_all("#comments article a:not([href^='mailto:'])"):
            link.hover(force=True)  # the mouse over each link, without waiting for it to settle
        tab.wait_for_timeout(200)
        assert dialogs == []
        assert tab.evaluate("window.__xss") == []
        assert tab.evaluate(FIND_DANGER) == []
        assert tab.url == f"{url}/{SLUG}/"  # no refresh or base href took us away
    finally:
        context.close()


def test_built_html_holds_no_handler_or_script_url(hostile_site):
    """The same check on the page as built, without a browser: what a crawler sees."""
    _, output = hostile_site
    soup = page(output, f"{SLUG}/")
    section = soup.find("section", id="comments")
    assert len(section.find_all("li")) == 3 * len(PAYLOADS)
    found = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            text = "".join(value) if isinstance(value, list) else value
            squeezed = re.sub(r"[\x00-\x20]", "", text).lower()
            if name.lower().startswith("on") or squeezed.startswith(SCRIPT_SCHEMES):
                found.append(f"{element.name} {name}={text}")
    assert found == []
    tags = {element.name for element in section.find_all(True)}
    assert tags <= {"section", "h2", "ol", "li", "article", "p", "b", "a", "time", "br", "em",
                    "strong", "code", "pre", "blockquote", "ul", "hr"}  # fmt: skip


def test_websites_other_than_http_are_dropped(browser, hostile_site):
    url, _ = hostile_site
    context, tab, _ = open_page(browser, f"{url}/{SLUG}/")
    try:
        links = tab.evaluate(
            "[...document.querySelectorAll('#comments .comment-meta b a')]"
            ".map(a => [a.getAttribute('href'), a.rel])"
        )
    finally:
        context.close()
    # only whole http(s) URLs are kept (one with a space is not a URL), quotes and <> encoded
    assert sorted(href for href, _ in links) == [
        "http://example.com/#%22%3E%3Cimg/src=x/onerror=alert(1)%3E",
        "https://example.com/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
        "https://example.com/?q='onmouseover='alert(1)",
    ]
    assert {rel for _, rel in links} == {"nofollow ugc noopener"}


@pytest.mark.slow
def test_the_page_full_of_payloads_is_still_valid_html(hostile_site, tmp_path):
    _, output = hostile_site
    shutil.copy(output / SLUG / "index.html", tmp_path / "index.html")
    returncode, checked, messages = nu_html_check(tmp_path)
    assert checked == {tmp_path / "index.html"}
    assert returncode == 0, messages
