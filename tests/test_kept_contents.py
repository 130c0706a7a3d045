"""The dev server's builder keeps unchanged posts between builds and reads every other again.

Real Pelican in this process on a small site (Pelican's default theme, no plugins), built as
the builder builds: once, then again after each change, with ``KeptContents`` watching.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.plugins import signals

from blogkit import pelican_internals
from site_tools.kept_contents import KeptContents
from tests.test_pelican_internals import post_text, site_settings, write, write_site


@pytest.fixture
def kept():
    keeping = KeptContents()
    starts = (signals.article_generator_init, signals.page_generator_init)
    for start in starts:
        start.connect(keeping.watch)
    yield keeping
    for start in starts:
        start.disconnect(keeping.watch)


def build(tmp_path: Path, kept: KeptContents, changed=()) -> dict:
    """One build's articles by source path (what the generators would write from)."""
    return articles_by_name(build_context(tmp_path, kept, changed))


def build_context(tmp_path: Path, kept: KeptContents, changed=()) -> dict:
    kept.start(changed)
    instance = Pelican(site_settings(tmp_path))
    generators = pelican_internals.computed_generators(instance, content_cache=False)
    return generators[0].context


def articles_by_name(context: dict) -> dict:
    return {Path(article.source_path).name: article for article in context["articles"]}


def test_unchanged_posts_are_kept_and_changed_ones_read_again(tmp_path, kept):
    posts = write_site(tmp_path) / "posts"
    first = build(tmp_path, kept)

    named = posts / "post-2.md"
    named.write_text(post_text(2, Title="Named by the watcher"))
    stamped = posts / "post-3.md"
    stamped.write_text(post_text(3, Title="Only its stamp says so"))
    os.utime(stamped, ns=(0, 0))
    again = build(tmp_path, kept, changed=[str(named)])

    assert again["post-1.md"] is first["post-1.md"]
    assert again["post-2.md"].title == "Named by the watcher"
    assert again["post-3.md"].title == "Only its stamp says so"

    (posts / "post-1.md").unlink()
    assert "post-1.md" not in build(tmp_path, kept, changed=[str(posts / "post-1.md")])


def test_a_post_that_links_to_another_is_read_again_and_follows_its_address(tmp_path, kept):
    posts = write_site(tmp_path) / "posts"
    write(posts / "linking.md", post_text(8, Title="Linking") + "See [it]({filename}post-2.md).")
    first = build(tmp_path, kept)
    assert 'href="/post-2.html"' in first["linking.md"].content

    moved = posts / "post-2.md"
    moved.write_text(post_text(2, Slug="moved"))
    again = build(tmp_path, kept, changed=[str(moved)])
    assert again["linking.md"] is not first["linking.md"]
    assert 'href="/moved.html"' in again["linking.md"].content


def test_the_static_files_posts_show_are_copied_on_every_build(tmp_path, kept):
    posts = write_site(tmp_path) / "posts"
    write(posts / "showing.md", post_text(8, Title="Showing") + "![dot]({static}/images/dot.txt)")
    for _ in range(2):
        context = build_context(tmp_path, kept)
        assert context["static_links"] == {"images/dot.txt"}
    assert "post-1.md" in articles_by_name(context)
