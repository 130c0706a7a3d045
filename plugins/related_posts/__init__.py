"""related_posts: "Read next" under each post, up to three published posts like it.

Once the posts are read (``article_generator_finalized``), every post of the build gets
``related``: published posts only, never itself, chosen by the tags they share (a rare tag
counts more than a common one), their category and the likeness of their text
(``scoring.py``), or the list its ``Related: slug-a, slug-b`` header pins. A pinned slug that
names no published post is one line ``file:line: problem``. See docs/reading-on.md.
"""

from pelican import signals

from blogkit import lifecycle

from .plugin import related_of_the_build as related


def register():
    lifecycle.on_start(related.start)
    signals.article_generator_finalized.connect(related.attach)
    lifecycle.on_settled(related.changed)
