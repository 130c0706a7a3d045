"""Contents kept between the builds of one process: site_tools.kept_contents.

Assumed: ArticlesGenerator and PagesGenerator look each source up with
``self.get_cached_data(relative_path, None)`` before reading it and, on an answer, take that
object as the source's content as it is (no reading, no ``is_valid``, no
``content_object_init``); each content they read and find valid they offer to
``self.cache_data(relative_path, content)`` before anything else is done with it. A content
object's state is its instance dict: the settings and the build's context (``_context``,
which links to other sources, ``{filename}``, ``{static}``, ``{attach}``..., are resolved
against) are shared, its metadata dict, its lists and its category, tag and author objects
(URLWrapper) are its own; plugins set attributes on the content and those objects during a
build, and Pelican rewrites formatted metadata fields in place
(``refresh_metadata_intersite_links``). ``content`` and ``summary`` are computed once per
object and site URL (the ``memoized`` ``get_content`` and ``get_summary``, each keeping every
object's results in one dict). The static files a content shows (``{static}``,
``{attach}``), added to the context by ``self.add_static_links(content)``, are among its
links. An article's status follows the clock only when ``WITH_FUTURE_DATES`` is off (a post
dated later is a draft until then).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from pelican.contents import Article, Content
from pelican.urlwrappers import URLWrapper

from .contents import html_of

CALLED = (
    ("pelican.generators:CachingGenerator.get_cached_data", ("self", "filename", "default")),
    ("pelican.generators:CachingGenerator.cache_data", ("self", "filename", "data")),
    ("pelican.generators:Generator.add_static_links", ("self", "content")),
    ("pelican.contents:Content._get_intrasite_link_regex", ("self",)),
)


MEMOIZED_RENDERINGS = (Content.get_content, Content.get_summary)


def keep_contents(
    generator, find: Callable[[str], object | None], keep: Callable[[str, object], None]
) -> None:
    """``generator`` takes a source's content from ``find(path)`` when it answers, else reads
    it and hands it to ``keep(path, content)`` as soon as it is read; paths are absolute,
    symbolic links resolved.

    A content taken from ``find`` belongs to this build's context; it links to no other source
    (``keep`` keeps none that does), so it adds no static links to look for.
    """
    root = os.path.realpath(generator.path)
    taken = set()
    add_static_links = generator.add_static_links

    def found(relative, default=None):
        content = find(os.path.join(root, relative))
        if content is None:
            return default
        content._context = generator.context
        taken.add(content)
        return content

    def add_static_links_of_read(content) -> None:
        if content not in taken:
            add_static_links(content)

    generator.get_cached_data = found
    generator.cache_data = lambda relative, content: keep(os.path.join(root, relative), content)
    generator.add_static_links = add_static_links_of_read


SHARED_STATE = ("settings", "_context")
# Values a copy may share (immutable, or a value no one changes in place): most of a content's.
PLAIN = frozenset({str, int, float, bool, type(None), tuple})


def fresh_copy(content):
    """``content`` as a new object in the state it is in, as Pelican makes one again from its
    content cache: its own attributes, metadata, lists and category, tag and author objects
    (what a plugin sets on one never shows on the other), the settings and context shared.
    Each category, tag and author object's slug is worked out before it is copied (Pelican
    works it out on first use and keeps it: 3,000 slugifications a build at 1,000 posts)."""
    copies: list[tuple[URLWrapper, URLWrapper]] = []  # by identity (``id`` is audited)

    def own(value):
        kind = type(value)
        if kind is list:
            return [item if type(item) in PLAIN else own(item) for item in value]
        if kind is dict:
            return {k: item if type(item) in PLAIN else own(item) for k, item in value.items()}
        if isinstance(value, URLWrapper):
            for original, made in copies:  # one copy each, however often the content names it
                if original is value:
                    return made
            _ = value.slug  # worked out once on the kept object, not by every copy's hash
            copies.append((value, _new_object_like(value)))
            return copies[-1][1]
        return value

    copied = _new_object_like(content)
    state = vars(copied)
    for name, value in vars(content).items():
        if type(value) not in PLAIN and name not in SHARED_STATE:
            state[name] = own(value)
    return copied


def _new_object_like(original):
    """A new object of ``original``'s class with the same attributes (no ``__init__``)."""
    made = object.__new__(type(original))
    made.__dict__.update(vars(original))
    return made


def changes_with_other_sources(content) -> bool:
    """Whether ``content`` shows anything of another source (a link resolved by Pelican), or
    a status that follows the clock: made again on every build, it is never kept."""
    if isinstance(content, Article) and not content.settings["WITH_FUTURE_DATES"]:
        return True
    links = content._get_intrasite_link_regex()
    fields = [content.metadata.get(name) for name in content.settings["FORMATTED_FIELDS"]]
    texts = [html_of(content), *(field for field in fields if isinstance(field, str))]
    return any(links.search(text) for text in texts if text)


def forget_renderings() -> None:
    """Forget every content object's ``content`` and ``summary``: a build makes its own objects,
    and the cache would otherwise keep every earlier build's objects for the process's life."""
    for rendering in MEMOIZED_RENDERINGS:
        rendering.cache.clear()
