"""Links, HTML validity, the byte budget and reproducible output of the built site."""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

import pytest

from site_tools.sitecheck import broken_links, internal_links
from tests.helpers import TEST_SITEURL, build, jsonld, nu_html_check, page, reproducible

SEED_URL = "network-before-you-need-it/"
PAGE_BUDGET_BYTES = 20 * 1024
PAGE_BUDGET_REQUESTS = 3


def test_no_internal_link_or_asset_is_broken(site):
    checked = list(internal_links(site, TEST_SITEURL))
    assert len(checked) > 200  # the checker really walked the site
    assert broken_links(site, TEST_SITEURL) == []


def test_link_checker_finds_a_broken_link(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "about" / "index.html").unlink()
    broken = broken_links(copy, TEST_SITEURL)
    assert f"index.html: {TEST_SITEURL}/about/" in broken


def page_requests(soup) -> list[str]:
    """What a browser fetches for the page's first load besides the HTML: styles, icons,
    scripts, images (a lazy image, such as the author card's portrait, waits for scrolling)."""
    urls = [link["href"] for link in soup.find_all("link", rel=["stylesheet", "icon"])]
    urls += [script["src"] for script in soup.find_all("script", src=True)]
    urls += [img["src"] for img in soup.find_all("img", src=True) if img.get("loading") != "lazy"]
    return urls


def test_seed_article_fits_the_byte_and_request_budget(site):
    html_path = site / SEED_URL / "index.html"
    soup = page(site, SEED_URL)
    assets = page_requests(soup)
    files = [html_path] + [site / url.removeprefix(TEST_SITEURL + "/") for url in assets]
    total = sum(path.stat().st_size for path in files)
    assert len(files) <= PAGE_BUDGET_REQUESTS, assets
    assert total < PAGE_BUDGET_BYTES, {str(path): path.stat().st_size for path in files}


def pages_and_styles(root: Path) -> set[Path]:
    return {path for pattern in ("*.html", "*.css") for path in root.rglob(pattern)}


@pytest.mark.slow
def test_every_page_passes_the_nu_html_checker(site):
    returncode, checked, output = nu_html_check(site)
    assert checked == pages_and_styles(site)  # it read every page, not a few
    assert returncode == 0, output


@pytest.mark.slow
def test_nu_html_checker_fails_on_a_broken_page(site, tmp_path):
    # The broken page beside a valid one and the style sheet (the whole site is checked above).
    copy = tmp_path / "site"
    for relative in ("tag/networking/index.html", "about/index.html", "theme/css/main.css"):
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(site / relative, copy / relative)
    broken = copy / "tag" / "networking" / "index.html"
    html = broken.read_text(encoding="utf-8")
    broken.write_text(html.replace("<main", "<p><div></div></p><main", 1), encoding="utf-8")
    returncode, checked, output = nu_html_check(copy)
    assert broken in checked
    assert returncode != 0
    assert str(broken) in output
    assert "No “p” element in scope but a “p” end tag seen" in output


def test_json_ld_cannot_be_ended_early_by_a_title(content_copy, tmp_path):
    hostile = 'He said "hi" </script><script>alert(1)</script> & 🎉 \u2028'
    (content_copy / "posts" / "hostile.md").write_text(
        f"Title: {hostile}\nSlug: hostile\nDate: 2026-03-01\nAuthor: The Editors\n"
        "Category: Leadership\nSummary: &lt;/script&gt; in a summary too.\n\nBody.\n"
    )
    output = tmp_path / "output"
    assert build(output, content=content_copy).ok
    soup = page(output, "hostile/")
    assert [s for s in soup.find_all("script") if "alert(1)" in (s.string or "")] == [
        soup.find("script", type="application/ld+json")
    ]
    (data,) = jsonld(soup)
    assert data["headline"] == hostile.strip()
    assert data["description"] == "</script> in a summary too."
    raw = (output / "hostile" / "index.html").read_text()
    assert "</script><script>alert(1)" not in raw
    json.loads(soup.find("script", type="application/ld+json").string)


@pytest.mark.slow
def test_builds_are_reproducible_with_source_date_epoch(site, tmp_path):
    again = tmp_path / "again"
    assert build(again).ok
    comparison = filecmp.dircmp(site, again)

    def differences(cmp, folder: str = "") -> list[str]:
        found = [folder + name for name in cmp.diff_files + cmp.left_only + cmp.right_only]
        for name, sub in cmp.subdirs.items():
            found += differences(sub, f"{folder}{name}/")
        return found

    assert [path for path in differences(comparison) if reproducible(path)] == []
