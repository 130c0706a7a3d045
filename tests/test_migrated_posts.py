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
