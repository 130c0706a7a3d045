"""Search (plugins/site_search): what is marked for Pagefind, the index a publish build writes,
the header form, and failures in one line. The browser side is in test_search_browser.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from blogkit.asset_cache import AssetCache
from site_search.indexing import UNUSED_FILES, IndexingFailed, index_site
from site_tools.sitecheck import broken_links
from tests.helpers import ROOT, TEST_SITEURL, build, page

SEED_URL = "network-before-you-need-it/"
UNMARKED_PAGES = {
    "home": "",
    "home, page 2": "page/2/",
    "tag": "tag/networking/",
    "tags": "tags/",
    "category": "category/career-growth/",
    "categories": "categories/",
    "author": "author/the-editors/",
    "authors": "authors/",
    "archives": "archives/",
    "year archive": "archives/2024/",
    "search": "search/",
    "404": "404.html",
}
EXTRA_POSTS = {
    "draft.md": "Title: Draft Plans\nSlug: draft-plans\nDate: 2026-05-01\nStatus: draft\n\n"
    "A quokkaflux draft.\n",
    "hidden.md": "Title: Hidden Notes\nSlug: hidden-notes\nDate: 2026-05-02\nStatus: hidden\n\n"
    "A wombatflux secret.\n",
}


def marked_bodies(site: Path, relative: str) -> list[str]:
    return [element.name for element in page(site, relative).select("[data-pagefind-body]")]


def indexed_page_count(site: Path) -> int:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


@pytest.fixture(scope="module")
def site_with_unlisted_posts(tmp_path_factory) -> Path:
    """The site published with a draft and a hidden post added."""
    base = tmp_path_factory.mktemp("unlisted")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    for name, text in EXTRA_POSTS.items():
        (content / "posts" / name).write_text(text, encoding="utf-8")
    result = build(base / "output", content=content)
    assert result.ok, result.output
    return base / "output"


def test_posts_pages_and_the_events_page_are_marked_for_the_index(site):
    assert marked_bodies(site, SEED_URL) == ["h1", "div"]
    assert marked_bodies(site, "about/") == ["h1", "div"]
    assert marked_bodies(site, "events/") == ["div"]
    assert page(site, SEED_URL).select_one("div[data-pagefind-body]")["class"] == ["post-body"]


@pytest.mark.parametrize("relative", UNMARKED_PAGES.values(), ids=UNMARKED_PAGES.keys())
def test_listings_and_other_pages_are_not_marked(site, relative):
    assert marked_bodies(site, relative) == []


def test_drafts_and_hidden_posts_are_never_marked(site_with_unlisted_posts):
    site = site_with_unlisted_posts
    for relative in ("drafts/draft-plans/", "hidden-notes/"):
        soup = page(site, relative)
        assert soup.select("[data-pagefind-body]") == []
        assert soup.select("[data-pagefind-filter], [data-pagefind-sort]") == []


def test_the_index_holds_every_post_and_page_and_the_events_page(site_with_unlisted_posts):
    site = site_with_unlisted_posts
    published = len(list((ROOT / "content" / "posts").rglob("*.md")))
    events = (ROOT / "content" / "data" / "events.yaml").read_text().count("\n- title:")
    # the posts, About, Events and each event's own page
    assert indexed_page_count(site) == published + 1 + 1 + events


def test_the_seed_post_gives_the_index_its_date_filters_and_sort_key(site):
    marks = page(site, SEED_URL).select_one("div[hidden]")
    assert [span["data-pagefind-meta"] for span in marks.select("[data-pagefind-meta]")] == [
        "date:June 1, 2016"
    ]
    assert marks.select_one("[data-pagefind-sort]")["data-pagefind-sort"] == "date:1464786000"
    assert [span["data-pagefind-filter"] for span in marks.select("[data-pagefind-filter]")] == [
        "category:Career Growth",
        "tag:networking",
        "tag:leadership",
        "tag:resilience",
        "tag:career",
        "author:The Editors",
    ]


def test_comments_share_links_and_the_meta_line_stay_out_of_the_indexed_text(site):
    soup = page(site, SEED_URL)
    for unindexed in soup.select(".post-meta, .share, .tags, .comments"):
        assert unindexed.find_parent(attrs={"data-pagefind-body": True}) is None


def test_each_event_heading_is_an_anchor_search_results_can_link_to(site):
    soup = page(site, "events/")
    for item in soup.select("li.event"):
        heading = item.select_one(".event-title")
        assert heading["id"] == f"{item['id']}-title"
    assert soup.select_one(".event-links").has_attr("data-pagefind-ignore")


def test_every_page_but_the_search_page_has_the_header_search_form(site):
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        soup = page(site, relative)
        forms = soup.select("header form[role=search]")
        if relative == "search/index.html":
            assert forms == []
            continue
        (form,) = forms
        assert form["action"] == "/search/"
        field = form.select_one("input[name=q]")
        assert soup.select_one(f"label[for={field['id']}]").get_text(strip=True)
        assert form.select("script") == [] and soup.select("script[src]") == []


def test_the_search_page_has_a_labelled_form_that_works_as_a_plain_get(site):
    soup = page(site, "search/")
    form = soup.select_one("main form[role=search]")
    assert form["action"] == "/search/"
    assert form.get("method", "get") == "get"
    field = form.select_one("input[name=q]")
    assert soup.select_one(f"label[for={field['id']}]").get_text(strip=True)
    assert form["data-bundle"] == f"{TEST_SITEURL}/pagefind/pagefind.js"
    assert form["data-languages"] == ""
    note = soup.select_one(".search-note")
    assert "needs JavaScript" in note.get_text()
    assert [a["href"] for a in note.select("a")] == [
        "/archives/",
        "/tags/",
        "/categories/",
    ]


def test_the_bundle_has_only_what_the_search_page_loads(site):
    bundle = site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert [name for name in UNUSED_FILES if (bundle / name).exists()] == []
    assert not list(site.glob(".pagefind-*"))


def test_the_link_checker_finds_a_missing_index(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    assert broken_links(copy, TEST_SITEURL) == []
    shutil.rmtree(copy / "pagefind")
    assert broken_links(copy, TEST_SITEURL) == [
        f"search/index.html: {TEST_SITEURL}/pagefind/pagefind.js"
    ]


def test_a_dev_build_is_not_indexed_until_asked_and_a_second_index_replaces_the_first(tmp_path):
    output = tmp_path / "output"
    assert build(output, settings="pelicanconf.py").ok
    assert (output / "search" / "index.html").is_file()
    assert not (output / "pagefind").exists()
    first = index_site(output)
    assert sum(first.pages.values()) == indexed_page_count(output) > 0
    (output / "pagefind" / "stale.pf_index").write_text("left over")
    index_site(output)
    assert not (output / "pagefind" / "stale.pf_index").exists()


def bundle_files(site: Path) -> dict[str, bytes]:
    bundle = site / "pagefind"
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


def test_a_cached_bundle_is_used_until_an_indexed_page_changes(tmp_path):
    output, root = tmp_path / "output", tmp_path / "assets"

    def index_with_cache(keep_builds: int = 2):  # each call a publish build's indexing
        return index_site(output, AssetCache(root, "search", keep_builds))

    def bundles() -> int:
        return len(list((root / "search").glob("??/*")))

    assert build(output, settings="pelicanconf.py").ok
    first = index_with_cache()
    made = bundle_files(output)
    assert not first.from_cache and bundles() == 1

    # Pages Pagefind does not index (a listing) do not matter; the bundle comes from the cache.
    listing = output / "tags" / "index.html"
    listing.write_bytes(listing.read_bytes().replace(b"</main>", b"<p>quokkaflux</p></main>"))
    again = index_with_cache()
    assert again.from_cache and again.pages == first.pages
    assert bundle_files(output) == made

    post = output / SEED_URL / "index.html"
    body = b'<div class="post-body" data-pagefind-body>'
    post.write_bytes(post.read_bytes().replace(body, body + b"<p>quokkaflux</p>"))
    changed = index_with_cache()
    assert not changed.from_cache
    assert bundle_files(output) != made
    assert bundles() == 2  # the first one was used by one of the last two builds
    assert index_with_cache().from_cache and bundles() == 1  # now by neither: removed


def test_indexing_a_missing_folder_is_one_line(tmp_path):
    with pytest.raises(IndexingFailed, match=r"is not a built site: build it first$"):
        index_site(tmp_path / "nowhere")


def test_a_publish_build_that_cannot_be_indexed_fails_in_one_line(tmp_path):
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: the index exploded' >&2\nexit 3\n")
    broken.chmod(0o755)
    result = build(tmp_path / "output", env={"PAGEFIND_BINARY_PATH": str(broken)})
    assert not result.ok
    assert "Traceback" not in result.output
    assert f"CRITICAL: Pagefind could not index {tmp_path / 'output'}: Error: the index " in (
        result.output
    )
