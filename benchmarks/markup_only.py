"""A benchmark-only plugin: each post's Markdown image becomes a ready-made ``<picture>``.

bench_images.py builds a third blog with it: the posts of the blog with photos, each image
swapped, as Pelican reads it, for the ``<picture>`` responsive_images made of it (its
addresses on another host, so nothing is processed or published). What that blog costs more
than the blog without photos is what Markdown, Pelican and the theme pay for the images and
their markup; what the blog with photos costs more than it is responsive_images' own work.
"""

from __future__ import annotations

import json
import re

from pelican import signals

IMG = re.compile(r'<img [^>]*src="([^"]+)"[^>]*>')
pictures: dict[str, str] = {}  # a Markdown image's address -> its <picture>


def load(pelican) -> None:
    with open(pelican.settings["MARKUP_ONLY_PICTURES"], encoding="utf-8") as file:
        pictures.update(json.load(file))


def swap(content) -> None:
    """The post's first ``<img>``, found by ``str.find`` (a regular expression searching the
    whole post would cost about as much as what is measured), becomes its ``<picture>``."""
    html = content._content or ""
    tag = IMG.match(html, html.find("<img "))
    if tag and tag.group(1) in pictures:
        content._content = html[: tag.start()] + pictures[tag.group(1)] + html[tag.end() :]


def register():
    signals.initialized.connect(load)
    signals.content_object_init.connect(swap)
