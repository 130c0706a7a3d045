"""site_search: Pagefind search over the built site, a /search/ page and a form in every header.

What is indexed is decided here, in Python (``marks.py``): published posts and pages, and the
events page; never drafts, hidden posts, listings or feeds. The theme only shows the marks.
``indexing.py`` runs Pagefind over the output folder once a build has written it when
``SEARCH_INDEX`` is on (publishconf.py), or when ``invoke search-index`` asks (dev builds).
"""

from .plugin import register

__all__ = ["register"]
