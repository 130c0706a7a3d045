"""The XSS corpus through Isso: the form, approval, the live display, the pull and the build.

Every payload is sent as a comment body through the form in Chromium, and as an author and a
website straight to Isso's API (as a script would, past the form). All are approved; the post
is read twice in Chromium: built before the pull (the comments come from Isso's live display)
and built after it (from the pulled files). Nothing runs, nothing dangerous reaches the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.parse

import pytest

from site_tools.localhost import free_port, served
from tests.helpers import (
    FIND_DANGER,
    PAYLOADS,
    RECORD_SCRIPTS,
    ROOT,
    SCRIPT_SCHEMES,
    approve,
    build,
    isso_call,
    isso_for,
    page,
)

pytestmark = pytest.mark.browser

SLUG = "sample-asking-for-introductions"


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile_isso(browser, tmp_path_factory):
    """An Isso holding every payload, approved; the site built before any pull, served."""
    base = tmp_path_factory.mktemp("isso-xss")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    with isso_for(base, site) as isso:
        env = {"SITEURL": site, "COMMENTS_ISSO_URL": isso.url}
        assert build(base / "output", content=content, env=env).ok
        with served(base / "output", port):
            context = browser.new_context()
            tab = context.new_page()
            tab.goto(f"{site}/{SLUG}/", wait_until="load")
            tab.locator("#comments").scroll_into_view_if_needed()
            tab.locator("#comment-form").wait_for()
            tab.fill("#comment-author", "Body")
            for payload in PAYLOADS:
                tab.evaluate("document.querySelector('.comment-status').textContent = ''")
                tab.fill("#comment-text", payload)
                tab.click("#comment-form button[type=submit]")
                tab.wait_for_function(
                    "() => /approval|server/.test(document.querySelector('.comment-status')"
                    ".textContent)"
                )
                assert "approval" in tab.locator(".comment-status").text_content(), payload
            context.close()
            uri = urllib.parse.quote(f"/{SLUG}/")
            for payload in PAYLOADS:  # past the form: whatever Isso itself accepts
                for fields in ({"author": one_line(payload) or "x", "text": "Author payload."},
                               {"author": "Website", "website": one_line(payload),
                                "text": "Website payload."}):  # fmt: skip
                    isso_call(f"{isso.url}/new?uri={uri}", {"title": "x", **fields})
            links = isso.activation_links()
            for number in range(1, len(links) + 1):
                approve(isso, number)
            yield isso, site, content, base, len(links)


def read_with_scripts_recorded(browser, url: str, expected: int):
    """The post's comments as Chromium shows them; calls to alert() and friends recorded."""
    context = browser.new_context()
    context.add_init_script(RECORD_SCRIPTS)
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(url, wait_until="load")
    tab.locator("#comments").scroll_into_view_if_needed()
    tab.wait_for_function(
        f"() => document.querySelectorAll('#comments .comment-list li').length >= {expected}"
    )
    for link in tab.query_selector_all("#comments .comment-list a"):
        link.hover(force=True)
    tab.wait_for_timeout(500)
    found = {
        "shown": tab.evaluate("document.querySelectorAll('#comments .comment-list li').length"),
        "ran": tab.evaluate("window.__xss") + dialogs,
        "danger": tab.evaluate(FIND_DANGER),
        "url": tab.url,
        "websites": tab.evaluate(
            "[...document.querySelectorAll('#comments .comment-meta b a')]"
            ".map(a => a.getAttribute('href'))"
        ),
    }
    context.close()
    return found


def test_every_payload_was_sent_and_approved(hostile_isso):
    _, _, _, _, approved = hostile_isso
    assert approved >= 2 * len(PAYLOADS)  # bodies and authors; websites as far as Isso takes them


def test_the_live_display_runs_nothing(browser, hostile_isso):
    _, site, _, _, approved = hostile_isso
    found = read_with_scripts_recorded(browser, f"{site}/{SLUG}/", approved)
    assert found["shown"] == approved
    assert found["ran"] == [] and found["danger"] == []
    assert found["url"] == f"{site}/{SLUG}/"
    assert all(href.startswith(("http://", "https://")) for href in found["websites"])


def test_pulled_and_built_the_payloads_run_nothing(browser, hostile_isso):
    isso, site, content, base, approved = hostile_isso
    pulled = subprocess.run(
        [sys.executable, "-m", "invoke", "comments-pull", "--isso", isso.url,
         "--into", str(content / "comments")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert pulled.returncode == 0, pulled.stderr
    files = list((content / "comments" / SLUG).glob("isso-*.md"))
    refused = pulled.stderr.strip().splitlines()
    assert len(files) + len(refused) == approved and len(files) >= 2 * len(PAYLOADS)
    env = {"SITEURL": site, "COMMENTS_ISSO_URL": isso.url}
    assert build(base / "output", content=content, env=env).ok

    soup = page(base / "output", f"{SLUG}/")
    assert len(soup.select("#comments .comment-list li")) == len(files)
    attributes = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            text = "".join(value) if isinstance(value, list) else value
            squeezed = re.sub(r"[\x00-\x20]", "", text).lower()
            if name.lower().startswith("on") or squeezed.startswith(SCRIPT_SCHEMES):
                attributes.append(f"{element.name} {name}={text}")
    assert attributes == []

    found = read_with_scripts_recorded(browser, f"{site}/{SLUG}/", len(files))
    assert found["shown"] == approved  # the built ones, and the live display adds no double
    assert found["ran"] == [] and found["danger"] == []
