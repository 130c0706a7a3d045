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
from blogkit.pages import PEOPLE, PEOPLE_EVENTS
from blogkit.pelican_internals.authors import add_author_page
from blogkit.problems import warn
from blogkit.settings import plugin_settings

from .settings import SETTINGS

profiles = lazy.module("author_profiles.profiles")  # pydantic, Markdown, nh3: on first use


class AuthorsOfTheBuild:
    """The profiles and Author objects of the build running in this process."""

    def __init__(self):
        self.authors: list = []
        self.found: dict = {}
        self.unwritten: dict = {}  # profiles no post names: {name: line}
        self.generator = None
        self.path = ""

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
        self.generator, self.path = generator, path
        written = {author.name for author in self.authors}
        self.unwritten = {
            name: line for name, (_, line) in self.found.items() if name not in written
        }
        for profile, _line in self.found.values():
            if profile.photo is not None:
                ask(generator.context, profile.photo)
        for author in self.authors:
            profile = self.found.get(author.name, (None, 0))[0]
            author.profile = profile
            author.role = profile.role if profile else ""
            author.photo = profile.photo if profile else None

    def add_person(self, static_generator) -> None:
        """The people events name (an author page each, posts or not), then the Person
        properties, now that the photos' addresses are known."""
        context = static_generator.context
        self.add_people_of_events(context)
        for author in self.authors:
            author.person = author.profile.person() if author.profile else {}
        context[PEOPLE] = {a.name: a for a in self.authors if a.profile is not None}

    def add_people_of_events(self, context: dict) -> None:
        """Each speaker and host with a profile gets their events (event_listing's
        ``PEOPLE_EVENTS``); one without a post gets an author page of their own. A profile
        neither posts nor events name is a warning: a misspelt name."""
        events = context.get(PEOPLE_EVENTS, {})
        for name, line in self.unwritten.items():
            if name not in events:
                warn(
                    self.path,
                    f"no post has 'Author: {name}' and no event names them: check the spelling",
                    line,
                )
            elif self.generator is not None:
                self.add_author(name)
        for author in self.authors:
            author.events = events.get(author.name, [])

    def add_author(self, name: str) -> None:
        """A person events name and no post does: an author page of their own."""
        author = add_author_page(self.generator, name)
        profile = self.found[name][0]
        author.profile, author.role, author.photo = profile, profile.role, profile.photo
        self.authors.append(author)


def every_author(generator) -> list:
    """The Author objects of the author pages and of every post, drafts included."""
    listed = [author for author, _posts in generator.authors]
    return listed + [a for post in all_articles(generator) for a in getattr(post, "authors", [])]


authors_of_the_build = AuthorsOfTheBuild()
