"""share_cards: the picture a shared link shows, for every page, drawn at build time.

Each post, page, author page, the home page and the events page gets a 1200 x 627 card
(LinkedIn's 1.91:1): the post's cover fitted to it, or a card drawn with Pillow from its
title, author, portrait, date and the site's name and mark, with fonts bundled here
(``fonts/``, OFL). Cards are kept in ``ASSET_CACHE_PATH`` by the hash of everything drawn
and drawn on every CPU; ``head_meta.html`` shows them as Open Graph and Twitter tags. The
build warns when a title or summary is longer than LinkedIn's preview shows. See
docs/share-cards.md.
"""

from blogkit.outputs import CachedFiles, connect_derived_files

from .plugin import FILES
from .plugin import cards_of_the_build as cards


class CardFiles(CachedFiles):
    FILES = FILES


def register():
    connect_derived_files(cards, CardFiles)
