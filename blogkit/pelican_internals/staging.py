"""Pelican's build in the steps the dev server's builder runs itself: site_tools.staged_build
and site_tools.dev_builder.

Assumed: ``Pelican.run`` shares one context (a copy of the settings with
``generated_content``, ``static_links``, ``static_content`` and ``localsiteurl``), creates
one generator of each class ``Pelican._get_generator_classes`` returns, runs each
``generate_context`` then ``check_disabled_readers``, sends ``all_generators_finalized``, runs
each ``refresh_metadata_intersite_links``, asks ``Pelican._get_writer`` for the writer and
runs each ``generate_output`` in order, then sends ``finalized``. The article, page and
template-page generators write only through ``Writer.write_file`` and ``Writer.write_feed``
(the order of their writes changes no byte: each call renders from its own arguments);
``StaticGenerator`` copies files itself and leaves those it finds up to date; the theme's
``THEME_STATIC_PATHS`` it copies first, each with ``pelican.utils.copy`` into
``THEME_STATIC_DIR`` (a file into it by its name), whatever the context holds.
``Writer.write_file`` paginates when ``paginated`` (else the ``articles`` and ``dates`` of its
keyword arguments) is not empty and ``template_name`` is in ``PAGINATED_TEMPLATES``: one
``Paginator`` per paginated list, each page rendered with the call's keyword arguments and,
for each list, its paginator and its page, previous page and next page (None at the ends),
written to the page's ``save_as`` exactly as a call without pagination for that file would.
``ArticlesGenerator.generate_output(writer)`` runs ``generate_feeds(writer)``, then
``generate_pages(writer)``: with ``write = partial(writer.write_file,
relative_urls=RELATIVE_URLS)``, ``generate_articles``, ``generate_period_archives``,
``generate_direct_templates``, ``generate_tags``, ``generate_categories``,
``generate_authors`` and ``generate_drafts``, each given ``write``; then it sends
``article_writer_finalized(generator, writer=writer)``. A post's own page is written by
``generate_articles`` or ``generate_drafts``, a page's by PagesGenerator; a write over
another file's (``override_output``) comes only from those and TemplatePagesGenerator.
A generator's readers load Pelican's content cache when the generator is made, if
``LOAD_CONTENT_CACHE``, and keep and write it, if ``CACHE_CONTENT``, as they were then.
``Content.get_relative_source_path(source_path=None)`` reads nothing but its argument (or
``self.source_path``), ``self.settings["PATH"]`` and the working directory; every URL and
``save_as`` of a content works it out again (``url_format``).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache, partial
from types import SimpleNamespace

from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.paginator import Paginator
from pelican.plugins import signals
from pelican.utils import copy
from pelican.writers import Writer

from .parallel import writes_only_through_writer

__all__ = ["writes_only_through_writer"]  # the builder asks which generators it may stage

CALLED = (
    ("pelican:Pelican._get_generator_classes", ("self",)),
    ("pelican:Pelican._get_writer", ("self",)),
    ("pelican.writers:Writer.write_file", (
        "self", "name", "template", "context", "relative_urls", "paginated", "template_name",
        "override_output", "url", "kwargs",
    )),
    ("pelican.writers:Writer.write_feed", ("self", "elements", "context", "path")),
    ("pelican.paginator:Paginator", ("name", "url", "object_list", "settings", "per_page")),
    ("pelican.generators:ArticlesGenerator.generate_feeds", ("self", "writer")),
    ("pelican.generators:ArticlesGenerator.generate_pages", ("self", "writer")),
    ("pelican.generators:ArticlesGenerator.generate_articles", ("self", "write")),
    ("pelican.generators:ArticlesGenerator.generate_period_archives", ("self", "write")),
    ("pelican.generators:ArticlesGenerator.generate_direct_templates", ("self", "write")),
    ("pelican.generators:ArticlesGenerator.generate_tags", ("self", "write")),
    ("pelican.generators:ArticlesGenerator.generate_categories", ("self", "write")),
    ("pelican.generators:ArticlesGenerator.generate_authors", ("self", "write")),
    ("pelican.generators:ArticlesGenerator.generate_drafts", ("self", "write")),
    ("pelican.utils:copy", ("source", "destination", "ignores")),
    ("pelican.contents:Content.get_relative_source_path", ("self", "source_path")),
)  # fmt: skip


CONTENT_CACHE_SETTINGS = ("CACHE_CONTENT", "LOAD_CONTENT_CACHE")


def computed_generators(pelican_instance, content_cache: bool = True) -> list:
    """``Pelican.run`` up to its output: every context computed, finalized and linked.

    Without ``content_cache``, the posts' and pages' readers neither load Pelican's content
    cache nor write it: for a builder that keeps its contents itself (``keep_contents``).
    """
    settings = pelican_instance.settings
    context = settings.copy()
    context.update(
        generated_content={}, static_links=set(), static_content={},
        localsiteurl=settings["SITEURL"],
    )  # fmt: skip
    with _content_cache_while_made(settings, content_cache):
        generators = [
            cls(
                context=context,
                settings=settings,
                path=pelican_instance.path,
                theme=pelican_instance.theme,
                output_path=pelican_instance.output_path,
            )
            for cls in pelican_instance._get_generator_classes()
        ]
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
        if hasattr(generator, "check_disabled_readers"):
            generator.check_disabled_readers()
    signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    return generators


@contextmanager
def _content_cache_while_made(settings, on: bool):
    """Generators made in this block have readers with Pelican's content cache ``on`` or off."""
    if on:
        yield
        return
    saved = {name: settings[name] for name in CONTENT_CACHE_SETTINGS}
    settings.update(dict.fromkeys(CONTENT_CACHE_SETTINGS, False))
    try:
        yield
    finally:
        settings.update(saved)


