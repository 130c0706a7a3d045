"""Every ``SEARCH_*`` setting: its default and what a valid value is, in one table."""

from __future__ import annotations

from blogkit.settings import ASSET_CACHE, Setting, switch, text

SETTINGS = {
    # Run Pagefind over the output folder once the build has written it. Off for dev builds,
    # which stay fast (`invoke search-index` indexes output/ when asked); on in publishconf.py.
    "SEARCH_INDEX": switch(False),
    "SEARCH_URL": Setting("search/", "text (a URL)", text),
    "SEARCH_SAVE_AS": Setting("search/index.html", "text (a path)", text),
    # ASSET_CACHE_PATH, ASSET_CACHE_KEEP_BUILDS: the one asset cache (blogkit.asset_cache).
    **ASSET_CACHE,
}
