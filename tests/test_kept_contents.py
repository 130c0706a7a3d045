"""The dev server's builder keeps unchanged posts between builds and reads every other again.

Real Pelican in this process on a small site (Pelican's default theme, no plugins), built as
the builder builds: once, then again after each change, with ``KeptContents`` watching.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.contents import Article
from pelican.plugins import signals

from blogkit.pelican_internals import staging
from site_tools.kept_contents import KeptContents
from tests.helpers import post_text, site_settings, write, write_site


@pytest.fixture
def kept():
    keeping = KeptContents()
    starts = (signals.article_generator_init, signals.page_generator_init)
    for start in starts:
        start.connect(keeping.watch)
    yield keeping
    for start in starts:
        start.disconnect(keeping.watch)


@pytest.fixture
def read():
    """The names of the posts a build reads (made anew), in the order it reads them."""
    names = []

    def made(content):
        if isinstance(content, Article):
            names.append(Path(content.source_path).name)

    signals.content_object_init.connect(made)
    yield names
    signals.content_object_init.disconnect(made)


def build(tmp_path: Path, kept: KeptContents, changed=()) -> dict:
    """One build's articles by source path (what the generators would write from)."""
    return articles_by_name(build_context(tmp_path, kept, changed))


def build_context(tmp_path: Path, kept: KeptContents, changed=()) -> dict:
    kept.start(changed)
    instance = Pelican(site_settings(tmp_path))
    generators = staging.computed_generators(instance, content_cache=False)
    return generators[0].context


def articles_by_name(context: dict) -> dict:
    return {Path(article.source_path).name: article for article in context["articles"]}


def test_unchanged_posts_are_kept_and_changed_ones_read_again(tmp_path, kept, read):
    posts = write_site(tmp_path) / "posts"
    first = build(tmp_path, kept)
    assert sorted(read) == ["post-1.md", "post-2.md", "post-3.md"]

    named = posts / "post-2.md"
    named.write_text(post_text(2, Title="Named by the watcher"))
    stamped = posts / "post-3.md"
    stamped.write_text(post_text(3, Title="Only its stamp says so"))
    os.utime(stamped, ns=(0, 0))
    read.clear()
    again = build(tmp_path, kept, changed=[str(named)])

    assert sorted(read) == ["post-2.md", "post-3.md"]
    assert again["post-1.md"].content == first["post-1.md"].content
    assert again["post-2.md"].title == "Named by the watcher"
    assert again["post-3.md"].title == "Only its stamp says so"

    (posts / "post-1.md").unlink()
    assert "post-1.md" not in build(tmp_path, kept, changed=[str(posts / "post-1.md")])


def test_a_kept_post_is_as_it_was_read_whatever_the_last_build_did_to_it(tmp_path, kept, read):
    write_site(tmp_path)
    first = build(tmp_path, kept)["post-1.md"]
    first.comment_count = 4  # as plugins do during a build
    first._content = "<p>Pictures instead of images.</p>"
    first.tags[0].atom_feed_url = "feeds/tag.atom.xml"
    read.clear()
    again = build(tmp_path, kept)["post-1.md"]
    assert read == [] and again is not first
    assert not hasattr(again, "comment_count") and not hasattr(again.tags[0], "atom_feed_url")
    assert again.content == "<p>Body of post 1.</p>"


def test_a_post_that_links_to_another_is_read_again_and_follows_its_address(tmp_path, kept, read):
    posts = write_site(tmp_path) / "posts"
    write(posts / "linking.md", post_text(8, Title="Linking") + "See [it]({filename}post-2.md).")
    first = build(tmp_path, kept)
    assert 'href="/post-2.html"' in first["linking.md"].content

    moved = posts / "post-2.md"
    moved.write_text(post_text(2, Slug="moved"))
    read.clear()
    again = build(tmp_path, kept, changed=[str(moved)])
    assert sorted(read) == ["linking.md", "post-2.md"]
    assert 'href="/moved.html"' in again["linking.md"].content


def test_the_static_files_posts_show_are_copied_on_every_build(tmp_path, kept):
    posts = write_site(tmp_path) / "posts"
    write(posts / "showing.md", post_text(8, Title="Showing") + "![dot]({static}/images/dot.txt)")
    for _ in range(2):
        context = build_context(tmp_path, kept)
        assert context["static_links"] == {"images/dot.txt"}
    assert "post-1.md" in articles_by_name(context)