@dataclass(frozen=True)
class OutputPiece:
    """A part of a generator's output, run with the writer.

    ``contents``: it writes posts' or pages' own pages; ``overrides``: it may write a file over
    another piece's (``override_output``).
    """

    run: Callable[[Writer], None]
    contents: bool = False
    overrides: bool = False


def output_pieces(generator) -> list[OutputPiece]:
    """``generator.generate_output`` as the pieces it is made of, in its order; each writes
    from the context alone, so they may run in any order. One piece for any generator but
    ArticlesGenerator and PagesGenerator."""
    if isinstance(generator, PagesGenerator):
        return [OutputPiece(generator.generate_output, contents=True, overrides=True)]
    if not isinstance(generator, ArticlesGenerator):
        return [OutputPiece(generator.generate_output, overrides=True)]

    def pages(method, **facts) -> OutputPiece:
        relative_urls = generator.settings["RELATIVE_URLS"]
        return OutputPiece(
            lambda writer: method(partial(writer.write_file, relative_urls=relative_urls)), **facts
        )

    def finalized(writer) -> None:
        signals.article_writer_finalized.send(generator, writer=writer)

    return [
        OutputPiece(generator.generate_feeds),
        pages(generator.generate_articles, contents=True, overrides=True),
        pages(generator.generate_period_archives),
        pages(generator.generate_direct_templates),
        pages(generator.generate_tags),
        pages(generator.generate_categories),
        pages(generator.generate_authors),
        pages(generator.generate_drafts, contents=True, overrides=True),
        OutputPiece(finalized),
    ]


def finish(pelican_instance) -> None:
    """What ``Pelican.run`` does once every generator wrote its output: ``finalized``."""
    signals.finalized.send(pelican_instance)


def build_writer(pelican_instance):
    """The writer ``Pelican.run`` would use (a plugin may supply its class)."""
    return pelican_instance._get_writer()


def copies_static_files(generator) -> bool:
    return isinstance(generator, StaticGenerator)


def copy_theme_static_files(pelican_instance) -> None:
    """What ``StaticGenerator`` copies of the theme, without a context (``theme_static_files``)."""
    settings = pelican_instance.settings
    folder = os.path.join(pelican_instance.output_path, settings["THEME_STATIC_DIR"], os.curdir)
    for path in settings["THEME_STATIC_PATHS"]:
        source = os.path.join(pelican_instance.theme, path)
        target = os.path.join(folder, os.path.basename(path)) if os.path.isfile(source) else folder
        copy(source, target, settings["IGNORE_FILES"])


