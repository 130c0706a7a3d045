"""follow_links: "Follow" after each post and in the footer, the feeds linked where they
belong, the email form posting its provider's documented fields from Chromium with JavaScript
off, and a form address that is not https stopping a publish build."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import feedparser
import pytest
from pytest_httpserver import HTTPServer

from site_tools.localhost import free_port, served
from tests.helpers import TEST_SITEURL, build, page, settings_file, text_of

SEED = "network-before-you-need-it/"
LINKEDIN = "https://www.linkedin.com/company/example-connected-professional"
LIST_UUID = "5dd0e4a8-5c4e-4f3b-9f0e-2a1c3b4d5e6f"
# Each provider's documented public form: its path on the provider, the settings that choose
# it, and the fields a subscriber's browser posts.
PROVIDERS = {
    "buttondown": (
        "/api/emails/embed-subscribe/connected",
        'FOLLOW_EMAIL_PROVIDER = "buttondown"\n',
        {"email": ["reader@example.org"], "embed": ["1"]},
    ),
    "listmonk": (
        "/subscription/form",
        f'FOLLOW_EMAIL_PROVIDER = "listmonk"\nFOLLOW_EMAIL_LIST = "{LIST_UUID}"\n',
        {"email": ["reader@example.org"], "nonce": [""], "l": [LIST_UUID]},
    ),
}


def test_each_post_ends_with_follow_and_the_footer_has_its_line(site):
    soup = page(site, SEED)
    block = soup.find("section", class_="follow")
    assert block.find_previous("aside", class_="author-card")  # after the post
    assert text_of(block.find("h2")) == "Follow"
    assert block.find("form") is None  # FOLLOW_EMAIL_FORM_ACTION is not set
    links = {text_of(a): a["href"] for a in block.find_all("a")}
    assert links == {
        "Atom feed": "/feeds/all.atom.xml",
        "RSS feed": "/feeds/all.rss.xml",
    }
    footer = page(site, "").find("footer", class_="site-footer")
    assert "Follow: Atom feed · RSS feed" in text_of(footer)


def test_each_category_tag_and_author_page_links_its_own_atom_feed(site):
    for address, feed in (
        ("category/career-growth/", "feeds/category/career-growth.atom.xml"),
        ("tag/networking/", "feeds/tag/networking.atom.xml"),
        ("author/the-editors/", "feeds/author/the-editors.atom.xml"),
    ):
        soup = page(site, address)
        assert soup.select_one(".feed-link a")["href"] == f"/{feed}"
        assert soup.find("link", rel="alternate", href=f"{TEST_SITEURL}/{feed}")
        parsed = feedparser.parse((site / feed).read_bytes())
        assert not parsed.bozo and parsed.entries, feed


def test_the_feeds_carry_each_post_in_full(site):
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        entries = feedparser.parse((site / feed).read_bytes()).entries
        seed = next(entry for entry in entries if entry.link == f"{TEST_SITEURL}/{SEED}")
        text = seed.content[0].value if "content" in seed else seed.description
        assert "Incrementally, all these independent people" in text, feed


def served_with(tmp_path: Path, extra: str) -> tuple[Path, int]:
    port = free_port()
    settings = settings_file(tmp_path, "follow", base="publishconf", extra=extra)
    output = tmp_path / "output"
    result = build(output, settings, env={"SITEURL": f"http://127.0.0.1:{port}"})
    assert result.ok, result.output
    return output, port


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_form_posts_the_providers_fields_without_javascript(browser, tmp_path, provider):
    path, settings, fields = PROVIDERS[provider]
    stand_in = HTTPServer(host="127.0.0.1", port=0)
    stand_in.expect_request(path, method="POST").respond_with_data("Thanks!")
    stand_in.start()
    try:
        action = stand_in.url_for(path)
        extra = f'FOLLOW_EMAIL_FORM_ACTION = "{action}"\n{settings}LINKEDIN_PAGE = "{LINKEDIN}"\n'
        output, port = served_with(tmp_path, extra)
        with served(output, port) as url:
            context = browser.new_context(java_script_enabled=False)
            tab = context.new_page()
            tab.goto(f"{url}/{SEED}")
            block = tab.locator("section.follow")
            assert block.get_by_role("link", name="LinkedIn").get_attribute("href") == LINKEDIN
            block.get_by_label("Email").fill("reader@example.org")
            block.get_by_role("button", name="Subscribe").click()
            tab.wait_for_load_state()
            assert tab.content().count("Thanks!") == 1
            context.close()
        (request,) = [request for request, _answer in stand_in.log if request.path == path]
        assert request.method == "POST"
        assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
        assert parse_qs(request.get_data(as_text=True), keep_blank_values=True) == fields
    finally:
        stand_in.clear()
        stand_in.stop()


def test_a_form_address_that_is_not_https_is_one_line_and_stops_a_publish_build(tmp_path):
    extra = 'FOLLOW_EMAIL_FORM_ACTION = "http://lists.example.org/subscription/form"\n'
    settings = settings_file(tmp_path, "plain_http", base="publishconf", extra=extra)
    output = tmp_path / "output"
    result = build(output, settings)
    expected = (
        "FOLLOW_EMAIL_FORM_ACTION is 'http://lists.example.org/subscription/form': it must be an "
        "https address (http only for 127.0.0.1 or localhost); using ''"
    )
    assert not result.ok and result.stopped
    assert result.problems == [expected] and "Traceback" not in result.output
    assert not any(output.rglob("*.html"))


def test_the_setting_hides_the_block_and_the_footer_line(tmp_path):
    settings = settings_file(tmp_path, "off", base="publishconf", extra="FOLLOW_LINKS = False\n")
    output = tmp_path / "output"
    assert build(output, settings).ok
    soup = page(output, SEED)
    assert soup.find("section", class_="follow") is None
    assert "Follow:" not in text_of(soup.find("footer", class_="site-footer"))
