"""One build's images: found in every post and page, checked, encoded once, written out.

Everything happens when the static files are known (``static_generator_finalized``), the
last moment before build_guard's verdict, on every build, whether Pelican read a post
afresh or took it from its cache; only step 1 is done as Pelican lists the static files,
so that it does not read the photos step 4 would take out again. A module per step:

1. ``uses``: every ``<img>`` of every post and page, and every ``Cover:``, resolved to its
   file and checked; each problem is one line naming the post and the reference's line, and
   a dev build leaves that image out;
2. ``sources``: each file's key in the asset cache; those it lacks encoded in parallel;
3. ``pictures``: each ``<img>`` becomes a ``<picture>``, each cover ``cover_image``;
   ``asked``: images other plugins asked for (``blogkit.images``) filled in;
4. ``static_files``: images under the static paths taken out of Pelican's static files.

``output`` lists the files and writes them from the cache; ``feeds`` gives the feeds each
picture's ``<img>`` and each cover as an enclosure. This class only runs the steps in order.
"""

from __future__ import annotations

from functools import partial

from pelican.generators import ArticlesGenerator

from blogkit.asset_cache import AssetCache
from blogkit.content import all_articles, all_pages
from blogkit.images import requests
from blogkit.pelican_internals.static_files import withhold_static_files

from .asked import fill_in
from .feeds import FeedImages
from .output import FILES, Published
from .pictures import Pictures
from .settings import image_settings
from .sources import Sources
from .static_files import publish_originals, shown_unnamed, take_static_files
from .uses import Use, UsesFinder, report_problems


class ImagesOfTheBuild:
    """The images of the build running in this process."""

    def __init__(self):
        self.generators: list = []
        self.found: list[tuple[object, list[Use]]] | None = None  # each post and its uses
        self.withheld: set[str] | None = None

    def start(self, build) -> None:
        """As each build starts (a process may run several: blogkit.lifecycle)."""
        self.__init__()
        settings = build.settings
        self.options = image_settings(settings)
        self.cache = AssetCache.of(self.options, "images")
        content_root = settings["PATH"]  # absolute, as posts' source paths
        self.finder = UsesFinder(content_root)
        self.sources = Sources(self.cache, self.options, content_root, build.workers)
        self.published = Published(self.cache.folder_of, settings.get("SITEURL", ""))
        self.feeds = FeedImages(settings.get("SITEURL", ""))
        self.pictures = Pictures(self.published, self.options, self.feeds)

    def remember(self, generator) -> None:
        self.generators.append(generator)

    def watch(self, static_generator) -> None:
        """Pelican will not read the photos posts show (see :meth:`photos_withheld`)."""
        withheld = partial(self.photos_withheld, static_generator.context)
        withhold_static_files(static_generator, withheld)

    def photos_withheld(self, context) -> set[str]:
        """Photos Pelican need not read (asked as it lists the static files, once a build)."""
        if self.withheld is None:
            self.withheld = set()
            if not self.options["IMAGE_PUBLISH_ORIGINALS"]:
                self.withheld = shown_unnamed(self.posts_uses(), requests(context), self.sources)
        return self.withheld

    def posts_uses(self) -> list[tuple[object, list[Use]]]:
        """Every post and page with its uses, found once a build (the posts are all read)."""
        if self.found is None:
            self.found = [(content, self.finder.uses_of(content)) for content in self.contents()]
        return self.found

    def contents(self) -> list:
        return [
            content
            for generator in self.generators
            for content in (
                all_articles(generator)
                if isinstance(generator, ArticlesGenerator)
                else all_pages(generator)
            )
        ]

    def process(self, static_generator) -> None:
        """Steps 1 to 4 of the module's description."""
        found = self.posts_uses()
        asked = requests(static_generator.context)
        images = self.sources.gather([use for _, uses in found for use in uses], asked)
        tiny = self.sources.gather_inline(asked)
        self.sources.encode([*images.values(), *tiny.values()])
        fill_in(asked, images, tiny, self.published)
        showing = [(content, uses) for content, uses in found if uses]
        for content, uses in showing:
            cover = self.pictures.show(content, uses, images)
            if cover is not None:
                self.feeds.add_cover(content, cover)
            report_problems(content, uses)
        posts = [content for content, _ in showing]
        originals = take_static_files(static_generator, images, posts, self.sources)
        publish_originals(originals, self.sources, self.published)
        self.cache.finish()
        static_generator.context[FILES] = self.published.files

    def rewrite_feed(self, _context, feed) -> None:
        self.feeds.rewrite(feed)


images_of_the_build = ImagesOfTheBuild()
