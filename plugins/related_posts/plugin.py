"""Each post's ``related`` posts, attached once the posts of the build are read."""

from __future__ import annotations

from dataclasses import dataclass, field

from blogkit import lazy
from blogkit.content import all_articles
from blogkit.pelican_internals.contents import html_of
from blogkit.problems import metadata_line, report
from blogkit.settings import plugin_settings

from .settings import SETTINGS
from .words import word_counts

scoring = lazy.module("related_posts.scoring")  # numpy and scipy: on first use

PINNED_FIELD = "related"


@dataclass(frozen=True)
class Teaser:
    """What "Read next" shows of a post, worked out once per build: Pelican formats a post's
    address and date on every access, and each post is listed under several others."""

    url: str
    title: str
    date: str  # as the site shows dates
    reading_time: int
    post: object = field(compare=False, repr=False)

    @property
    def cover_image(self):
        """responsive_images' cover (its ``card`` thumbnail), attached after the posts are read."""
        return getattr(self.post, "cover_image", None)

    @classmethod
    def of(cls, post) -> Teaser:
        return cls(post.url, post.title, post.locale_date, getattr(post, "reading_time", 0), post)


class RelatedOfTheBuild:
    """The settings of the build running in this process."""

    def __init__(self):
        self.options: dict = {}

    def start(self, build) -> None:
        self.options = plugin_settings(build.settings, SETTINGS)

    def attach(self, generator) -> None:
        """Every post of the build (drafts and hidden ones too: they are written) gets
        ``related``, the Teasers of published posts; empty when the setting is off."""
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
        teasers = {index: Teaser.of(posts[index]) for index in chosen_from}
        by_slug = {posts[index].slug: teasers[index] for index in chosen_from}
        described = [scoring.Described.of(post, word_counts(html_of(post))) for post in posts]
        chosen = scoring.most_alike(described, chosen_from, self.options["RELATED_POSTS_COUNT"])
        for post, found in zip(posts, chosen, strict=True):
            pinned = pinned_posts(post, by_slug)
            post.related = pinned if pinned is not None else tuple(teasers[i] for i in found)


def pinned_posts(post, by_slug: dict) -> tuple | None:
    """The Teasers of the posts ``Related:`` names, in its order; None without the header. A
    slug that names no published post is reported and left out."""
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
