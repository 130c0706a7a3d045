"""Every place the site relies on Pelican beyond its documented settings and signals.

Each section says what it assumes; all of it was checked against ``PELICAN_VERSION``
(pinned in requirements.txt). :func:`broken_assumptions` re-checks what can be checked
cheaply when a build starts (parallel_build turns itself off if anything fails), and
``tests/test_pelican_internals.py`` checks every assumption against the installed Pelican,
so an upgrade that breaks one fails that test by name rather than making a build silently
slower or different. build_guard and parallel_build touch Pelican's internals only here.
"""

from __future__ import annotations

import inspect
import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial, reduce
from importlib import import_module

import pelican
from jinja2 import Template
from pelican.contents import Article, Content, SkipStub
from pelican.generators import (
    ArticlesGenerator,
    PagesGenerator,
    StaticGenerator,
    TemplatePagesGenerator,
)
from pelican.log import LimitFilter
from pelican.paginator import Paginator
from pelican.plugins import signals
from pelican.readers import MarkdownReader
from pelican.urlwrappers import URLWrapper
from pelican.utils import copy, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

PELICAN_VERSION = "4.12.0"

# --- Reading: a source Pelican cannot read becomes a problem, not a log line ---------------
#
# Assumed: ArticlesGenerator and PagesGenerator read each file with
# ``self.readers.read_file(base_path=..., path=<relative>, ...)``; an exception there is
# logged as "Could not process" and the path recorded with ``_add_failed_source_path``; a
# ``SkipStub`` is skipped silently and not cached; anything else must pass ``is_valid()``
# (mandatory properties, ``save_as`` inside the output, a known status), which logs on failure.


def guard_reading(
    generator,
    on_error: Callable[[str, BaseException], None],
    content_problems: Callable[[object], bool],
) -> None:
    """Route every file ``generator`` reads through ``on_error`` and ``content_problems``.

    A file whose reading raises, or whose content ``content_problems`` refuses (it reported
    why), is skipped the way Pelican skips a failed file, without Pelican's own log line.
    """
    read_file = generator.readers.read_file

    def read_or_skip(base_path, path, *args, **kwargs):
        try:
            content = read_file(base_path, path, *args, **kwargs)
        except Exception as error:
            on_error(os.path.join(base_path, path), error)
            return _skipped(generator, path)
        if not isinstance(content, SkipStub) and content_problems(content):
            return _skipped(generator, path)
        return content

    generator.readers.read_file = read_or_skip


def _skipped(generator, path: str) -> SkipStub:
    generator._add_failed_source_path(path)
    return SkipStub(None, source_path=path)


def validity_problems(content) -> list[tuple[str, str]]:
    """``(field, problem)`` for each check of Pelican's ``is_valid()`` that ``content`` fails."""
    problems = [
        (name.capitalize(), f"{name.capitalize()} is missing")
        for name in content.mandatory_properties
        if not hasattr(content, name)
    ]
    allowed = getattr(content, "allowed_statuses", None)
    if allowed and content.status not in allowed:
        problems.append(("Status", f"Status {content.status!r} is not one of {', '.join(allowed)}"))
    output = content.settings.get("OUTPUT_PATH")
    if output and not problems:
        try:
            sanitised_join(output, content.save_as)
        except RuntimeError:
            problems.append(
                ("Slug", f"would be written outside the output folder ({content.save_as})")
            )
    return problems


# --- Plugins: which of the configured plugins Pelican could not load -----------------------
#
# Assumed: ``Pelican.__init__`` calls ``pelican.load_plugins(settings)`` (the name imported
# into the ``pelican`` package), registers what it returns, then replaces
# ``settings["PLUGINS"]`` with the names of the plugins it registered.

_configured: list[str] | None = None


def remember_configured_plugins() -> None:
    """Keep the PLUGINS list as configured; installed by the runner before Pelican starts."""
    load_plugins = pelican.load_plugins

    def remembering(settings):
        global _configured
        _configured = [name for name in settings.get("PLUGINS") or [] if isinstance(name, str)]
        return load_plugins(settings)

    pelican.load_plugins = remembering


def plugins_not_loaded(pelican_instance) -> list[str]:
    """Configured plugins that were not registered (empty when the runner did not ask)."""
    if _configured is None:
        return []
    loaded = set(pelican_instance.settings.get("PLUGINS") or [])
    return [name for name in _configured if name not in loaded
            and f"pelican.plugins.{name}" not in loaded]  # fmt: skip


