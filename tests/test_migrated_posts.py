"""Posts brought from another blog: raw HTML images written every way, images outside the
static folders; every problem one line at its source line, in the syntax the author used.

Real builds of a copy of the site's content, read back with BeautifulSoup.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.synthetic_photos import phone_jpeg, photo
from tests.helpers import build, page

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
    "and [a section](#intro), [mail](mailto:editors@example.org).",
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

