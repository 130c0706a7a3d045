"""The comment form in Chromium, against a real Isso: send, approve, pull, build, live display.

The site is built with COMMENTS_ISSO_URL pointing at an Isso started from isso.cfg on
127.0.0.1, and served on 127.0.0.1; comments are approved through Isso's activation links.
"""

from __future__ import annotations

import configparser
import contextlib
import json
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from site_tools.audit import lighthouse_available, page_audit, run_lighthouse
from site_tools.localhost import free_port, served
from site_tools.sitecheck import budget_problems
from tests.helpers import (
    AXE_RULE_TAGS,
    AXE_SCRIPT,
    ROOT,
    TEST_SITEURL,
    approve,
    build,
    isso_call,
    isso_comment,
    isso_for,
    jsonld,
    page,
    require_tool,
    text_of,
)

pytestmark = pytest.mark.browser

SEED = "network-before-you-need-it"
SAMPLE = "sample-asking-for-introductions"
FORM_SCRIPT = "/theme/js/comment-form.js"


class Site:
    """A copy of the content, built for 127.0.0.1:<port> with the form pointing at ``isso``."""

    def __init__(self, tmp_path: Path, content: Path, isso_url: str, port: int):
        self.content, self.output, self.port = content, tmp_path / "output", port
        self.url = f"http://127.0.0.1:{port}"
        self.isso_url = isso_url

    def build(self) -> None:
        env = {"SITEURL": self.url, "COMMENTS_ISSO_URL": self.isso_url}
        result = build(self.output, content=self.content, env=env)
        assert result.ok, result.output

    def pull(self, *extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "invoke", "comments-pull", "--isso", self.isso_url,
             "--into", str(self.content / "comments"), *extra],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip


@contextlib.contextmanager
def site_with_isso(tmp_path: Path, content: Path, **isso_overrides):
    port = free_port()
    with isso_for(tmp_path, f"http://127.0.0.1:{port}", **isso_overrides) as isso:
        site = Site(tmp_path, content, isso.url, port)
        site.build()
        with served(site.output, port):
            yield site, isso


@pytest.fixture
def browser_page(browser):
    context = browser.new_context()
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def open_comments(tab, url: str) -> None:
    """Open a post, then scroll to its comments: the form's script comes with the form."""
    tab.goto(url, wait_until="load")
    tab.locator("#comments").scroll_into_view_if_needed()
    tab.locator("#comment-form").wait_for(state="visible")


def send(tab, **fields: str) -> str:
    for name, value in fields.items():
        tab.fill(f"#comment-{name}", value)
    tab.evaluate("document.querySelector('.comment-status').textContent = ''")
    tab.click("#comment-form button[type=submit]")
    tab.wait_for_function(
        "() => /^(?!Sending)./.test(document.querySelector('.comment-status').textContent)"
    )
    return tab.locator(".comment-status").text_content()


def files(content: Path) -> list[str]:
    return sorted(p.relative_to(content).as_posix() for p in (content / "comments").rglob("*.md"))


