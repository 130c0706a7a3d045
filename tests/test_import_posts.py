"""``invoke import-posts``: a WordPress export and feeds served on 127.0.0.1 with real images,
imported twice (the second time writes nothing), then built; bad input one line each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from benchmarks.synthetic_photos import phone_jpeg, photo
from site_tools.localhost import free_port, served
from site_tools.post_import.images import Limits
from site_tools.post_import.writing import ImportFailed, import_posts
from tests.helpers import ROOT, build, page

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old blog</title><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Cover photo</title><wp:post_id>90</wp:post_id><wp:post_type>attachment</wp:post_type>
  <wp:attachment_url>{site}/uploads/cover.jpg</wp:attachment_url>
  <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
    <wp:meta_value>Coffee cups on a sunny terrace</wp:meta_value></wp:postmeta></item>
<item>
  <title>Coffee with a Stranger</title>
  <link>https://old.example.org/2016/06/coffee-with-a-stranger/</link>
  <pubDate>Wed, 01 Jun 2016 09:00:00 +0000</pubDate>
  <dc:creator>Dana Whitfield</dc:creator>
  <wp:post_id>7</wp:post_id><wp:post_date_gmt>2016-06-01 09:00:00</wp:post_date_gmt>
  <wp:post_name>coffee-with-a-stranger</wp:post_name>
  <wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
  <category domain="category" nicename="habits">Habits</category>
  <category domain="post_tag" nicename="coffee">coffee</category>
  <category domain="post_tag" nicename="meetups">meetups</category>
  <excerpt:encoded><![CDATA[Why one coffee a week changes a network.]]></excerpt:encoded>
  <content:encoded><![CDATA[<p>One coffee a <strong>week</strong>.</p>
<p><img src="{site}/uploads/table.jpg" alt="Two cups on a table" width="600"></p>
<h2>How</h2><ul><li>Ask</li><li>Listen</li></ul>
<p><img src="../../etc/passwd" alt="Not a photo"></p>
<p><img src="{site}/uploads/huge.jpg" alt="Too big"></p>
<p><img src="{site}/uploads/fake.jpg" alt="Not an image"></p>
<p><img src="file:///etc/hostname" alt="A local file"></p>]]></content:encoded>
  <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>90</wp:meta_value></wp:postmeta>
</item>
<item>
  <title>A Draft Idea</title><link>https://old.example.org/?p=8</link>
  <wp:post_id>8</wp:post_id><wp:post_date_gmt>2016-07-01 09:00:00</wp:post_date_gmt>
  <wp:post_name>a-draft-idea</wp:post_name><wp:status>draft</wp:status>
  <wp:post_type>post</wp:post_type>
  <content:encoded><![CDATA[<p>Not finished.</p>]]></content:encoded>
</item>
<item>
  <title>Trashed</title><wp:post_id>9</wp:post_id><wp:status>trash</wp:status>
  <wp:post_type>post</wp:post_type><content:encoded><![CDATA[<p>Gone.</p>]]></content:encoded>
</item>
</channel></rss>
"""
LONG = " ".join(["Meeting people is easier with a plan and a short note the same evening."] * 20)
FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>A Substack</title><link>{site}/</link>
<item>
  <title>The Follow-Up Note</title><link>{site}/p/the-follow-up-note</link>
  <pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate><dc:creator>The Editors</dc:creator>
  <category>Habits</category><category>follow-up</category>
  <description>What to write after a first meeting.</description>
  <media:content url="{site}/img/cover.jpg" medium="image"/>
  <content:encoded><![CDATA[<p>{long}</p>
    <p><img alt="A handwritten note" src="/img/note.jpg"></p>]]></content:encoded>
</item>
<item>
  <title>Second Post</title><link>{site}/p/second-post</link>
  <pubDate>Wed, 06 Mar 2024 08:30:00 GMT</pubDate><dc:creator>The Editors</dc:creator>
  <category>Events</category>
  <content:encoded><![CDATA[<p>{long}</p>
    <p><img src="img/table.jpg" alt="A table"></p>]]></content:encoded>
</item>
</channel></rss>
"""
EXCERPTS = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Excerpts</title><id>urn:x</id>
<updated>2024-03-05T08:30:00Z</updated>
<entry><title>Only a Taste</title><id>urn:1</id><link href="{site}/only-a-taste"/>
  <updated>2024-03-05T08:30:00Z</updated><summary>The first lines, and then […]</summary></entry>
<entry><title>Another Taste</title><id>urn:2</id><link href="{site}/another-taste"/>
  <updated>2024-03-06T08:30:00Z</updated><summary>Short.</summary></entry>
</feed>
"""


@pytest.fixture
def old_site(tmp_path):
    """The old blog's files, served on 127.0.0.1 while the test runs."""
    root = tmp_path / "old-site"
    for name, seed in (("uploads/table.jpg", 1), ("uploads/cover.jpg", 2), ("img/cover.jpg", 3),
                       ("img/note.jpg", 4), ("p/img/table.jpg", 5)):  # fmt: skip
        phone_jpeg(root / name, photo(640, 480, seed))
    phone_jpeg(root / "uploads" / "huge.jpg", photo(1600, 1200, 6))
    (root / "uploads" / "fake.jpg").write_text("<html>not an image</html>")
    with served(root, free_port()) as url:
        (root / "feed.xml").write_text(FEED.format(site=url, long=LONG))
        (root / "excerpts.xml").write_text(EXCERPTS.format(site=url))
        export = tmp_path / "export" / "wordpress.xml"
        export.parent.mkdir()
        export.write_text(WXR.format(site=url))
        yield url, export


