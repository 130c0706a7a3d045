"""Every ``RELATED_POSTS*`` setting: its default and what a valid value is."""

from __future__ import annotations

from blogkit.settings import ASSET_CACHE, Setting, positive_number, switch

SETTINGS = {
    # "Read next" under each post; False shows none and skips the work.
    "RELATED_POSTS": switch(True),
    # How many posts it lists at most (a pinned list shows all it names).
    "RELATED_POSTS_COUNT": Setting(3, "a positive whole number", positive_number),
    # ASSET_CACHE_PATH, ASSET_CACHE_KEEP_BUILDS: the one asset cache (blogkit.asset_cache), where
    # the chosen lists are kept under the key of what they were chosen from.
    **ASSET_CACHE,
}
