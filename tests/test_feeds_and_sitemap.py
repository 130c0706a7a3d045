"""Feeds parse, the sitemap lists every public page, and drafts stay unlisted."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import feedparser
import pytest

from tests.helpers import ROOT, TEST_SITEURL, build, page, text_of

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DRAFT = """\
Title: Unfinished Thoughts
Slug: unfinished-thoughts
Date: 2026-01-05 10:00
Author: The Editors
Category: Leadership
Tags: networking, drafts-only
Summary: Not ready yet.
Status: draft

Still writing this one.
"""


def feed_files(site):
    return sorted((site / "feeds").rglob("*.xml"))


def test_every_feed_parses_without_errors(site):
    feeds = feed_files(site)
    names = {path.relative_to(site).as_posix() for path in feeds}
    assert {"feeds/all.atom.xml", "feeds/all.rss.xml"} <= names
    assert "feeds/category/leadership.rss.xml" in names
    assert "feeds/tag/networking.atom.xml" in names
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        comment_feed = path.relative_to(site).as_posix().startswith("feeds/comments")
        assert parsed.entries or comment_feed, f"{path} has no entries"  # no comments yet is fine
        for entry in parsed.entries:
            assert entry.link.startswith(TEST_SITEURL + "/")


def test_site_feed_lists_the_seed_post(site):
    parsed = feedparser.parse((site / "feeds/all.atom.xml").read_bytes())
    titles = [entry.title for entry in parsed.entries]
    assert "Network Before You Need It: Networking Saves Lives" in titles
    assert parsed.feed.title == "The Connected Professional"


def sitemap_urls(site) -> set[str]:
    tree = ET.parse(site / "sitemap.xml")
    return {loc.text for loc in tree.getroot().findall("s:url/s:loc", SITEMAP_NS)}


def test_sitemap_lists_every_public_page(site):
    urls = sitemap_urls(site)
    expected = {
        f"{TEST_SITEURL}/",
        f"{TEST_SITEURL}/network-before-you-need-it/",
        f"{TEST_SITEURL}/about/",
        f"{TEST_SITEURL}/archives/",
        f"{TEST_SITEURL}/category/leadership/",
        f"{TEST_SITEURL}/tag/networking/",
        f"{TEST_SITEURL}/author/dana-whitfield/",
    }
    assert expected <= urls
    articles = {
        TEST_SITEURL + a["href"]
        for path in ("", "page/2/")
        for a in page(site, path).select("article.card h2 a")
    }
    assert articles <= urls
    for url in urls:  # every listed URL is a page that was built
        relative = url.removeprefix(TEST_SITEURL + "/")
        assert (site / relative / "index.html").is_file() or (site / relative).is_file(), url


def test_sitemap_dates_pages_by_their_last_change(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    lastmod = {
        url.find("s:loc", SITEMAP_NS).text: url.find("s:lastmod", SITEMAP_NS).text
        for url in root.findall("s:url", SITEMAP_NS)
        if url.find("s:lastmod", SITEMAP_NS) is not None
    }
    newest = page(site, "").find("article", class_="card").find("time")["datetime"]
    assert lastmod[f"{TEST_SITEURL}/"] == newest
    modified = page(site, "sample-your-first-industry-conference/").find_all("time")[1]
    assert text_of(modified.parent).startswith("April 18, 2024 · Updated")
    assert lastmod[f"{TEST_SITEURL}/sample-your-first-industry-conference/"] == modified["datetime"]
    seed = page(site, "network-before-you-need-it/").find("time")["datetime"]
    assert lastmod[f"{TEST_SITEURL}/network-before-you-need-it/"] == seed


@pytest.fixture(scope="module")
def site_with_draft(tmp_path_factory):
    root = tmp_path_factory.mktemp("drafts")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "posts" / "unfinished.md").write_text(DRAFT)
    result = build(root / "output", content=content)
    assert result.ok, result.output
    return root / "output"


def test_draft_is_built_but_never_listed(site_with_draft):
    site = site_with_draft
    draft = page(site, "drafts/unfinished-thoughts/")
    assert text_of(draft.find("h1")) == "Unfinished Thoughts"
    assert draft.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    published = page(site, "network-before-you-need-it/")
    assert published.find("meta", attrs={"name": "robots"}) is None
    everything_listed = [
        page(site, "").get_text(),
        page(site, "page/2/").get_text(),
        page(site, "archives/").get_text(),
        page(site, "archives/2026/").get_text() if (site / "archives/2026").exists() else "",
        page(site, "tag/networking/").get_text(),
        page(site, "category/leadership/").get_text(),
        (site / "sitemap.xml").read_text(),
    ] + [path.read_text() for path in feed_files(site)]
    assert not any("Unfinished Thoughts" in text for text in everything_listed)
    assert not any("unfinished-thoughts" in text for text in everything_listed)
    assert not (site / "tag" / "drafts-only").exists()
