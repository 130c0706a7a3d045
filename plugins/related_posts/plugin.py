"""Each post's ``related`` posts, attached once the posts of the build are read."""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from blogkit import lazy, lifecycle
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
SCORING = "related_posts.scoring"
scoring = lazy.module(SCORING, ahead=False)
# What makes the lists out of what posts are compared by: part of their key (choosing_code).
OWN_CODE = tuple(str(Path(__file__).with_name(name)) for name in ("scoring.py", "words.py"))
LIBRARIES = ("numpy", "scipy")


@dataclass(frozen=True)
class Teaser:
    """What "Read next" shows of a post, worked out when a page first shows it and kept for
    the build: Pelican formats a post's address and date on every access, each post is listed
    under several others, and the dev server writes only the open page before the reload.
    Two are equal when they show the same post (Pelican's contents compare by identity)."""

    post: object

    @cached_property
    def url(self) -> str:
        return self.post.url

    @cached_property
    def date(self) -> str:
        """As the site shows dates."""
        return self.post.locale_date

    @property
    def title(self) -> str:
        return self.post.title

    @property
    def reading_time(self) -> int:
        return getattr(self.post, "reading_time", 0)

    @property
    def cover_image(self):
        """responsive_images' cover (its ``card`` thumbnail), attached after the posts are read."""
        return getattr(self.post, "cover_image", None)


class RelatedOfTheBuild:
    """The settings of the build running in this process, and the last lists it chose (a
    staged build shows them until the new ones are worked out)."""

    def __init__(self):
        self.options: dict = {}
        self.staged = False
        self.last: dict[str, list[str]] = {}  # {post's source: its list's sources}
        self.changed_after_reload = False

    def start(self, build) -> None:
        self.options = plugin_settings(build.settings, SETTINGS)
        self.staged = build.staged
        # Not asked in a staged build: its builder loaded every deferred module (lazy.load_all).
        if (self.options["RELATED_POSTS"] and not self.staged
                and AssetCache.of(self.options, CACHE_KIND).is_empty):  # fmt: skip
            lazy.load_ahead(SCORING)  # no list kept: this build works them out
        self.changed_after_reload = False

    def attach(self, generator) -> None:
        """Every post of the build (drafts and hidden ones too: they are written) gets
        ``related``, the Teasers of published posts; empty when the setting is off.

        In a staged build (the dev server's) after the first, each post shows its last list
        until the reload; the lists are read back or worked out after it
        (``blogkit.lifecycle.after_reload``), and the pages written before are written again
        if a list changed."""
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
        by_slug = {posts[index].slug: index for index in chosen_from}
        show = Shown(posts, [pinned_posts(post, by_slug) for post in posts])
        if not (self.staged and self.last):
            show(self.lists_of(posts, chosen_from))
            return
        show(self.last_lists(posts, chosen_from))
        before = [post.related for post in posts]

        def settle() -> None:
            show(self.lists_of(posts, chosen_from))
            changed = any(post.related != was for post, was in zip(posts, before, strict=True))
            self.changed_after_reload = changed

        lifecycle.after_reload(settle)

    def lists_of(self, posts: list, chosen_from: list[int]) -> list:
        """Each post's list, read back or worked out, and remembered for the next build."""
        described = [Described.of(post, html_of(post)) for post in posts]
        return self.remembered(posts, self.chosen_lists(described, chosen_from))

    def changed(self, _problems) -> bool:
        """Whether the lists worked out after the reload differ from those shown before it."""
        return self.changed_after_reload

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

    def remembered(self, posts: list, lists: list) -> list:
        """``lists``, kept by source for the next build of this process."""
        self.last = {post.source_path: [posts[index].source_path for index in found]
                     for post, found in zip(posts, lists, strict=True)}  # fmt: skip
        return lists

    def last_lists(self, posts: list, chosen_from: list[int]) -> list:
        """The last build's lists, of the posts still published (none for a new post)."""
        index_of = {posts[index].source_path: index for index in chosen_from}
        return [[index_of[source] for source in self.last.get(post.source_path, ())
                 if source in index_of] for post in posts]  # fmt: skip


@dataclass(frozen=True)
class Shown:
    """Puts each post's list on it as Teasers, or the list its ``Related:`` pins."""

    posts: list
    pins: list

    def __call__(self, lists: list) -> None:
        teasers: dict[int, Teaser] = {}  # only of the posts listed somewhere

        def teaser(index: int) -> Teaser:
            if index not in teasers:
                teasers[index] = Teaser(self.posts[index])
            return teasers[index]

        for post, found, pinned in zip(self.posts, lists, self.pins, strict=True):
            post.related = tuple(map(teaser, found if pinned is None else pinned))


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