def test_a_reader_comments_an_editor_approves_the_next_build_shows_it(
    browser_page, content_copy, tmp_path
):
    tab = browser_page
    with site_with_isso(tmp_path, content_copy) as (site, isso):
        tab.goto(f"{site.url}/{SEED}/", wait_until="load")
        first_load = list(tab.requests)
        assert len(first_load) <= 3 and not any(FORM_SCRIPT in url for url in first_load)
        assert tab.locator("#comment-form").count() == 0

        open_comments(tab, f"{site.url}/{SEED}/")
        said = send(tab, author="Ada Reader", email="ada@example.org", text="A *fine* post.")
        assert "waits for the editors' approval" in said
        assert tab.context.cookies() == []  # Isso's edit cookie is never taken (About page)
        assert "A fine post" not in tab.locator("#comments").inner_text()
        status, thread = isso_call(f"{isso.url}/?uri=/{SEED}/")
        assert status == 200 and thread["replies"] == []  # pending: Isso shows it to nobody

        approve(isso, 1)
        pulled = site.pull()
        assert pulled.returncode == 0, pulled.stderr
        assert files(content_copy) == [f"comments/{SEED}/isso-1.md"]
        assert "ada@example.org" not in (content_copy / f"comments/{SEED}/isso-1.md").read_text()
        site.build()
        post = page(site.output, f"{SEED}/")
        assert text_of(post.find("h2", id="comments-title")) == "1 comment"
        assert text_of(post.find("a", class_="comments-count")) == "1 comment"
        posting = next(item for item in jsonld(post) if item["@type"] == "BlogPosting")
        assert posting["commentCount"] == 1
        listing = page(site.output, "category/career-growth/")
        counts = listing.find_all("a", class_="comments-count", href=f"/{SEED}/#comments")
        assert [text_of(count) for count in counts] == ["1 comment"]
        archived = page(site.output, "archives/").find("a", href=f"/{SEED}/").parent
        assert "· 1 comment" in text_of(archived)
        assert site.pull().stdout.strip().endswith("0 comment(s) pulled, 0 updated, 1 unchanged")

        # A reply threads under it; a second comment shows live before any build.
        open_comments(tab, f"{site.url}/{SEED}/")
        tab.click("#comment-isso-1 a[data-isso-parent]")
        assert "Ada Reader" in tab.locator(".comment-replying").inner_text()
        assert "approval" in send(tab, author="Bo", text="Replying to Ada.")
        approve(isso, 2)
        open_comments(tab, f"{site.url}/{SEED}/")
        live = tab.locator("#comment-isso-1 > ol > #comment-isso-2")
        live.wait_for()
        assert "New" in live.inner_text() and "Replying to Ada." in live.inner_text()
        assert tab.locator("#comments-title").inner_text() == "2 comments"
        assert tab.locator("#comment-isso-1").count() == 1  # the built one is not shown twice

        assert site.pull().returncode == 0
        site.build()
        built = page(site.output, f"{SEED}/")
        reply = built.select_one("#comment-isso-1 ol #comment-isso-2")
        assert reply is not None and "Replying to Ada." in text_of(reply)


def test_what_the_reader_typed_survives_errors_and_reloads(browser_page, content_copy, tmp_path):
    tab = browser_page
    with site_with_isso(tmp_path, content_copy, guard={}) as (site, isso):  # isso.cfg's limits
        url = f"{site.url}/{SAMPLE}/"
        open_comments(tab, url)
        tab.fill("#comment-author", "Cy")
        tab.fill("#comment-text", "My draft, typed with care.")
        tab.reload(wait_until="load")
        open_comments(tab, url)
        assert tab.input_value("#comment-author") == "Cy"
        assert tab.input_value("#comment-text") == "My draft, typed with care."

        assert "too short" in send(tab, text="ab ")  # the browser lets it through, Isso does not
        assert tab.input_value("#comment-text") == "ab "
        assert "approval" in send(tab, text="First of two.")
        assert "approval" in send(tab, text="Second of two.")
        limited = send(tab, text="A third within a minute.")
        assert limited == (
            "You have sent several comments in a short time: please wait a few minutes, "
            "then send again."
        )
        assert tab.input_value("#comment-text") == "A third within a minute."
        isso.process.terminate()
        isso.process.wait()
        down = send(tab, text="Isso is gone.")
        assert "cannot be reached" in down and tab.input_value("#comment-text") == "Isso is gone."
        tab.reload(wait_until="load")
        tab.locator("#comments").scroll_into_view_if_needed()
        tab.locator("#comment-form").wait_for(state="visible")
        assert tab.input_value("#comment-text") == "Isso is gone."


def test_the_honeypot_sends_nothing(browser_page, content_copy, tmp_path):
    tab = browser_page
    with site_with_isso(tmp_path, content_copy) as (site, isso):
        open_comments(tab, f"{site.url}/{SEED}/")
        tab.evaluate("document.getElementById('comment-homepage').value = 'http://spam.example'")
        assert send(tab, author="Bot", text="Buy now.") == "Thank you."
        assert not any("/new?" in request for request in tab.requests)
        assert isso.activation_links() == []


def test_without_javascript_or_without_isso_the_links_stay(browser, content_copy, tmp_path):
    with site_with_isso(tmp_path, content_copy) as (site, _isso):
        context = browser.new_context(java_script_enabled=False)
        tab = context.new_page()
        tab.goto(f"{site.url}/{SEED}/", wait_until="load")
        assert tab.locator("#comment-form").is_hidden()
        assert (
            tab.locator("#comments a", has_text="Add a comment")
            .get_attribute("href")
            .startswith("mailto:")
        )
        context.close()
    plain = tmp_path / "plain"
    assert build(plain, content=content_copy).ok
    post = page(plain, f"{SEED}/")
    assert post.find("script", attrs={"data-isso": True}) is None
    assert post.find(string=re.compile("IntersectionObserver")) is None
    assert post.find("a", string="Add a comment")["href"].startswith("mailto:")


