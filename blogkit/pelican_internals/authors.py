"""An author page for a person no post names: author_profiles (speakers and hosts of events).

Assumed: ``ArticlesGenerator.generate_output`` writes an author page for every
``(Author, articles)`` pair of its ``authors`` list, the list the context holds as
``authors``; ``Author(name, settings)`` makes the object Pelican makes for ``Author: name``
(its slug, URL and save-as from the settings).
"""

from __future__ import annotations

from pelican.urlwrappers import Author

CALLED = (("pelican.urlwrappers:Author", ("name", "settings")),)


def add_author_page(generator, name: str):
    """A new Author for ``name``, listed with no post: Pelican writes their page, and every
    listing of authors (the context's ``authors``) includes them. Returns the Author."""
    author = Author(name, generator.settings)
    listed = generator.authors
    listed.append((author, []))
    listed.sort(key=lambda pair: pair[0])
    generator.context["authors"] = listed
    return author