def invoke_import(content: Path, source: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "import-posts", source, "--into", str(content), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_a_wordpress_export_imports_posts_and_images_once(old_site, tmp_path):
    site, export = old_site
    content = tmp_path / "content"
    limits = Limits(max_bytes=120_000, timeout=10)
    first = import_posts(str(export), content, limits=limits)
    post = content / "posts" / "coffee-with-a-stranger.md"
    assert first.posts == [post, content / "posts" / "a-draft-idea.md"]
    text = post.read_text()
    header = dict(line.split(": ", 1) for line in text.split("\n\n", 1)[0].splitlines())
    assert header == {
        "Title": "Coffee with a Stranger",
        "Slug": "coffee-with-a-stranger",
        "Date": "2016-06-01 09:00+00:00",
        "Author": "Dana Whitfield",
        "Category": "Habits",
        "Tags": "coffee, meetups",
        "Summary": "Why one coffee a week changes a network.",
        "Cover": "{static}/images/coffee-with-a-stranger/cover.jpg",
        "Cover_alt": "Coffee cups on a sunny terrace",
        "Aliases": "/2016/06/coffee-with-a-stranger/",
    }
    assert "![Two cups on a table]({static}/images/coffee-with-a-stranger/table.jpg)" in text
    assert "## How" in text and "- Ask" in text and "**week**" in text
    assert "Status: draft" in (content / "posts" / "a-draft-idea.md").read_text()
    for image in first.images:
        with Image.open(image) as opened:
            opened.verify()
    assert sorted(p.name for p in first.images) == ["cover.jpg", "table.jpg"]
    item = "item 'Coffee with a Stranger'"
    huge = (tmp_path / "old-site" / "uploads" / "huge.jpg").stat().st_size
    assert first.problems == [
        f"{export}: item 'Trashed': its status is 'trash'; not imported",
        f"{export}: {item}: image '../../etc/passwd' is a path outside the export's folder: "
        "not read; not imported",
        f"{export}: {item}: image '{site}/uploads/huge.jpg' is {huge:,} bytes, more "
        "than the limit (120,000); not imported",
        f"{export}: {item}: image '{site}/uploads/fake.jpg' is not an image file Pillow can "
        "read; not imported",
        f"{export}: {item}: image 'file:///etc/hostname' is not an http(s) address; not imported",
    ]
    assert not list(tmp_path.rglob("passwd")) and not list(tmp_path.rglob("hostname"))
    files = {path: path.stat().st_mtime_ns for path in content.rglob("*") if path.is_file()}
    again = import_posts(str(export), content, limits=limits)
    assert (again.posts, again.images, again.existing) == ([], [], 2)
    assert {path: path.stat().st_mtime_ns for path in content.rglob("*") if path.is_file()} == files


def test_a_feed_imports_through_invoke_twice_and_builds_clean(old_site, content_copy, tmp_path):
    site, _export = old_site
    first = invoke_import(content_copy, f"{site}/feed.xml")
    assert first.returncode == 0, first.stderr
    assert (
        first.stdout.splitlines()[-1]
        == "2 post(s) and 3 image(s) imported, 0 post(s) already there"
    )
    note = (content_copy / "posts" / "the-follow-up-note.md").read_text()
    assert "Aliases: /p/the-follow-up-note\n" in note and "Category: Habits\n" in note
    assert "Tags: follow-up\n" in note and "Summary: What to write after a first meeting.\n" in note
    assert "![A handwritten note]({static}/images/the-follow-up-note/note.jpg)" in note
    second = invoke_import(content_copy, f"{site}/feed.xml")
    assert second.stdout.splitlines() == [
        "0 post(s) and 0 image(s) imported, 2 post(s) already there"
    ]
    (content_copy / "posts" / "the-follow-up-note.md").write_text(
        note.replace("Summary:", "Cover_alt: A desk by a window\nSummary:")
    )
    output = tmp_path / "output"
    result = build(output, content=content_copy, cache=tmp_path / "cache")
    assert result.ok, result.output
    soup = page(output, "the-follow-up-note/")
    assert soup.select_one(".post-body picture img")["alt"] == "A handwritten note"
    assert soup.select_one(".cover img")["alt"] == "A desk by a window"
    moved = (output / "p" / "the-follow-up-note" / "index.html").read_text()
    assert 'http-equiv="refresh"' in moved and "/the-follow-up-note/" in moved


def test_an_excerpt_feed_is_reported_post_by_post_and_imports_nothing(old_site, tmp_path):
    site, _export = old_site
    content = tmp_path / "content"
    result = invoke_import(content, f"{site}/excerpts.xml")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"{site}/excerpts.xml: item 'Only a Taste': the feed carries only an excerpt (6 words); "
        "not imported (export the full posts)",
        f"{site}/excerpts.xml: item 'Another Taste': the feed carries only an excerpt (1 word); "
        "not imported (export the full posts)",
    ]
    assert not content.exists() or not any(content.rglob("*.md"))


def test_a_source_that_is_not_what_it_says_is_one_line(old_site, tmp_path):
    site, _export = old_site
    page_file = tmp_path / "export.xml"
    page_file.write_text("<html><body><p>Not an export</p></body></html>")
    with pytest.raises(ImportFailed) as refused:
        import_posts(str(page_file), tmp_path / "content")
    assert str(refused.value) == (
        f"{page_file}: is neither a WordPress export (WXR) nor an RSS or Atom feed"
    )
    wrong = invoke_import(tmp_path / "content", f"{site}/feed.xml", "--kind", "wxr")
    assert wrong.returncode == 1
    assert wrong.stderr.strip().splitlines() == [
        f"{site}/feed.xml: is not a WordPress export (WXR): no wp: namespace in its <rss>"
    ]
    assert not (tmp_path / "content").exists()
