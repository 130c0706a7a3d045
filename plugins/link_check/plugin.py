"""One build's link check: run once every context is known, before build_guard's verdict.

It runs as the static files are listed (``static_generator_finalized``, the last generator's
context): register this plugin after every plugin that lists files it writes there
(responsive_images, share_cards). It shows on no page but as problems, so the dev server
runs it after the reload (``blogkit.lifecycle.after_reload``). A post's HTML is read as
Pelican left it, images already made pictures; Pelican's ``{filename}`` and ``{static}``
links are checked as written. A draft's broken link is a warning: a draft may link to what is
not written yet, and a publish build writes drafts too.
"""

from __future__ import annotations

import logging
import os
import time

from pelican import signals

from blogkit import lifecycle
from blogkit.content import contents_of
from blogkit.pelican_internals.contents import html_of
from blogkit.problems import report, warn
from blogkit.written import written_paths

from .links import Checker, Link, addresses_in_html, data_file_links, placed
from .remembered import RememberedAddresses
from .settings import link_settings

logger = logging.getLogger(__name__)


class LinksOfTheBuild:
    def __init__(self):
        self.generators: list = []
        self.remembered = getattr(self, "remembered", None) or RememberedAddresses()

    def start(self, build) -> None:
        self.__init__()
        self.options = link_settings(build.settings)

    def remember(self, generator) -> None:
        self.generators.append(generator)

    def check(self, static_generator) -> None:
        if self.options["LINK_CHECK"]:
            lifecycle.after_reload(lambda: self.check_now(static_generator))

    def check_now(self, static_generator) -> None:
        started = time.perf_counter()
        context, settings = static_generator.context, static_generator.settings
        root = settings["PATH"]
        self.remembered.start(settings["CACHE_PATH"])
        contents = self.contents()
        generated = {os.path.relpath(c.source_path, root) for c in contents if c.source_path}
        checker = Checker(
            written_paths(self.generators, context, settings),
            settings.get("SITEURL", ""),
            root,
            generated,
        )
        checked = 0
        for source, base, addresses, draft in self.sources(contents):
            checked += len(addresses)
            problems = [checker.problem(Link(address, source, None, base)) for address in addresses]
            wrong = [(index, problem) for index, problem in enumerate(problems) if problem]
            if wrong:  # its lines, found only for a file with a problem
                links = placed(source, base, addresses)
                for index, problem in wrong:
                    if draft:  # it may link to what is not written yet
                        warn(source, f"{problem} (a draft: an error once published)",
                             links[index].line)  # fmt: skip
                    else:
                        report(source, problem, links[index].line)
        for relative in self.options["LINK_CHECK_DATA_FILES"]:
            path = os.path.join(root, relative)
            for link in data_file_links(path) if os.path.isfile(path) else ():
                checked += 1
                problem = checker.problem(link)
                if problem:
                    report(link.source, problem, link.line)
        self.remembered.save()
        seconds = time.perf_counter() - started
        logger.info("link_check: %d links checked in %.3f s", checked, seconds)

    def contents(self) -> list:
        return [content for generator in self.generators for content in contents_of(generator)]

    def sources(self, contents):
        """``(file, address of its page, its addresses, whether a draft)`` of every post, page
        and comment."""
        for content in contents:
            base, draft = "/" + content.url.lstrip("/"), content.status == "draft"
            yield content.source_path, base, self.remembered.of(html_of(content)), draft
            for comment in _comments(content):
                yield comment.source_path, base, addresses_in_html(comment.html), draft


def _comments(content):
    for root in getattr(content, "comments", None) or ():
        yield from root.walk()


links_of_the_build = LinksOfTheBuild()


def register():
    lifecycle.on_start(links_of_the_build.start)
    signals.article_generator_finalized.connect(links_of_the_build.remember)
    signals.page_generator_finalized.connect(links_of_the_build.remember)
    signals.static_generator_finalized.connect(links_of_the_build.check)
