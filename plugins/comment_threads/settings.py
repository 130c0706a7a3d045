"""Every setting of comment_threads: its default and what a valid value is, in one table."""

from __future__ import annotations

from blogkit.problems import warn
from blogkit.settings import (
    Setting,
    optional,
    plugin_settings,
    positive_number,
    text,
    text_matching,
)
from blogkit.web import is_web_url

SETTINGS = {
    # Folder of the comment files, relative to the content folder: <COMMENTS_PATH>/<post-slug>/.
    "COMMENTS_PATH": Setting("comments", "text (a folder)", text),
    # Where "add a comment" mails a prepared comment (the default way of sending one).
    "COMMENTS_EMAIL": Setting("", "text (an email address)", text),
    # "owner/repo": "add a comment" opens a pre-filled new file on GitHub instead of an email.
    "COMMENTS_GITHUB_REPO": Setting(
        "", "'owner/repository'", optional(text_matching(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"))
    ),
    # Isso's address (docs/comments.md): a form under every open post sends comments there, and
    # `invoke comments-pull` copies the approved ones into the comments folder. "": no form.
    "COMMENTS_ISSO_URL": Setting("", "an http(s) address, or ''", optional(is_web_url)),
    "COMMENTS_GITHUB_BRANCH": Setting("main", "text (a branch)", text),
    # The content folder's path inside that repository.
    "COMMENTS_GITHUB_CONTENT_DIR": Setting("content", "text (a folder)", text),
    # Atom feeds: one per post ({slug}) and one for the whole site; None switches one off.
    "COMMENTS_FEED_ATOM": Setting(
        "feeds/comments/{slug}.atom.xml",
        "a path with {slug} in it, or None",
        optional(text_matching(r".*\{slug\}.*")),
        fallback=None,
    ),
    "COMMENTS_ALL_FEED_ATOM": Setting("feeds/comments.atom.xml", "a path, or None", optional(text)),
    "COMMENTS_FEED_MAX_ITEMS": Setting(20, "a positive whole number", positive_number),
}

# The checked settings, left in the shared context for the feeds (checked and reported once).
SETTINGS_KEY = "COMMENT_THREADS_SETTINGS"


def comment_settings(settings: dict) -> dict:
    """The plugin's settings, defaults filled in; a value that is not valid is one problem."""
    values = plugin_settings(settings, SETTINGS)
    if not values["COMMENTS_EMAIL"] and not values["COMMENTS_GITHUB_REPO"]:
        warn("", "set COMMENTS_EMAIL or COMMENTS_GITHUB_REPO: readers have nowhere to send "
                 "a comment")  # fmt: skip
    return values
