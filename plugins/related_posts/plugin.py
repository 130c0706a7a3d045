"""Each post's ``related`` posts, attached once the posts of the build are read."""

from __future__ import annotations

from blogkit import lazy
from blogkit.content import all_articles
from blogkit.pelican_internals.contents import html_of
from blogkit.problems import metadata_line, report
from blogkit.settings import plugin_settings

from .settings import SETTINGS
from .words import word_counts

scoring = lazy.module("related_posts.scoring")  # numpy and scipy: on first use

PINNED_FIELD = "related"


class RelatedOfTheBuild:
    """The settings of the build running in this process."""

    def __init__(self):
        self.options: dict = {}

    def start(self, build) -> None:
        self.options = plugin_settings(build.settings, SETTINGS)

    def attach(self, generator) -> None:
        """Every post of the build (drafts and hidden ones too: they are written) gets
        ``related``, a tuple of published posts; empty when the setting is off."""
        posts = all_articles(generator)
        if not self.options["RELATED_POSTS"]:
            for post in posts:
                post.related = ()
            return
        published = {id(post) for post in generator.articles}
        # Newest first: of two posts scored alike, the newer is chosen.
        chosen_from = sorted(
            (index for index, post in enumerate(posts) if id(post) in published),
            key=lambda index: (-posts[index].date.timestamp(), posts[index].source_path),
        )
        by_slug = {posts[index].slug: posts[index] for index in chosen_from}
        described = [scoring.Described.of(post, word_counts(html_of(post))) for post in posts]
        chosen = scoring.most_alike(described, chosen_from, self.options["RELATED_POSTS_COUNT"])
        for post, found in zip(posts, chosen, strict=True):
            pinned = pinned_posts(post, by_slug)
            post.related = pinned if pinned is not None else tuple(posts[i] for i in found)


def pinned_posts(post, by_slug: dict) -> tuple | None:
    """The posts ``Related:`` names, in its order; None without the header. A slug that names
    no published post is reported and left out."""
    value = post.metadata.get(PINNED_FIELD)
    if value is None:
        return None
    slugs = value if isinstance(value, list | tuple) else str(value).split(",")
    found = []
    for slug in (str(slug).strip() for slug in slugs):
        if slug and slug != post.slug and slug in by_slug:
            found.append(by_slug[slug])
        elif slug:
            line = metadata_line(post.source_path, "Related")
            report(post.source_path, f"Related: {slug!r} names no other published post", line)
    return tuple(found)


related_of_the_build = RelatedOfTheBuild()
