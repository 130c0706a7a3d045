"""Every setting of comment_threads, with its default, read and checked in one place."""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Folder of the comment files, relative to the content folder: <COMMENTS_PATH>/<post-slug>/.
    "COMMENTS_PATH": "comments",
    # Where "add a comment" mails a prepared comment (the default way of sending one).
    "COMMENTS_EMAIL": "",
    # "owner/repo": "add a comment" opens a pre-filled new file on GitHub instead of an email.
    "COMMENTS_GITHUB_REPO": "",
    "COMMENTS_GITHUB_BRANCH": "main",
    # The content folder's path inside that repository.
    "COMMENTS_GITHUB_CONTENT_DIR": "content",
    # Atom feeds: one per post ({slug}) and one for the whole site; None switches one off.
    "COMMENTS_FEED_ATOM": "feeds/comments/{slug}.atom.xml",
    "COMMENTS_ALL_FEED_ATOM": "feeds/comments.atom.xml",
    "COMMENTS_FEED_MAX_ITEMS": 20,
}

# The checked settings, left in the shared context for the feeds (checked and reported once).
SETTINGS_KEY = "COMMENT_THREADS_SETTINGS"
_GITHUB_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def comment_settings(settings: dict) -> dict:
    """The plugin's settings, defaults filled in; a bad value is logged and replaced."""
    values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    repo = values["COMMENTS_GITHUB_REPO"] or ""
    if repo and not _GITHUB_REPO.match(repo):
        logger.error(
            "pelicanconf.py: COMMENTS_GITHUB_REPO %r is not 'owner/repository'; "
            "comments are sent by email instead",
            repo,
        )
        values["COMMENTS_GITHUB_REPO"] = ""
    maximum = values["COMMENTS_FEED_MAX_ITEMS"]
    if not isinstance(maximum, int) or isinstance(maximum, bool) or maximum < 1:
        logger.error(
            "pelicanconf.py: COMMENTS_FEED_MAX_ITEMS %r is not a positive whole number; using %d",
            maximum,
            DEFAULTS["COMMENTS_FEED_MAX_ITEMS"],
        )
        values["COMMENTS_FEED_MAX_ITEMS"] = DEFAULTS["COMMENTS_FEED_MAX_ITEMS"]
    feed = values["COMMENTS_FEED_ATOM"]
    if feed and "{slug}" not in feed:
        logger.error("pelicanconf.py: COMMENTS_FEED_ATOM needs {slug}; per-post feeds are off")
        values["COMMENTS_FEED_ATOM"] = None
    if not values["COMMENTS_EMAIL"] and not values["COMMENTS_GITHUB_REPO"]:
        logger.warning(
            "pelicanconf.py: set COMMENTS_EMAIL or COMMENTS_GITHUB_REPO: readers have nowhere "
            "to send a comment"
        )
    return values
