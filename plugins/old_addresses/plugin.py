"""One build's redirects: found once every file the build writes is known (as the static
files are listed, like link_check, which runs after and takes them as written), written by a
generator of their own with ``redirect.html``. No other page shows them, so the dev server
finds them after the reload (``blogkit.lifecycle.after_reload``)."""

from __future__ import annotations

import os

from pelican import signals
from pelican.contents import Article
from pelican.generators import Generator

from blogkit import lifecycle
from blogkit.content import contents_of
from blogkit.outputs import also_written
from blogkit.written import written_paths

from .redirects import Redirect, checked, file_claims, post_claims
from .settings import redirect_settings

REDIRECTS = "OLD_ADDRESS_REDIRECTS"  # the context entry: the build's redirect pages


class RedirectsOfTheBuild:
    def __init__(self):
        self.generators: list = []

    def start(self, build) -> None:
        self.__init__()
        self.options = redirect_settings(build.settings)

    def remember(self, generator) -> None:
        self.generators.append(generator)

    def find(self, static_generator) -> None:
        static_generator.context[REDIRECTS] = []
        if self.options["REDIRECTS"]:
            lifecycle.after_reload(lambda: self.find_now(static_generator))

    def find_now(self, static_generator) -> None:
        context, settings = static_generator.context, static_generator.settings
        contents = in_claim_order(
            [content for generator in self.generators for content in contents_of(generator)
             if content.status != "draft"]
        )  # fmt: skip
        claims = post_claims(contents) + file_claims(
            os.path.join(settings["PATH"], self.options["REDIRECTS_FILE"])
        )
        written = written_paths(self.generators, context, settings)
        redirects = checked(claims, written, settings.get("SITEURL", ""))
        context[REDIRECTS] = redirects
        also_written(context, [redirect.save_as for redirect in redirects])


def in_claim_order(contents: list) -> list:
    """Posts, oldest first, then pages by file: of two that claim one old address, the first
    has it."""
    posts = sorted((c for c in contents if isinstance(c, Article)),
                   key=lambda post: (post.date, post.source_path))  # fmt: skip
    pages = sorted((c for c in contents if not isinstance(c, Article)),
                   key=lambda page: page.source_path)  # fmt: skip
    return posts + pages


class RedirectPagesGenerator(Generator):
    """Writes each redirect page (``redirect.html``)."""

    def generate_output(self, writer):
        redirects: list[Redirect] = self.context.get(REDIRECTS) or []
        template = self.get_template("redirect") if redirects else None
        for redirect in redirects:
            writer.write_file(redirect.save_as, template, self.context, redirect=redirect)


redirects_of_the_build = RedirectsOfTheBuild()


def get_generators(_pelican):
    return RedirectPagesGenerator


def register():
    lifecycle.on_start(redirects_of_the_build.start)
    signals.article_generator_finalized.connect(redirects_of_the_build.remember)
    signals.page_generator_finalized.connect(redirects_of_the_build.remember)
    signals.static_generator_finalized.connect(redirects_of_the_build.find)
    signals.get_generators.connect(get_generators)
