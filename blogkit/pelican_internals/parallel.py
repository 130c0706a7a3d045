"""Reading and writing shared with other processes: parallel_build.

Reading ahead. Assumed: ArticlesGenerator reads each file of ``get_files(ARTICLE_PATHS,
exclude=ARTICLE_EXCLUDES)`` (relative to ``generator.path``), in that set's order, unless
its own cache (``get_cached_data(relative, None)``) or its readers' cache
(``readers.get_cached_data(absolute, (None, None))``) answers. It reads with the reader
instance ``readers.readers`` holds for the file's extension, calling ``reader.read(absolute)``
for ``(html, metadata)`` and naming the reader in the metadata after its class.
``MarkdownReader.read`` types each metadata value with ``process_metadata(name, text)``,
which needs only the reader's settings, so a value converted elsewhere can be typed later.
The Jinja environment a generator renders with is ``generator.env``; its template names
starting with ``!`` (``!simple/``, ``!theme/``) are the same files again.

Writing shared. Assumed: ``Pelican.run`` makes its generators (articles, pages, template
pages, sources, then plugins', then the static files, last), computes every context, sends
``all_generators_finalized`` with the list, then calls ``generate_output(writer)`` on each in
that order, looked up on the instance. ArticlesGenerator, PagesGenerator and
TemplatePagesGenerator write only through ``writer.write_file(name, ...)`` and
``writer.write_feed(elements, context, path, ...)``, which write nothing for an empty name or
path. The writer records each file it writes in ``_written_files`` as
``sanitised_join(output_path, name)`` and refuses a second write of one of them. A post is
written with ``override_output`` when it has ``override_save_as``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from functools import partial

from jinja2 import Template
from pelican.generators import (
    ArticlesGenerator,
    PagesGenerator,
    StaticGenerator,
    TemplatePagesGenerator,
)
from pelican.readers import MarkdownReader
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

CALLED = (
    ("pelican.generators:Generator.get_files", ("self", "paths", "exclude")),
    ("pelican.generators:ArticlesGenerator.get_cached_data", ("self", "filename", "default")),
    ("pelican.readers:Readers.get_cached_data", ("self", "filename", "default")),
    ("pelican.readers:MarkdownReader.read", ("self", "source_path")),
    ("pelican.readers:MarkdownReader.process_metadata", ("self", "name", "value")),
    ("pelican.generators:ArticlesGenerator.generate_output", ("self", "writer")),
    ("pelican.generators:PagesGenerator.generate_output", ("self", "writer")),
    ("pelican.generators:TemplatePagesGenerator.generate_output", ("self", "writer")),
    ("pelican.generators:StaticGenerator.generate_output", ("self", "writer")),
    ("pelican.writers:Writer.write_file", ("self", "name")),
    ("pelican.writers:Writer.write_feed", ("self", "elements", "context", "path")),
    ("pelican.utils:sanitised_join", ("base_directory", "parts")),
)


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
            return mark_written(self, name)
        return super().write_file(name, *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path and not self.writes_here():
            return mark_written(self, path)
        return super().write_feed(elements, context, path, *args, **kwargs)


def mark_written(writer: Writer, name: str) -> None:
    """``name`` counts as written: Pelican refuses a second write of it."""
    writer._written_files.add(sanitised_join(writer.output_path, name))


def writer_problem() -> str | None:
    """Whether a writer refuses to write a file marked as written (in a scratch folder)."""
    with tempfile.TemporaryDirectory() as output:
        writer = Writer(output, settings={})
        try:
            mark_written(writer, "page.html")
            writer.write_file("page.html", Template(""), {})
        except FileOverwriteFailedError:
            return None
        except Exception as error:
            return f"the writer cannot mark a file as written: {type(error).__name__}: {error}"
    return "the writer wrote a file marked as written (Writer._written_files)"