# --- Reading ahead: posts' Markdown converted elsewhere (parallel_build's workers) ---------
#
# Assumed: ArticlesGenerator reads each file of ``get_files(ARTICLE_PATHS,
# exclude=ARTICLE_EXCLUDES)`` (relative to ``generator.path``), in that set's order, unless
# its own cache (``get_cached_data(relative, None)``) or its readers' cache
# (``readers.get_cached_data(absolute, (None, None))``) answers. It reads with the reader
# instance ``readers.readers`` holds for the file's extension, calling ``reader.read(absolute)``
# for ``(html, metadata)`` and naming the reader in the metadata after its class.
# ``MarkdownReader.read`` types each metadata value with ``process_metadata(name, text)``,
# which needs only the reader's settings, so a value converted elsewhere can be typed later.
# The Jinja environment a generator renders with is ``generator.env``; its template names
# starting with ``!`` (``!simple/``, ``!theme/``) are the same files again.


def markdown_posts_to_read(generator) -> list[str]:
    """Absolute paths of the posts Pelican's own Markdown reader will read, in Pelican's order.

    Posts a cache answers are left out: Pelican will not read them.
    """
    extensions = _markdown_extensions(generator)
    settings = generator.settings
    paths = []
    for relative in generator.get_files(
        settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
    ):
        path = os.path.abspath(os.path.join(generator.path, relative))
        if _suffix(path) in extensions and not _cached(generator, relative, path):
            paths.append(path)
    return paths


def _markdown_extensions(generator) -> set[str]:
    """Extensions read by Pelican's own Markdown reader (not a plugin's reader)."""
    readers = generator.readers.readers
    return {extension for extension, reader in readers.items() if type(reader) is MarkdownReader}


def _cached(generator, relative: str, path: str) -> bool:
    if generator.get_cached_data(relative, None) is not None:
        return True
    return generator.readers.get_cached_data(path, (None, None))[0] is not None


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1][1:]


class _TextMetadataReader(MarkdownReader):
    """Pelican's Markdown reader with metadata left as text, for another process.

    Typed metadata (dates, tags, authors) holds the settings; only strings cross between
    processes, and the values are typed where Pelican would type them.
    """

    def process_metadata(self, name, value):
        return value


def markdown_converter(generator) -> Callable[[str], tuple[str, dict]]:
    """For a worker: one post's ``(html, metadata as text)``, as ``generator`` would read it."""
    return _TextMetadataReader(generator.settings).read


def read_markdown_with(generator, converted: Callable[[str], tuple[str, dict] | None]) -> None:
    """``generator`` takes each Markdown post from ``converted(path)``; on None it reads it.

    Pelican's reader objects stay in place (only their ``read`` changes), so the metadata
    still names the reader ``markdown``.
    """
    readers = generator.readers.readers
    for extension in _markdown_extensions(generator):
        reader = readers[extension]
        reader.read = partial(_read_converted, reader, reader.read, converted)


def _read_converted(reader, read, converted, source_path):
    result = converted(source_path)
    if result is None:
        return read(source_path)
    content, text_metadata = result
    typed = {name: reader.process_metadata(name, text) for name, text in text_metadata.items()}
    return content, typed


def template_compilers(generator) -> list[Callable[[], object]]:
    """One call per template ``generator`` can render, compiling it in its Jinja environment."""
    env = generator.env
    names = env.list_templates(filter_func=lambda name: not name.startswith("!"))
    return [partial(env.get_template, name) for name in names]


# --- Writing shared between processes (parallel_build's forked copies) ---------------------
#
# Assumed: ``Pelican.run`` makes its generators (articles, pages, template pages, sources,
# then plugins', then the static files, last), computes every context, sends
# ``all_generators_finalized`` with the list, then calls ``generate_output(writer)`` on each
# in that order, looked up on the instance. ArticlesGenerator, PagesGenerator and
# TemplatePagesGenerator write only through ``writer.write_file(name, ...)`` and
# ``writer.write_feed(elements, context, path, ...)``, which write nothing for an empty name
# or path. The writer records each file it writes in ``_written_files`` as
# ``sanitised_join(output_path, name)`` and refuses a second write of one of them. A post
# is written with ``override_output`` when it has ``override_save_as``.