def theme_static_files(settings) -> list[str]:
    """The output paths of what ``StaticGenerator`` copies of the theme: each of
    ``THEME_STATIC_PATHS`` into ``THEME_STATIC_DIR``, what matches ``IGNORE_FILES`` left out,
    as ``pelican.utils.copy`` leaves it out."""
    ignores = settings["IGNORE_FILES"]

    def kept(name: str) -> bool:
        return not any(fnmatch.fnmatch(name, pattern) for pattern in ignores)

    found = []
    for path in settings["THEME_STATIC_PATHS"]:
        source = os.path.join(settings["THEME"], path)
        if not kept(os.path.basename(source)):
            continue
        if os.path.isfile(source):
            found.append(posixpath.join(settings["THEME_STATIC_DIR"], os.path.basename(source)))
        for folder, folders, files in os.walk(source, followlinks=True):
            folders[:] = [name for name in folders if kept(name)]
            relative = os.path.relpath(folder, source)
            found += [os.path.normpath(os.path.join(settings["THEME_STATIC_DIR"], relative, name))
                      for name in files if kept(name)]  # fmt: skip
    return found


def kept_static_files(generator) -> list[str]:
    """What ``StaticGenerator`` owns in the output, copied this time or found up to date."""
    return [static.save_as for static in generator.context.get("staticfiles", [])]


def pages_written(
    settings, name: str, url, paginated, template_name, kwargs: dict
) -> list[tuple[str, dict]]:
    """``(file, keyword arguments)`` of each page one ``Writer.write_file`` call writes.

    A paginated list is one page for each of its pages, with the ``<key>_paginator``,
    ``<key>_page``, ``<key>_previous_page`` and ``<key>_next_page`` its template gets, as
    Pelican's pagination makes them; writing each alone (``paginated={}``) writes the same.
    """
    if paginated is None:
        paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
    if not (paginated and template_name in settings["PAGINATED_TEMPLATES"]):
        return [(name, kwargs)]
    per_page = settings["PAGINATED_TEMPLATES"][template_name] or settings["DEFAULT_PAGINATION"]
    paginators = {
        key: Paginator(name, url, items, settings, per_page) for key, items in paginated.items()
    }
    count = next(iter(paginators.values())).num_pages
    pages = []
    for number in range(1, count + 1):
        page_kwargs = dict(kwargs)
        for key, paginator in paginators.items():
            page = paginator.page(number)
            page_kwargs.update({
                f"{key}_paginator": paginator,
                f"{key}_page": page,
                f"{key}_previous_page": paginator.page(number - 1) if number > 1 else None,
                f"{key}_next_page": paginator.page(number + 1) if number < count else None,
            })  # fmt: skip
        pages.append((page.save_as, page_kwargs))
    return pages


# Each content's path below the content folder, for every URL of every build (the builder's).
SOURCE_PATHS_KEPT = 16_384
_relative_source_path = Content.get_relative_source_path


def remember_relative_source_paths() -> None:
    """Every ``Content.get_relative_source_path`` worked out once per path in this process.

    Pelican works it out (two absolute paths and a relative one) for each URL and ``save_as``
    asked of a content: thousands a build on a large blog, the same every build."""
    Content.get_relative_source_path = _remembered_relative_source_path


def _remembered_relative_source_path(content, source_path=None):
    path, folder = source_path or content.source_path, content.settings["PATH"]
    if path is None:
        return None
    relative_to = "" if os.path.isabs(path) and os.path.isabs(folder) else os.getcwd()
    return _relative_source_path_of(folder, path, relative_to)


@lru_cache(maxsize=SOURCE_PATHS_KEPT)
def _relative_source_path_of(folder: str, path: str, _relative_to: str) -> str:
    return _relative_source_path(SimpleNamespace(settings={"PATH": folder}, source_path=path))
