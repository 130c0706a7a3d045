"""author_profiles: who wrote a post, from ``content/data/authors.yaml``.

Each entry, keyed by the name posts write in ``Author:``, may give a role, a short Markdown
bio, a photo (through responsive_images), a LinkedIn profile and a website. Authors get
``profile`` for the author page and the author card under each post, ``photo`` for the
share cards and ``person`` for blog_core's JSON-LD (Person, ProfilePage). Each problem in
the file is one line ``authors.yaml:line: problem``. See docs/authors.md.
"""

from pelican import signals

from blogkit import lifecycle

from .plugin import authors_of_the_build as authors


def register():
    lifecycle.on_start(authors.start)
    signals.article_generator_finalized.connect(authors.attach)
    signals.static_generator_finalized.connect(authors.add_person)