WRITER_ONLY = (ArticlesGenerator, PagesGenerator, TemplatePagesGenerator)


def articles_generator(generators):
    """Pelican's ArticlesGenerator among ``generators``, or None."""
    return next((g for g in generators if isinstance(g, ArticlesGenerator)), None)


def writes_only_through_writer(generator) -> bool:
    """Whether every file ``generator`` outputs goes through the writer (so can be shared)."""
    return isinstance(generator, WRITER_ONLY)


def overrides_output(content) -> bool:
    """Whether Pelican writes ``content`` over another write of its file (``override_output``)."""
    return hasattr(content, "override_save_as")


def wrap_output(generator, wrapper: Callable[[Callable, Writer], None]) -> Callable:
    """Pelican's call to ``generator``'s output runs ``wrapper(output, writer)`` instead.

    Returns ``output`` (the generator's own), for the wrapper or anyone else to run.
    """
    output = generator.generate_output
    generator.generate_output = partial(wrapper, output)
    return output


def generator_order_problems(generators) -> list[str]:
    """What in this build's list of generators is not as assumed: the static files last."""
    if generators and isinstance(generators[-1], StaticGenerator):
        return []
    last = type(generators[-1]).__name__ if generators else "nothing"
    return [f"the last generator is {last}, not Pelican's StaticGenerator"]