def test_axe_finds_nothing_with_the_form_open(browser_page, content_copy, tmp_path):
    require_tool(AXE_SCRIPT.is_file(), "axe-core (npm ci)")
    tab = browser_page
    with site_with_isso(tmp_path, content_copy) as (site, isso):
        approve(isso, isso_comment(isso, f"/{SEED}/", author="Ada", text="Live one.")["id"])
        open_comments(tab, f"{site.url}/{SEED}/")
        tab.locator("#comment-isso-1").wait_for()
        tab.click("#comment-isso-1 a[data-isso-parent]")
        tab.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
        result = tab.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_RULE_TAGS
        )
    violations = [f"{v['id']}: {json.dumps([n['target'] for n in v['nodes']])}"
                  for v in result["violations"]]  # fmt: skip
    assert violations == []


def test_the_seed_post_keeps_its_budget_with_the_form(content_copy, tmp_path):
    """The page carries only the loader and its data: the form comes with its script."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "isso.cfg")
    output = tmp_path / "output"
    env = {"COMMENTS_ISSO_URL": config["server"]["public-endpoint"]}
    assert build(output, content=content_copy, env=env).ok
    assert budget_problems(output, TEST_SITEURL) == []
    loader = page(output, f"{SEED}/").find("script", attrs={"data-isso": True})
    assert loader["data-isso"] == "https://comments.theconnectedprofessional.example"


def test_comments_server_beside_a_dev_build(browser_page, content_copy, tmp_path):
    """`invoke comments-server` runs Isso for the dev site: the form sends to it, it prints the
    activation link, and Ctrl-C (or SIGTERM) stops Isso with it."""
    isso_port, site_port = free_port(), free_port()
    site = f"http://127.0.0.1:{site_port}"
    log = tmp_path / "comments-server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "invoke", "comments-server", "--port", str(isso_port),
             "--site", site, "--data", str(tmp_path / "isso")],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    try:
        isso = f"http://127.0.0.1:{isso_port}"
        for _ in range(300):
            if "Isso answers on" in log.read_text():
                break
            time.sleep(0.1)
        assert f"COMMENTS_ISSO_URL={isso} python3 -m invoke livereload" in log.read_text()
        output = tmp_path / "output"
        env = {"COMMENTS_ISSO_URL": isso}
        assert build(output, settings="pelicanconf.py", content=content_copy, env=env).ok
        with served(output, site_port):
            open_comments(browser_page, f"{site}/{SEED}/")
            assert "approval" in send(browser_page, author="Dev", text="Works locally.")
        for _ in range(50):
            if f"{isso}/id/1/activate/" in log.read_text():
                break
            time.sleep(0.1)
        assert f"Activate comment: {isso}/id/1/activate/" in log.read_text()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{isso}/info", timeout=2)


@pytest.mark.slow
def test_lighthouse_scores_the_post_with_the_form_open(content_copy, tmp_path):
    """The post with Isso set scores full marks as it loads (performance: the loader only); opened
    at #comments it scrolls there on load, the form and the live comments come in while
    Lighthouse watches, and accessibility, best practices and SEO stay at full marks. (Lighthouse
    finds no largest paint on a page scrolled at load: performance is measured on the first.)"""
    require_tool(lighthouse_available(), "Lighthouse (npm ci) with node and Chromium")
    with site_with_isso(tmp_path, content_copy) as (site, isso):
        approve(isso, isso_comment(isso, f"/{SEED}/", author="Ada", text="Live one.")["id"])
        first = page_audit(f"{SEED}/", run_lighthouse(f"{site.url}/{SEED}/"))
        opened = page_audit(f"{SEED}/#comments", run_lighthouse(f"{site.url}/{SEED}/#comments"))
    requests = opened.report["audits"]["network-requests"]["details"]["items"]
    assert any(item["url"].endswith(FORM_SCRIPT) for item in requests)  # the form was open
    assert first.scores == dict.fromkeys(CATEGORIES, 100), first.problems
    assert first.requests <= 3
    assert {name: opened.scores[name] for name in CATEGORIES[1:]} == dict.fromkeys(
        CATEGORIES[1:], 100
    ), opened.problems


CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
