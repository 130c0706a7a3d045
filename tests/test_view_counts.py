"""View counts on built pages: article, every listing, JSON-LD; bad data files; the task."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from site_tools.building import run_pelican
from tests.helpers import ROOT, TEST_EPOCH, TEST_SITEURL, build, jsonld, page, text_of

SEED = "network-before-you-need-it"
COUNTS = {
    SEED: 1234,
    "sample-twenty-minute-coffee-chats": 1,
    "sample-a-follow-up-note-template": 0,
    "sample-leading-across-generations": 5,
    "sample-mentoring-circles-that-last": 17,
    "sample-volunteering-as-networking": 2,
    "sample-your-first-industry-conference": 40,
}
NO_DATA = "sample-asking-for-introductions"
LABELS = {1234: "1,234 views", 1: "1 view", 0: "0 views", 5: "5 views", 17: "17 views"}
LISTINGS = [
    "",
    "page/2/",
    "category/career-growth/",
    "tag/networking/",
    "author/the-editors/",
    "archives/",
    "archives/2024/",
]
OLD_URL = "/2019/05/volunteering-as-networking.html"
HOSTILE_KEY = "/<script>alert('views')</script>/"


def label(count: int) -> str:
    return LABELS.get(count, f"{count} views")


def views_yaml(entries: dict[str, int]) -> str:
    return "".join(f"{key!r}: {value}\n" for key, value in entries.items())


def post_slug(href: str) -> str:
    return href.removeprefix(TEST_SITEURL).strip("/")


def shown_counts(soup) -> dict[str, str | None]:
    """Each listed post's link and the views label beside it (None when none is shown)."""
    shown = {}
    for item in soup.select("article.card, ul.archive li"):
        link = item.select_one("h2 a, a")
        views = item.select_one(".views") or next(
            (s for s in item.select(".count") if "view" in s.get_text()), None
        )
        shown[post_slug(link["href"])] = text_of(views).lstrip("· ") if views else None
    return shown


@pytest.fixture(scope="module")
def counted_site(tmp_path_factory):
    """The site built with a count for every post but one, by slug and by URL path."""
    root = tmp_path_factory.mktemp("views")
    content = root / "content"
    import shutil

    shutil.copytree(ROOT / "content", content)
    volunteering = content / "posts" / "samples" / "sample-volunteering.md"
    text = volunteering.read_text()
    volunteering.write_text(text.replace("\n", f"\nOld_urls: {OLD_URL}, /volunteering\n", 1))
    entries = {f"/{slug}/" if slug.endswith("chats") else slug: n for slug, n in COUNTS.items()}
    entries[OLD_URL] = entries.pop("sample-volunteering-as-networking")  # a post's old address
    entries["an-old-post-that-was-removed"] = 9
    entries[HOSTILE_KEY] = 3
    (content / "data" / "views.yaml").write_text(views_yaml(entries))
    result = build(root / "output", content=content)
    assert result.ok, result.output
    return root / "output", result


def test_the_seed_post_shows_its_five_views_from_the_old_host(site):
    soup = page(site, f"{SEED}/")
    assert text_of(soup.select_one("article .post-meta .views")) == "5 views"
    posting = next(item for item in jsonld(soup) if item["@type"] == "BlogPosting")
    assert posting["interactionStatistic"] == {
        "@type": "InteractionCounter",
        "interactionType": "https://schema.org/ReadAction",
        "userInteractionCount": 5,
    }


def test_every_post_page_shows_its_count_and_json_ld(counted_site):
    output, _ = counted_site
    for slug, count in COUNTS.items():
        soup = page(output, f"{slug}/")
        assert text_of(soup.select_one("article .post-meta .views")) == label(count)
        posting = next(item for item in jsonld(soup) if item["@type"] == "BlogPosting")
        assert posting["interactionStatistic"]["userInteractionCount"] == count


def test_a_post_without_data_shows_no_number(counted_site):
    output, _ = counted_site
    soup = page(output, f"{NO_DATA}/")
    assert soup.select_one(".views") is None and "views" not in text_of(soup.select_one("main"))
    posting = next(item for item in jsonld(soup) if item["@type"] == "BlogPosting")
    assert "interactionStatistic" not in posting


@pytest.mark.parametrize("listing", LISTINGS)
def test_every_listing_shows_each_posts_count(counted_site, listing):
    output, _ = counted_site
    shown = shown_counts(page(output, listing))
    assert shown, f"no posts listed on /{listing}"
    expected = {slug: label(COUNTS[slug]) if slug in COUNTS else None for slug in shown}
    assert shown == expected


def test_all_posts_appear_with_counts_across_the_listings(counted_site):
    output, _ = counted_site
    seen = {}
    for listing in ["", "page/2/"]:
        seen.update(shown_counts(page(output, listing)))
    assert seen == {**{slug: label(n) for slug, n in COUNTS.items()}, NO_DATA: None}


