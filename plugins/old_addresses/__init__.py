"""old_addresses: a migrated post's old addresses keep answering.

``Aliases:`` (or ``Old_urls:``, which the view-count import reads too) in a post's header, and
``content/data/redirects.yaml`` for pages renamed or removed, each write a small redirect page
at the old address: a meta refresh, a canonical link to the new address, a plain link and
``noindex``; never in the sitemap nor the search index (docs/migrating.md).
"""

from .plugin import register

__all__ = ["register"]