class SharingWriter(Writer):
    """Pelican's writer, writing a page or feed only when :meth:`writes_here` says so.

    A file left to another process is marked as written, so that Pelican still refuses a
    second write of it (two pages with one ``save_as``) in every process.
    """

    def writes_here(self) -> bool:
        return True

    def write_file(self, name, *args, **kwargs):
        if name and not self.writes_here():
            return _mark_written(self, name)
        return super().write_file(name, *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path and not self.writes_here():
            return _mark_written(self, path)
        return super().write_feed(elements, context, path, *args, **kwargs)


def _mark_written(writer: Writer, name: str) -> None:
    writer._written_files.add(sanitised_join(writer.output_path, name))


# --- Checking the assumptions above against the installed Pelican -------------------------

# Pelican's functions called above (``module:name``) and the parameters they are called with.
SIGNATURES = {
    "pelican.readers:Readers.read_file": ("self", "base_path", "path"),
    "pelican.readers:Readers.get_cached_data": ("self", "filename", "default"),
    "pelican.readers:MarkdownReader.read": ("self", "source_path"),
    "pelican.readers:MarkdownReader.process_metadata": ("self", "name", "value"),
    "pelican.generators:Generator._add_failed_source_path": ("self", "path"),
    "pelican.generators:Generator.get_files": ("self", "paths", "exclude"),
    "pelican.generators:ArticlesGenerator.get_cached_data": ("self", "filename", "default"),
    "pelican.generators:ArticlesGenerator.generate_output": ("self", "writer"),
    "pelican.generators:PagesGenerator.generate_output": ("self", "writer"),
    "pelican.generators:TemplatePagesGenerator.generate_output": ("self", "writer"),
    "pelican.generators:StaticGenerator.generate_output": ("self", "writer"),
    "pelican.contents:SkipStub": ("content", "metadata", "settings", "source_path"),
    "pelican.writers:Writer.write_file": ("self", "name"),
    "pelican.writers:Writer.write_feed": ("self", "elements", "context", "path"),
    "pelican.utils:sanitised_join": ("base_directory", "parts"),
    "pelican.utils:copy": ("source", "destination", "ignores"),
}


def broken_assumptions() -> list[str]:
    """One line for each assumption above that the installed Pelican does not meet.

    What can be checked in a few milliseconds, without a build: the version, the functions
    called and their parameters, and the writer refusing a file marked as written.
    """
    problems = [version_problem(), writer_problem()]
    problems += [signature_problem(name, expected) for name, expected in SIGNATURES.items()]
    return [problem for problem in problems if problem]


def version_problem() -> str | None:
    installed = pelican.__version__
    if installed == PELICAN_VERSION:
        return None
    return f"Pelican {installed} is installed, its internals were checked on {PELICAN_VERSION}"


def signature_problem(name: str, expected: tuple[str, ...]) -> str | None:
    """Whether ``module:function`` still exists and takes the ``expected`` parameters first."""
    module, _, qualified_name = name.partition(":")
    try:
        function = reduce(getattr, qualified_name.split("."), import_module(module))
        parameters = tuple(inspect.signature(function).parameters)
    except (AttributeError, ImportError):
        return f"{name} no longer exists"
    if parameters[: len(expected)] == expected:
        return None
    return f"{name} takes ({', '.join(parameters)}), not ({', '.join(expected)}, ...)"


def writer_problem() -> str | None:
    """Whether a writer refuses to write a file marked as written (in a scratch folder)."""
    with tempfile.TemporaryDirectory() as output:
        writer = Writer(output, settings={})
        try:
            _mark_written(writer, "page.html")
            writer.write_file("page.html", Template(""), {})
        except FileOverwriteFailedError:
            return None
        except Exception as error:
            return f"the writer cannot mark a file as written: {type(error).__name__}: {error}"
    return "the writer wrote a file marked as written (Writer._written_files)"


# --- Staged builds: the dev server's long-lived builder (site_tools.dev_builder) -------------
#
# Assumed: ``Pelican.run`` shares one context (a copy of the settings with
# ``generated_content``, ``static_links``, ``static_content`` and ``localsiteurl``), creates
# one generator of each class ``Pelican._get_generator_classes`` returns, runs each
# ``generate_context`` then ``check_disabled_readers``, sends ``all_generators_finalized``, runs
# each ``refresh_metadata_intersite_links``, asks ``Pelican._get_writer`` for the writer and
# runs each ``generate_output`` in order, then sends ``finalized``. The article, page and
# template-page generators write only through ``Writer.write_file`` and ``Writer.write_feed``
# (the order of their writes changes no byte: each call renders from its own arguments);
# ``StaticGenerator`` copies files itself and leaves those it finds up to date; the theme's
# ``THEME_STATIC_PATHS`` it copies first, each with ``pelican.utils.copy`` into
# ``THEME_STATIC_DIR`` (a file into it by its name), whatever the context holds.
# ``Writer.write_file`` paginates when ``paginated`` (else the ``articles`` and ``dates`` of its
# keyword arguments) is not empty and ``template_name`` is in ``PAGINATED_TEMPLATES``: one
# ``Paginator`` per paginated list, each page rendered with the call's keyword arguments and,
# for each list, its paginator and its page, previous page and next page (None at the ends),
# written to the page's ``save_as`` exactly as a call without pagination for that file would.
# ``pelican.log.LimitFilter`` keeps the warnings already shown, for the life of the process.
# ``ArticlesGenerator.generate_output(writer)`` runs ``generate_feeds(writer)``, then
# ``generate_pages(writer)``: with ``write = partial(writer.write_file,
# relative_urls=RELATIVE_URLS)``, ``generate_articles``, ``generate_period_archives``,
# ``generate_direct_templates``, ``generate_tags``, ``generate_categories``,
# ``generate_authors`` and ``generate_drafts``, each given ``write``; then it sends
# ``article_writer_finalized(generator, writer=writer)``. A post's own page is written by
# ``generate_articles`` or ``generate_drafts``, a page's by PagesGenerator; a write over
# another file's (``override_output``) comes only from those and TemplatePagesGenerator.
# A generator's readers load Pelican's content cache when the generator is made, if
# ``LOAD_CONTENT_CACHE``, and keep and write it, if ``CACHE_CONTENT``, as they were then.

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


def build_writer(pelican_instance):
    """The writer ``Pelican.run`` would use (a plugin may supply its class)."""
    return pelican_instance._get_writer()


def copies_static_files(generator) -> bool:
    return isinstance(generator, StaticGenerator)


def copy_theme_static_files(pelican_instance) -> None:
    """What ``StaticGenerator`` copies of the theme, without a context: each of
    ``THEME_STATIC_PATHS`` into ``THEME_STATIC_DIR``, files matching ``IGNORE_FILES`` left out."""
    settings = pelican_instance.settings
    folder = os.path.join(pelican_instance.output_path, settings["THEME_STATIC_DIR"], os.curdir)
    for path in settings["THEME_STATIC_PATHS"]:
        source = os.path.join(pelican_instance.theme, path)
        target = os.path.join(folder, os.path.basename(path)) if os.path.isfile(source) else folder
        copy(source, target, settings["IGNORE_FILES"])


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


def forget_logged_warnings() -> None:
    """Let a warning shown by an earlier build in this process be shown again."""
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


# --- Contents kept between the builds of one process (site_tools.kept_contents) -------------
#
# Assumed: ArticlesGenerator and PagesGenerator look each source up with
# ``self.get_cached_data(relative_path, None)`` before reading it and, on an answer, take that
# object as the source's content as it is (no reading, no ``is_valid``, no
# ``content_object_init``); each content they read and find valid they offer to
# ``self.cache_data(relative_path, content)`` before anything else is done with it. A content
# object's state is its instance dict: the settings and the build's context (``_context``,
# which links to other sources, ``{filename}``, ``{static}``, ``{attach}``..., are resolved
# against) are shared, its metadata dict, its lists and its category, tag and author objects
# (URLWrapper) are its own; plugins set attributes on the content and those objects during a
# build, and Pelican rewrites formatted metadata fields in place
# (``refresh_metadata_intersite_links``). ``content`` and ``summary`` are computed once per
# object and site URL (the ``memoized`` ``get_content`` and ``get_summary``, each keeping every
# object's results in one dict). The static files a content shows (``{static}``,
# ``{attach}``), added to the context by ``self.add_static_links(content)``, are among its
# links. An article's status follows the clock only when ``WITH_FUTURE_DATES`` is off (a post
# dated later is a draft until then).

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


def fresh_copy(content):
    """``content`` as a new object in the state it is in, as Pelican makes one again from its
    content cache: its own attributes, metadata, lists and category, tag and author objects
    (what a plugin sets on one never shows on the other), the settings and context shared."""
    copies: list[tuple[URLWrapper, URLWrapper]] = []  # by identity (``id`` is audited)

    def own(value):
        if type(value) is list:
            return [own(item) for item in value]
        if type(value) is dict:
            return {key: own(item) for key, item in value.items()}
        if isinstance(value, URLWrapper):
            return own_wrapper(value)
        return value

    def own_wrapper(wrapper: URLWrapper) -> URLWrapper:
        """One copy of each category, tag or author, however often the content names it."""
        for original, made in copies:
            if original is wrapper:
                return made
        copies.append((wrapper, _new_object_like(wrapper)))
        return copies[-1][1]

    copied = _new_object_like(content)
    state = vars(copied)
    for name, value in vars(content).items():
        if name not in SHARED_STATE and isinstance(value, (list, dict, URLWrapper)):
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
    texts = [content._content, *(field for field in fields if isinstance(field, str))]
    return any(links.search(text) for text in texts if text)


def forget_renderings() -> None:
    """Forget every content object's ``content`` and ``summary``: a build makes its own objects,
    and the cache would otherwise keep every earlier build's objects for the process's life."""
    for rendering in MEMOIZED_RENDERINGS:
        rendering.cache.clear()


SIGNATURES.update({
    "pelican:Pelican._get_generator_classes": ("self",),
    "pelican:Pelican._get_writer": ("self",),
    "pelican.writers:Writer.write_file": (
        "self", "name", "template", "context", "relative_urls", "paginated", "template_name",
        "override_output", "url", "kwargs",
    ),
    "pelican.writers:Writer.write_feed": ("self", "elements", "context", "path"),
    "pelican.paginator:Paginator": ("name", "url", "object_list", "settings", "per_page"),
    "pelican.generators:CachingGenerator.get_cached_data": ("self", "filename", "default"),
    "pelican.generators:CachingGenerator.cache_data": ("self", "filename", "data"),
    "pelican.generators:Generator.add_static_links": ("self", "content"),
    "pelican.contents:Content._get_intrasite_link_regex": ("self",),
    "pelican.generators:ArticlesGenerator.generate_feeds": ("self", "writer"),
    "pelican.generators:ArticlesGenerator.generate_pages": ("self", "writer"),
    "pelican.generators:ArticlesGenerator.generate_articles": ("self", "write"),
    "pelican.generators:ArticlesGenerator.generate_period_archives": ("self", "write"),
    "pelican.generators:ArticlesGenerator.generate_direct_templates": ("self", "write"),
    "pelican.generators:ArticlesGenerator.generate_tags": ("self", "write"),
    "pelican.generators:ArticlesGenerator.generate_categories": ("self", "write"),
    "pelican.generators:ArticlesGenerator.generate_authors": ("self", "write"),
    "pelican.generators:ArticlesGenerator.generate_drafts": ("self", "write"),
})  # fmt: skip
