"""A post's or page's text as read, before Pelican resolves its links: responsive_images,
blog_core, related_posts.

Assumed: a content object keeps the HTML its reader made in ``_content`` (None for a source
without text); ``content``, ``summary`` and every page written from the object are made
from it, with Pelican's intrasite links (``{static}``, ``{filename}``...) resolved then, so
HTML replaced here before the output is what the pages show.
"""

from __future__ import annotations

CALLED = ()  # an attribute, not a call: tests/test_pelican_internals.py checks it


def html_of(content) -> str:
    """The text of ``content`` as read (``""`` when it has none)."""
    return content._content or ""


def replace_html(content, html: str) -> None:
    """From now on ``content`` shows ``html`` (rendered before any page is written)."""
    content._content = html
