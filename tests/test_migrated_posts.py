"""Posts brought from another blog: raw HTML images written every way, images outside the
static folders; every problem one line at its source line, in the syntax the author used.

Real builds of a copy of the site's content, read back with BeautifulSoup.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchmarks.synthetic_photos import phone_jpeg, photo
from tests.helpers import TEST_SITEURL, build, page

HEADER = """Title: {title}
Slug: {slug}
Date: 2026-02-01 10:00
Author: The Editors
Category: Leadership
Summary: {title}.

"""
# Each line of the body, numbered from the header's 8 lines (line 8 is the blank line).
MIGRATED = [
    "Intro.",
    "",
    '<img alt="On a 1 to 10 scale, how amenable are you (> 5?)" src="/images/a.jpg">',
    "",
    "<img src='/images/a.jpg' width='300' alt='Single quotes, width first'>",
    "",
    "<img width=300 alt=Unquoted src=/images/a.jpg>",
    "",
    '<IMG ALT="Upper case" SRC="/images/a.jpg" CLASS="wide">',
    "",
    '<img src="/img/legacy/old.jpg" alt="An old photo outside the static folders">',
    "",
    '<img src="/images/a.jpg">',
    "",
    "![](/images/a.jpg)",
    "",
    '<img src="/images/a.jpg" alt="" class="decorative">',
    "",
    '<!-- <img src="/images/commented-out.jpg"> -->',
    "",
    "Closing words.",
]
FIRST_BODY_LINE = 8


def line_of(text: str) -> int:
    return FIRST_BODY_LINE + MIGRATED.index(text)


@pytest.fixture
def migrated(content_copy) -> Path:
    phone_jpeg(content_copy / "images" / "a.jpg", photo(600, 400, 1))
    phone_jpeg(content_copy / "img" / "legacy" / "old.jpg", photo(700, 500, 2))
    post = HEADER.format(title="Migrated", slug="migrated") + "\n".join(MIGRATED) + "\n"
    (content_copy / "posts" / "migrated.md").write_text(post)
    return content_copy


def test_raw_tags_any_order_and_quoting_and_images_outside_static_folders(migrated, tmp_path):
    output = tmp_path / "output"
    result = build(output, "pelicanconf.py", migrated, cache=tmp_path / "cache")
    assert result.ok, result.output
    post = "posts/migrated.md"
    raw = line_of('<img src="/images/a.jpg">')
    markdown = line_of("![](/images/a.jpg)")
    assert [problem.split("content/", 1)[1] for problem in result.problems] == [
        f"{post}:{raw}: image '/images/a.jpg' has no alt text: describe it "
        '(alt="what it shows") or mark it decorative (alt="" class="decorative")',
        f"{post}:{markdown}: image '/images/a.jpg' has no alt text: describe it "
        "(![what it shows](...)) or mark it decorative ({: .decorative})",
    ]
    soup = page(output, "migrated/")
    body = soup.select_one(".post-body")
    alts = [img["alt"] for img in body.select("picture img")]
    assert alts == [
        "On a 1 to 10 scale, how amenable are you (> 5?)",
        "Single quotes, width first",
        "Unquoted",
        "Upper case",
        "An old photo outside the static folders",
        "",
    ]
    assert not body.select("img:not(picture img)"), "an <img> left as written"
    assert "5?)" not in body.get_text() and '">' not in body.get_text()
    old = body.select("picture img")[4]
    assert (old["width"], old["height"]) == ("700", "500")
    assert (output / old["src"].lstrip("/")).is_file()
    widths = [img["width"] for img in body.select("picture img")[1:3]]
    assert widths == ["300", "300"]
    assert body.select("picture img")[3]["class"] == ["wide"]


# --- internal links, checked by every build -----------------------------------------------

LINKING_POST = [
    "A post that links around.",
    "",
    "[The about page](/about/), [the events](/events/), [a tag](/tag/leadership/),",
    "[the feed](/feeds/all.atom.xml), [a photo]({static}/images/authors/dana-whitfield.png),",
    "[the seed post]({filename}/posts/network-before-you-need-it.md), [another site](https://example.org/nope/)",
    "and [a section](#intro), [mail](mailto:editors@example.org), [search](/search/),",
    "[the calendar](/events.ics), [the comments](/feeds/comments.atom.xml),",
    "[a style](/theme/css/main.css).",
    "",
    "An [old address](/blog/old-post.html) that was never moved.",
    "",
    "A [gone source]({filename}/posts/gone.md), and ![a lost photo](/img/lost.jpg)",
]


def write_broken_links(content: Path) -> None:
    body = "\n".join(LINKING_POST) + "\n"
    post = HEADER.format(title="Links", slug="links") + body
    (content / "posts" / "links.md").write_text(post)
    about = content / "pages" / "about.md"
    about.write_text(about.read_text() + "\nSee [our history](/history/).\n")
    comments = content / "comments" / "links"
    comments.mkdir(parents=True)
    (comments / "first.md").write_text(
        "Author: A Reader\nDate: 2026-02-02 10:00\n\nGreat, and see [my notes](/notes/).\n"
    )
    events = content / "data" / "events.yaml"
    text = events.read_text()
    marker = "    introductions at small tables. Bring a question you want answered.\n"
    note = "    Seating: [the plan](/events/missing-breakfast/).\n"
    events.write_text(text.replace(marker, marker + note, 1))


def expected_link_problems(content: Path) -> list[str]:
    def line(path: Path, text: str) -> int:
        return path.read_text().splitlines().index(text) + 1

    post_line = FIRST_BODY_LINE + LINKING_POST.index(
        "An [old address](/blog/old-post.html) that was never moved."
    )
    last = FIRST_BODY_LINE + len(LINKING_POST) - 1
    events = content / "data" / "events.yaml"
    seating = line(events, "    Seating: [the plan](/events/missing-breakfast/).")
    return [
        f"posts/links.md:{post_line}: link '/blog/old-post.html' leads to no page of this site "
        "(blog/old-post.html is not written)",
        f"posts/links.md:{last}: link '{{filename}}/posts/gone.md': the content folder has no "
        "such file",
        f"posts/links.md:{last}: link '/img/lost.jpg' leads to no page of this site "
        "(img/lost.jpg is not written)",
        "comments/links/first.md:4: link '/notes/' leads to no page of this site "
        "(notes/index.html is not written)",
        f"pages/about.md:{line(content / 'pages' / 'about.md', 'See [our history](/history/).')}: "
        "link '/history/' leads to no page of this site (history/index.html is not written)",
        f"data/events.yaml:{seating}: link "
        "'/events/missing-breakfast/' leads to no page of this site "
        "(events/missing-breakfast/index.html is not written)",
    ]


def relative_problems(result) -> list[str]:
    return [problem.split("/content/", 1)[1] for problem in result.problems]


def test_a_dev_build_names_each_broken_internal_link_at_its_line(content_copy, tmp_path):
    write_broken_links(content_copy)
    output = tmp_path / "output"
    result = build(output, "pelicanconf.py", content_copy, cache=tmp_path / "cache")
    assert result.ok, result.output
    expected = expected_link_problems(content_copy)
    assert sorted(relative_problems(result)) == sorted(expected)
    box = page(output, "links/").select_one(".build-problems")
    assert f"This build has {len(expected)} problems" in box.text
    assert "Traceback" not in result.output


def test_a_publish_build_stops_on_a_broken_internal_link(content_copy, tmp_path):
    write_broken_links(content_copy)
    output = tmp_path / "output"
    result = build(output, content=content_copy, cache=tmp_path / "cache")
    assert not result.ok and result.stopped
    assert sorted(relative_problems(result)) == sorted(expected_link_problems(content_copy))
    assert not output.exists() or not any(output.rglob("*.html")), "a stopped build wrote pages"


def test_a_drafts_broken_link_is_a_warning_at_its_line(content_copy, tmp_path):
    """A draft may link to what is not written yet: the publish build says so and goes on."""
    header = HEADER.format(title="Draft", slug="draft-links").replace("\n\n", "\nStatus: draft\n\n")
    body = "Soon: [the launch](/launch/), and [the seed](/network-before-you-need-it/).\n"
    (content_copy / "posts" / "draft-links.md").write_text(header + body)
    output = tmp_path / "output"
    result = build(output, content=content_copy, cache=tmp_path / "cache")
    assert result.ok and result.problems == [], result.output
    assert (
        f"posts/draft-links.md:{FIRST_BODY_LINE + 1}: link '/launch/' leads to no page of this "
        "site (launch/index.html is not written) (a draft: an error once published)"
    ) in " ".join(result.output.split())
    assert "network-before-you-need-it/' leads" not in result.output


def test_every_page_of_a_paginated_list_is_known_and_no_more(content_copy, tmp_path):
    """The sample posts fill two home pages (5 a page), not 99, and one tag page (20 a page)."""
    body = "[Older](/page/2/), [oldest](/page/99/), [on a tag](/tag/leadership/page/2/).\n"
    post = HEADER.format(title="Links", slug="links") + body
    (content_copy / "posts" / "links.md").write_text(post)
    output = tmp_path / "output"
    result = build(output, "pelicanconf.py", content_copy, cache=tmp_path / "cache")
    assert result.ok, result.output
    assert (output / "page" / "2" / "index.html").is_file()
    assert sorted(relative_problems(result)) == [
        f"posts/links.md:{FIRST_BODY_LINE}: link '/page/99/' leads to no page of this site "
        "(page/99/index.html is not written)",
        f"posts/links.md:{FIRST_BODY_LINE}: link '/tag/leadership/page/2/' leads to no page of "
        "this site (tag/leadership/page/2/index.html is not written)",
    ]


# --- old addresses ---------------------------------------------------------------------------

REDIRECTS_YAML = """\
# Renamed and removed pages.
/old-about/: /about/
/old-partner/: https://partner.example.org/welcome/
/nowhere-old/: /nowhere/
"""


def write_old_addresses(content: Path) -> None:
    moved = HEADER.format(title="Moved Post", slug="moved").replace(
        "Summary:", "Aliases: /blog/moved-post.html, /2016/06/moved/\nSummary:"
    )
    (content / "posts" / "moved.md").write_text(
        moved + "Moved here. See [its old self](/blog/moved-post.html).\n"
    )
    other = HEADER.format(title="Other Post", slug="other").replace(
        "Summary:", "Old_urls: /blog/other.html\nSummary:"
    )
    (content / "posts" / "other.md").write_text(other + "Another.\n")
    (content / "data" / "redirects.yaml").write_text(REDIRECTS_YAML)


def write_bad_aliases(content: Path) -> None:
    claims = "Aliases: /about/, /blog/moved-post.html, /../../../escaped.html\nSummary:"
    bad = HEADER.format(title="Greedy Post", slug="greedy").replace("Summary:", claims)
    bad = bad.replace("Date: 2026-02-01", "Date: 2026-02-02")  # later than the moved post
    (content / "posts" / "greedy.md").write_text(bad + "Greedy.\n")


def redirect_of(output: Path, relative: str) -> dict:
    soup = BeautifulSoup((output / relative).read_text(), "html.parser")
    refresh = soup.select_one('meta[http-equiv="refresh"]')["content"]
    return {
        "refresh": refresh.split("url=", 1)[1],
        "canonical": soup.select_one('link[rel="canonical"]')["href"],
        "robots": soup.select_one('meta[name="robots"]')["content"],
        "link": soup.select_one("body a")["href"],
    }


def test_old_addresses_answer_with_a_redirect_page_out_of_sitemap_and_search(
    content_copy, tmp_path
):
    write_old_addresses(content_copy)
    (content_copy / "data" / "redirects.yaml").write_text(
        REDIRECTS_YAML.replace("/nowhere-old/: /nowhere/\n", "")
    )
    output = tmp_path / "output"
    result = build(output, content=content_copy, cache=tmp_path / "cache")
    assert result.ok, result.output
    moved = f"{TEST_SITEURL}/moved/"
    expected = {
        "blog/moved-post.html": moved,
        "2016/06/moved/index.html": moved,
        "blog/other.html": f"{TEST_SITEURL}/other/",
        "old-about/index.html": f"{TEST_SITEURL}/about/",
        "old-partner/index.html": "https://partner.example.org/welcome/",
    }
    for relative, target in expected.items():
        found = redirect_of(output, relative)
        assert found == {"refresh": target, "canonical": target, "robots": "noindex",
                         "link": target}, relative  # fmt: skip
    sitemap = (output / "sitemap.xml").read_text()
    assert f"{TEST_SITEURL}/moved/" in sitemap
    assert not any(old.split("/index.html")[0] in sitemap for old in expected)
    for relative in expected:
        assert "data-pagefind-body" not in (output / relative).read_text()
    assert "data-pagefind-body" in (output / "moved" / "index.html").read_text()


def test_bad_old_addresses_are_one_line_each_and_nothing_leaves_the_output(content_copy, tmp_path):
    write_old_addresses(content_copy)
    write_bad_aliases(content_copy)
    output = tmp_path / "site" / "output"
    result = build(output, "pelicanconf.py", content_copy, cache=tmp_path / "cache")
    assert result.ok, result.output
    greedy = "posts/greedy.md:6"
    assert sorted(relative_problems(result)) == sorted([
        "data/redirects.yaml:4: redirect to '/nowhere/' leads to no page of this site",
        f"{greedy}: old address '/about/' is a page this build writes (about/index.html): "
        "a redirect there would replace it",
        f"{greedy}: old address '/blog/moved-post.html' is claimed by moved.md too: only one "
        "page can answer it",
        f"{greedy}: old address '/../../../escaped.html' would be written outside the output "
        "folder: refused",
    ])  # fmt: skip
    assert page(output, "about/").select_one("h1").text.strip() == "About"
    assert redirect_of(output, "blog/moved-post.html")["refresh"] == "/moved/"
    assert not list(tmp_path.rglob("escaped.html"))
