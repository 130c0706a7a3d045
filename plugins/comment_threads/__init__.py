"""comment_threads: the site's own comments, kept as Markdown files and shown threaded.

A comment is one file in ``content/<COMMENTS_PATH>/<post-slug>/``: a metadata header
(``Author``, ``Date``, optional ``Website`` and ``Replyto``), a blank line, then the body in
Markdown. Bodies are untrusted: raw HTML is not allowed and the result is sanitized with nh3.
Each post gets ``comments`` (a tree), ``comment_count`` and what its "add a comment" link
needs; comment Atom feeds are written per post and for the whole site.
"""

from .plugin import register

__all__ = ["register"]
