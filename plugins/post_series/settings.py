"""Every ``SERIES*`` setting of post_series: its default and what a valid value is."""

from __future__ import annotations

from blogkit.settings import Setting, switch, text_matching

# An address or a path of the output, with {slug} where a series' own pages need it.
PATH = r"[\w{}./-]*"

SETTINGS = {
    # Series at all: the box, the links, the pages. False leaves ``Series:`` unused.
    "SERIES": switch(True),
    "SERIES_URL": Setting("series/{slug}/", "a URL with {slug}", text_matching(PATH)),
    "SERIES_SAVE_AS": Setting(
        "series/{slug}/index.html", "a path with {slug}", text_matching(PATH)
    ),
    "SERIES_INDEX_URL": Setting("series/", "a URL", text_matching(PATH)),
    "SERIES_INDEX_SAVE_AS": Setting("series/index.html", "a path", text_matching(PATH)),
}
