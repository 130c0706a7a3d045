"""Profiles attached to Pelican's Author objects: for templates, share cards and JSON-LD.

When the posts are read (``article_generator_finalized``) the profiles are read and each
photo is asked of responsive_images (``blogkit.images``); every Author object of the build
(Pelican makes one per post naming them) gets ``profile`` (or None: just a name), ``role``
and ``photo``. Once the photos are made (``static_generator_finalized``, after
responsive_images in PLUGINS) each also gets ``person``: the schema.org Person properties
blog_core adds to its JSON-LD.
"""

from __future__ import annotations

import os

from blogkit import lazy
from blogkit.content import all_articles
from blogkit.images import ask
from blogkit.problems import warn
from blogkit.settings import plugin_settings

from .settings import SETTINGS

profiles = lazy.module("author_profiles.profiles")  # pydantic, Markdown, nh3: on first use


class AuthorsOfTheBuild:
    """The profiles and Author objects of the build running in this process."""

    def __init__(self):
        self.authors: list = []
        self.found: dict = {}

    def start(self, _build) -> None:
        """As each build starts (a process may run several: blogkit.lifecycle)."""
        self.__init__()

    def attach(self, generator) -> None:
        """Every Author object of the build gets its profile, role and photo (or None)."""
        settings = generator.settings
        options = plugin_settings(settings, SETTINGS)
        path = os.path.join(settings["PATH"], os.path.expanduser(options["AUTHORS_FILE"]))
        if os.path.isfile(path):
            self.found = profiles.read_profiles(path, settings["PATH"], options)
        self.authors = every_author(generator)
        written = {author.name for author in self.authors}
        for name, (profile, line) in self.found.items():
            if name not in written:
                warn(path, f"no post has 'Author: {name}': check the spelling", line)
            if profile.photo is not None:
                ask(generator.context, profile.photo)
        for author in self.authors:
            profile = self.found.get(author.name, (None, 0))[0]
            author.profile = profile
            author.role = profile.role if profile else ""
            author.photo = profile.photo if profile else None

    def add_person(self, _static_generator) -> None:
        """The Person properties, now that the photos' addresses are known."""
        for author in self.authors:
            author.person = author.profile.person() if author.profile else {}


def every_author(generator) -> list:
    """The Author objects of the author pages and of every post, drafts included."""
    listed = [author for author, _posts in generator.authors]
    return listed + [a for post in all_articles(generator) for a in getattr(post, "authors", [])]


authors_of_the_build = AuthorsOfTheBuild()
