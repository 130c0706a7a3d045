"""related_posts: "Read next" under each post, from real builds of the site's content with a
few posts added, read back with BeautifulSoup."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import TEST_SITEURL, build, page, settings_file, text_of, write

TEXT = "Quiet rooms and loud rooms ask different things of a networker.\n"


def add_post(
    content: Path, slug: str, tags: str, *extra: str, text=TEXT, category="Career Growth"
) -> Path:
    header = [f"Title: Post {slug}", f"Slug: {slug}", "Date: 2026-03-01 10:00",
              f"Category: {category}", f"Tags: {tags}", *extra]  # fmt: skip
    return write(content / "posts" / f"{slug}.md", "\n".join(header) + f"\n\n{text}")


def read_next(site: Path, slug: str) -> list[str]:
    """The addresses "Read next" lists under the post at ``slug``, in order."""
    section = page(site, f"{slug}/").find("section", class_="related")
    if section is None:
        return []
    return [a["href"].strip("/") for a in section.select("li > a")]


def every_list(site: Path) -> dict[str, list[str]]:
    return {
        path.parent.name: read_next(site, path.parent.name)
        for path in sorted(site.glob("*/index.html"))
        if page(site, f"{path.parent.name}/").find("meta", property="og:type", content="article")
    }


def test_two_posts_sharing_a_rare_tag_find_each_other_and_drafts_and_hidden_never_appear(
    content_copy, tmp_path
):
    # Nothing but the rare tag in common: other category, other words.
    add_post(content_copy, "rare-one", "sample, networking, lighthouse-keeping")
    add_post(content_copy, "rare-two", "sample, habits, lighthouse-keeping",
             text="Follow-up notes, sent within a day, keep a new contact warm.\n",
             category="Leadership")  # fmt: skip
    for status in ("draft", "hidden"):  # the best match of all, but not published
        add_post(content_copy, f"{status}-twin", "sample, lighthouse-keeping", f"Status: {status}")
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert result.ok, result.output
    assert read_next(output, "rare-one")[0] == "rare-two"
    assert read_next(output, "rare-two")[0] == "rare-one"
    lists = every_list(output)
    assert len(lists) >= 9 and all(0 < len(found) <= 3 for found in lists.values())
    for slug, found in lists.items():
        assert slug not in found
        assert not {"draft-twin", "hidden-twin"} & set(found)
    draft = page(output, "drafts/draft-twin/").find("section", class_="related")
    assert "draft-twin" not in str(draft) and "rare-" in str(draft)  # a draft shows its own


def test_each_entry_shows_title_date_and_reading_time(site):
    section = page(site, "network-before-you-need-it/").find("section", class_="related")
    assert text_of(section.find("h2")) == "Read next"
    first = section.find("li")
    assert text_of(first.find("a")).startswith("Sample: ")
    assert text_of(first.find("small")).endswith(" · 1 min read")


def test_a_listed_post_with_a_cover_shows_its_thumbnail(content_copy, tmp_path):
    cover = ("Cover: {static}/images/authors/dana-whitfield.png", "Cover_alt: A portrait")
    add_post(content_copy, "with-cover", "sample, lighthouse-keeping", *cover)
    add_post(content_copy, "its-neighbour", "sample, lighthouse-keeping")
    output = tmp_path / "output"
    assert build(output, content=content_copy).ok
    section = page(output, "its-neighbour/").find("section", class_="related")
    first = section.find("li")
    assert first.find("a", recursive=False)["href"] == "/with-cover/"
    thumbnail = first.select_one(".card-image img")
    assert thumbnail["src"].startswith(f"{TEST_SITEURL}/images/authors/dana-whitfield-")
    assert thumbnail["loading"] == "lazy"  # not part of the page's first load


def test_a_pinned_list_wins(content_copy, tmp_path):
    pins = "sample-mentoring-circles-that-last, sample-volunteering-as-networking"
    add_post(content_copy, "pinned", "sample, networking", f"Related: {pins}")
    output = tmp_path / "output"
    assert build(output, content=content_copy).ok
    assert read_next(output, "pinned") == pins.split(", ")


def test_a_pinned_slug_naming_no_post_is_one_line_and_stops_a_publish_build(content_copy, tmp_path):
    pins = "Related: sample-volunteering-as-networking, no-such-post"
    post = add_post(content_copy, "pinned", "sample", pins)
    expected = f"{post}:6: Related: 'no-such-post' names no other published post"
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert not result.ok and result.stopped
    assert result.problems == [expected] and "Traceback" not in result.output
    assert not any(output.rglob("*.html"))
    dev = build(tmp_path / "dev", settings="pelicanconf.py", content=content_copy)
    assert dev.ok and dev.problems == [expected]
    assert read_next(tmp_path / "dev", "pinned") == ["sample-volunteering-as-networking"]


def test_two_builds_give_the_same_lists(content_copy, tmp_path):
    add_post(content_copy, "extra", "sample, habits")
    first, second = tmp_path / "first", tmp_path / "second"
    for output in (first, second):
        assert build(output, content=content_copy, extra=("--ignore-cache",)).ok
    assert every_list(first) == every_list(second)
    assert (first / "extra" / "index.html").read_bytes() == (
        second / "extra" / "index.html"
    ).read_bytes()


def test_the_setting_turns_the_block_off(tmp_path):
    settings = settings_file(tmp_path, "off", base="publishconf", extra="RELATED_POSTS = False\n")
    output = tmp_path / "output"
    assert build(output, settings=settings).ok
    assert read_next(output, "network-before-you-need-it") == []


def test_lists_kept_in_the_asset_cache_are_those_worked_out_and_a_changed_tag_works_them_out_again(
    content_copy, tmp_path
):
    add_post(content_copy, "rare-one", "sample, lighthouse-keeping")
    other = ("Follow-up notes, sent within a day, keep a new contact warm.\n", "Leadership")
    add_post(content_copy, "rare-two", "sample, lighthouse-keeping", text=other[0],
             category=other[1])  # fmt: skip
    assets = ("-e", f'ASSET_CACHE_PATH="{tmp_path / "assets"}"', "--verbose")
    lists = {}
    for name in ("worked", "cached"):
        result = build(tmp_path / name, content=content_copy, extra=("--ignore-cache", *assets))
        assert result.ok, result.output
        expected = "worked out" if name == "worked" else "from the asset cache"
        assert f"posts' lists {expected}" in result.output
        lists[name] = every_list(tmp_path / name)
    assert lists["cached"] == lists["worked"]
    assert lists["worked"]["rare-one"][0] == "rare-two"
    # A damaged entry is worked out again, not shown.
    for manifest in (tmp_path / "assets" / "related").glob("*/*/manifest.json"):
        damaged = json.loads(manifest.read_text())
        damaged[0], damaged[1] = [99999], [["nested"]]
        manifest.write_text(json.dumps(damaged))
    (tmp_path / "assets" / "related" / "index.json").unlink()
    result = build(tmp_path / "damaged", content=content_copy, extra=("--ignore-cache", *assets))
    assert result.ok and "posts' lists worked out" in result.output
    assert every_list(tmp_path / "damaged") == lists["worked"]
    add_post(content_copy, "rare-two", "sample, habits", text=other[0], category=other[1])
    result = build(tmp_path / "changed", content=content_copy, extra=("--ignore-cache", *assets))
    assert "posts' lists worked out" in result.output
    assert read_next(tmp_path / "changed", "rare-one")[0] != "rare-two"
