"""Links, HTML validity, the byte budget and reproducible output of the built site."""

from __future__ import annotations

import filecmp
import json
import shutil
from urllib.parse import quote

import pytest

from site_tools.sitecheck import (
    BUDGET_BYTES,
    BUDGET_PAGE,
    broken_links,
    budget_problems,
    first_load,
    html_problems,
    internal_links,
)
from tests.helpers import (
    EVENT_PAGE,
    TEST_SITEURL,
    WINDOWS,
    build,
    fetched_on_first_load,
    jsonld,
    page,
    reproducible,
    require_nu_checker,
)


def test_no_internal_link_or_asset_is_broken(site):
    checked = list(internal_links(site, TEST_SITEURL))
    assert len(checked) > 200  # the checker really walked the site
    assert broken_links(site, TEST_SITEURL) == []


def test_link_checker_finds_a_broken_link(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "about" / "index.html").unlink()
    broken = broken_links(copy, TEST_SITEURL)
    assert "index.html: /about/" in broken


def test_seed_article_fits_the_byte_and_request_budget(site):
    assert budget_problems(site, TEST_SITEURL) == []
    load = first_load(site, TEST_SITEURL)
    files = {BUDGET_PAGE: BUDGET_PAGE + "index.html", "theme/favicon.svg": "theme/favicon.svg",
             "theme/css/main.css": "theme/css/main.css"}  # fmt: skip
    assert load.sizes == {name: (site / path).stat().st_size for name, path in files.items()}
    assert load.requests == 3 and load.elsewhere == []


@pytest.mark.parametrize(("width", "height"), WINDOWS)
def test_chromium_fetches_what_the_budget_counts(browser, served_site, width, height):
    """The seed article's lazy author portrait, far down, waits for scrolling in Chromium too;
    the event page's portraits, in the page itself, are no request."""
    for relative in (BUDGET_PAGE, EVENT_PAGE):
        fetched = fetched_on_first_load(browser, f"{served_site.url}/{relative}", width, height)
        load = first_load(served_site.root, served_site.url, relative)
        assert sorted(url.removeprefix(f"{served_site.url}/") for url in fetched) == sorted(
            load.sizes
        )
        assert load.requests == 3


def test_a_lazy_image_near_the_top_counts_and_one_in_the_page_does_not(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    article = copy / BUDGET_PAGE / "index.html"
    portrait = sorted((copy / "images" / "authors").glob("*.webp"))[0].relative_to(copy)
    near = f'<img src="/{portrait.as_posix()}" loading="lazy" alt="">'
    inline = '<img src="data:image/webp;base64,UklGRg==" alt="">'
    html = article.read_text(encoding="utf-8").replace("<h1", f"{near}{inline}<h1", 1)
    article.write_text(html, encoding="utf-8")
    load = first_load(copy, TEST_SITEURL)
    assert portrait.as_posix() in load.sizes and load.elsewhere == []
    assert load.requests == 4


def test_a_deployed_build_is_weighed_as_the_suite_builds_it(site, tmp_path):
    """Another address, plain and quoted in share links, and view counting change nothing."""
    deployed_url = "https://someone.github.io/the-connected-professional"
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    article = copy / BUDGET_PAGE / "index.html"
    html = article.read_text(encoding="utf-8")
    html = html.replace(TEST_SITEURL, deployed_url).replace(
        quote(TEST_SITEURL), quote(deployed_url)
    )
    html = html.replace('="/', '="/the-connected-professional/')  # links from the site's root
    count = "https://stats.example.org/count?p=%2Fnetwork-before-you-need-it%2F"
    counting = (
        f'<script data-send="{count}">{"sendBeacon();" * 100}</script>\n'
        f'<noscript><img src="{count}" alt="" hidden></noscript>'
    )
    article.write_text(html.replace("</body>", f"{counting}</body>"), encoding="utf-8")
    assert article.stat().st_size > (site / BUDGET_PAGE / "index.html").stat().st_size + 2000
    assert first_load(copy, deployed_url) == first_load(site, TEST_SITEURL)
    assert budget_problems(copy, deployed_url) == []


def test_the_budget_check_reports_bytes_requests_and_files_elsewhere(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    article = copy / BUDGET_PAGE / "index.html"
    html = article.read_text(encoding="utf-8")
    extra = (
        f'<script src="{TEST_SITEURL}/theme/js/extra.js"></script>'
        '<img src="https://cdn.example.net/pixel.gif" alt="">'
        '<noscript><img src="https://count.example.net/count" alt=""></noscript>'
        '<img src="/images/late.jpg" loading="lazy" alt="">'
    )
    article.write_text(html.replace("</main>", f"{extra}</main>", 1), encoding="utf-8")
    (copy / "theme" / "js").mkdir(parents=True, exist_ok=True)
    (copy / "theme" / "js" / "extra.js").write_text("//" + "x" * BUDGET_BYTES)
    assert budget_problems(copy, TEST_SITEURL) == [
        f"{BUDGET_PAGE}: its first load fetches https://cdn.example.net/pixel.gif, "
        "which is not a file of this site",
        f"{BUDGET_PAGE}: 5 requests on first load, the budget is 3",
        f"{BUDGET_PAGE}: {first_load(copy, TEST_SITEURL).bytes:,} bytes on first load "
        f"({BUDGET_PAGE} {article.stat().st_size:,}, theme/favicon.svg 322, theme/css/main.css "
        f"{(copy / 'theme/css/main.css').stat().st_size:,}, theme/js/extra.js 20,482), the "
        "budget is under 20,480",
    ]
    article.unlink()
    assert budget_problems(copy, TEST_SITEURL) == [
        f"{BUDGET_PAGE}: missing, so its budget cannot be weighed"
    ]


@pytest.mark.slow
def test_every_page_passes_the_nu_html_checker(site):
    """As `invoke ci-checks` runs it: every page and style sheet read, no error found."""
    require_nu_checker()
    assert html_problems(site) == []


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
    (copy / "about" / "gone.html").symlink_to("no-such-page.html")  # a page it cannot read
    require_nu_checker()
    problems = html_problems(copy)
    assert f'"file:{broken}":' in problems[-2]
    assert problems[-2].endswith(": error: No “p” element in scope but a “p” end tag seen.")
    assert problems[-1] == "about/gone.html: not read by the Nu HTML checker"


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
