"""link_check: every link inside the site, in posts, pages, comments and data files, checked
against what the build writes, before it writes; a link to nothing is one line naming the
file and line where it is written (docs/migrating.md). Links to other sites are left alone."""

from .plugin import register

__all__ = ["register"]