def test_keys_matching_no_post_are_reported_one_line_each_and_never_rendered(counted_site):
    output, result = counted_site
    reports = [line for line in result.output.splitlines() if "matches no post" in line]
    assert len(reports) == 2, result.output
    assert any(
        line.endswith(
            "views.yaml:8: 'an-old-post-that-was-removed' matches no post; its count is kept"
        )
        for line in reports
    )
    assert any("views.yaml:9:" in line and "alert(" in line for line in reports)
    for built in output.rglob("*"):
        if built.is_file() and built.suffix in (".html", ".xml", ".json", ".txt"):
            assert "alert(" not in built.read_text(encoding="utf-8"), built


BAD_FILES = {
    "YAML error": (f"{SEED}: 5\nsample-x: [1, 2\n", 3, "YAML syntax error"),
    "negative count": (f"{SEED}: 5\nsample-x: -3\n", 2, "count for 'sample-x' is negative: -3"),
    "not a number": (f"{SEED}: five\n", 1, f"count for '{SEED}' is not a whole number: 'five'"),
    "fraction": (f"{SEED}: 2.5\n", 1, f"count for '{SEED}' is not a whole number: 2.5"),
    "duplicate key": (f"# views\n{SEED}: 5\n{SEED}: 6\n", 3, "duplicate key"),
    "not a mapping": ("- 5\n- 6\n", 1, "must be a mapping of post slug or URL path to a count"),
}


@pytest.mark.parametrize("text, line, problem", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_malformed_counts_file_stops_a_publish_build_with_one_line(
    content_copy, tmp_path, text, line, problem
):
    (content_copy / "data" / "views.yaml").write_text(text)
    result = build(tmp_path / "output", content=content_copy)
    assert result.returncode != 0 and result.stopped
    where = f"{content_copy / 'data' / 'views.yaml'}:{line}: "
    problems = [p for p in result.problems if not p.startswith("Build stopped")]
    assert len(problems) == 1 and problems[0].startswith(where), result.problems
    assert problem in problems[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "output" / SEED).exists()


def test_a_dev_build_shows_the_problem_and_goes_on(content_copy, tmp_path):
    (content_copy / "data" / "views.yaml").write_text(f"{SEED}: -1\n")
    result = build(tmp_path / "output", settings="pelicanconf.py", content=content_copy)
    assert result.ok and len(result.problems) == 1
    soup = page(tmp_path / "output", f"{SEED}/")
    assert "is negative" in text_of(soup.select_one("body"))
    assert soup.select_one(".post-meta .views") is None


def extra_build(output: Path, content: Path, *extra: str):
    env = {"SITEURL": TEST_SITEURL, "SOURCE_DATE_EPOCH": TEST_EPOCH}
    cache = ["--cache-path", str(output.parent / "cache")]
    return run_pelican("pelicanconf.py", output, *cache, *extra, env=env, content=str(content))


def test_the_missing_setting_can_show_zero_views(content_copy, tmp_path):
    result = extra_build(tmp_path / "out", content_copy, "-e", 'VIEW_COUNTS_MISSING="zero"')
    assert result.ok, result.output
    soup = page(tmp_path / "out", f"{NO_DATA}/")
    assert text_of(soup.select_one(".post-meta .views")) == "0 views"
    bad = extra_build(tmp_path / "bad", content_copy, "-e", 'VIEW_COUNTS_MISSING="nothing"')
    assert any("VIEW_COUNTS_MISSING is 'nothing'" in p for p in bad.problems), bad.output


def test_counts_change_with_the_data_file_even_from_the_content_cache(content_copy, tmp_path):
    data = content_copy / "data" / "views.yaml"
    assert extra_build(tmp_path / "out", content_copy).ok
    data.write_text(f"{SEED}: 6\n")
    result = extra_build(tmp_path / "out", content_copy)
    assert result.ok
    assert text_of(page(tmp_path / "out", f"{SEED}/").select_one(".views")) == "6 views"
    data.unlink()
    assert extra_build(tmp_path / "out", content_copy).ok
    assert page(tmp_path / "out", f"{SEED}/").select_one(".views") is None


def test_the_views_logs_task_feeds_the_next_build(content_copy, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        f'203.0.113.5 - - [10/Nov/2026:10:00:00 +0000] "GET /{SEED}/ HTTP/1.1" 200 5120 "-" '
        '"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"\n'
        '203.0.113.6 - - [10/Nov/2026:10:00:01 +0000] "GET /<script>alert(1)</script>/ '
        'HTTP/1.1" 404 0 "-" "<script>alert(2)</script>"\n'
    )
    (tmp_path / "access.log.1").write_text(
        f'198.51.100.7 - - [09/Nov/2026:10:00:00 +0000] "GET /{SEED} HTTP/1.1" 304 0 "-" "Lynx"\n'
    )
    task = [sys.executable, "-m", "invoke", "views-logs", "--log", str(tmp_path / "access.log*")]
    env = {"VIEW_COUNTS_CONTENT": str(content_copy), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(task, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "views counted: 2" in done.stdout and "lines read: 3" in done.stdout
    result = build(tmp_path / "output", content=content_copy)
    assert result.ok, result.output
    soup = page(tmp_path / "output", f"{SEED}/")
    assert text_of(soup.select_one(".views")) == "7 views"
