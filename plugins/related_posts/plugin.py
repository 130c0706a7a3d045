"""Each post's ``related`` posts, attached once the posts of the build are read."""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass, field
from pathlib import Path

from blogkit import lazy
from blogkit.asset_cache import AssetCache, key_of, make_entry
from blogkit.content import all_articles
from blogkit.pelican_internals.contents import html_of
from blogkit.problems import metadata_line, report
from blogkit.settings import plugin_settings

from .settings import SETTINGS
from .words import Described

logger = logging.getLogger(__name__)

PINNED_FIELD = "related"
CACHE_KIND = "related"  # the asset cache's folder of chosen lists
# NumPy and SciPy, for a build that works the lists out: not loaded ahead of every build.
scoring = lazy.module("related_posts.scoring", ahead=False)
# What makes the lists out of what posts are compared by: part of their key (choosing_code).
OWN_CODE = tuple(str(Path(__file__).with_name(name)) for name in ("scoring.py", "words.py"))
LIBRARIES = ("numpy", "scipy")


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
        described = [Described.of(post, html_of(post)) for post in posts]
        chosen = self.chosen_lists(described, chosen_from)
        by_slug = {posts[index].slug: index for index in chosen_from}
        teasers: dict[int, Teaser] = {}  # only of the posts listed somewhere

        def teaser(index: int) -> Teaser:
            if index not in teasers:
                teasers[index] = Teaser.of(posts[index])
            return teasers[index]

        for post, found in zip(posts, chosen, strict=True):
            pinned = pinned_posts(post, by_slug)
            post.related = tuple(map(teaser, found if pinned is None else pinned))

    def chosen_lists(self, described: list[Described], chosen_from: list[int]) -> list:
        """Each post's list (indexes into ``described``), kept in the asset cache under the key
        of everything the choice reads: a build whose posts did not change neither loads NumPy
        and SciPy nor counts words nor scores."""
        cache = AssetCache.of(self.options, CACHE_KIND)
        count = self.options["RELATED_POSTS_COUNT"]
        code = [cache.digest(path) for path in choosing_code()]
        key = key_of([code, count, chosen_from, [post.key_parts() for post in described]])
        lists = cache.look_up([key])[key]
        if not fits(lists, chosen_from, len(described)):
            lists = None  # missing, or damaged: worked out again
        logger.info("Read next: %d posts' lists %s", len(described),
                    "worked out" if lists is None else "from the asset cache")  # fmt: skip
        if lists is None:
            lists = scoring.most_alike(described, chosen_from, count)
            cache.remember(key, make_entry(cache.folder_of(key), lambda _folder: lists))
        cache.finish()
        return lists


def choosing_code() -> list[str]:
    """The files whose bytes make the lists out of what posts are compared by, for their key:
    the plugin's scoring, and NumPy's and SciPy's version files (found, not imported)."""
    libraries = [importlib.util.find_spec(name) for name in LIBRARIES]
    versions = [Path(spec.origin).with_name("version.py") for spec in libraries if spec]
    return [*OWN_CODE, *(str(path) for path in versions if path.is_file())]


def fits(lists, chosen_from: list[int], posts: int) -> bool:
    """Whether ``lists`` (read back from the cache) are a list per post of chosen posts."""
    allowed = set(chosen_from)
    return (
        isinstance(lists, list)
        and len(lists) == posts
        and all(
            isinstance(found, list) and all(type(i) is int and i in allowed for i in found)
            for found in lists
        )
    )


def pinned_posts(post, by_slug: dict) -> list | None:
    """The indexes of the posts ``Related:`` names, in its order; None without the header. A
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
    return found


related_of_the_build = RelatedOfTheBuild()
