"""Every assumption of blogkit.pelican_internals, checked against the installed Pelican.

Each test names the assumption it checks, so a Pelican upgrade that breaks one fails here by
name. The tests run real Pelican in this process on a small site (posts, a page, a file,
Pelican's default theme, no plugins), connecting for one build only the receivers a plugin
would connect; the builds of the whole site are in test_parallel_build.py.
"""

from __future__ import annotations

import os
import pickle
import time
from functools import partial
from pathlib import Path

import pytest
from jinja2 import Template
from pelican import Pelican
from pelican.contents import Article, Content
from pelican.generators import Generator
from pelican.plugins import _utils as plugin_loading
from pelican.plugins import signals
from pelican.readers import Readers
from pelican.writers import FileOverwriteFailedError, Writer

from blogkit import pelican_internals
from blogkit.pelican_internals import keeping, parallel, plugins, reading, staging, static_files
from tests.helpers import (
    POSTS,
    ROOT,
    post_text,
    same_tree,
    site_settings,
    write,
    write_site,
)

TEMPLATE_PAGE = {"extra.html": "extra.html"}  # TEMPLATE_PAGES rendering content/extra.html


def caching(layer: str) -> dict:
    """Settings that save the content cache and read it back, at ``layer``."""
    return {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": layer}


def run_pelican(settings: dict, receivers: tuple = ()) -> None:
    """One real build in this process, with ``(signal, receiver)`` pairs connected for it."""
    for signal, receiver in receivers:
        signal.connect(receiver, weak=False)
    try:
        Pelican(settings).run()
    finally:
        for signal, receiver in receivers:
            signal.disconnect(receiver)


def output_files(root: Path) -> list[str]:
    output = root / "output"
    return sorted(str(path.relative_to(output)) for path in output.rglob("*") if path.is_file())


# --- The version and the functions called ---------------------------------------------------


def test_the_installed_pelican_is_the_version_the_assumptions_were_checked_on():
    pinned = (ROOT / "requirements.txt").read_text()
    assert f"pelican[markdown]=={pelican_internals.PELICAN_VERSION}\n" in pinned
    assert pelican_internals.version_problem() is None, pelican_internals.version_problem()


CALLS = pelican_internals.declared_calls()


@pytest.mark.parametrize(
    ("module", "name", "expected"), CALLS, ids=[f"{m}:{n}" for m, n, _ in CALLS]
)
def test_each_function_called_takes_the_parameters_it_is_given(module, name, expected):
    assert pelican_internals.signature_problem(name, expected) is None


def test_every_part_of_the_adapter_declares_what_it_calls_once_and_states_its_assumptions():
    assert pelican_internals.declaration_problems() == []
    for module in pelican_internals.MODULES:
        assert "Assumed:" in module.__doc__, module.__name__
        assert isinstance(module.CALLED, tuple), module.__name__
    assert {name for _, name, _ in CALLS} >= {"pelican.writers:Writer.write_file"}


def test_a_function_declared_twice_by_one_part_is_a_broken_assumption(monkeypatch):
    """The table once declared two functions twice, and the later silently won."""
    twice = (*parallel.CALLED, ("pelican.writers:Writer.write_file", ("self", "other")))
    monkeypatch.setattr(parallel, "CALLED", twice)
    assert pelican_internals.declaration_problems() == [
        "parallel declares pelican.writers:Writer.write_file twice"
    ]
    assert "parallel declares pelican.writers:Writer.write_file twice" in (
        pelican_internals.broken_assumptions()
    )


def test_a_changed_or_missing_function_is_named_in_one_line():
    moved = pelican_internals.signature_problem("pelican.readers:Readers.read_file", ("path",))
    assert moved == (
        "pelican.readers:Readers.read_file takes (self, base_path, path, content_class, fmt, "
        "context, preread_signal, preread_sender, context_signal, context_sender), not (path, ...)"
    )
    gone = pelican_internals.signature_problem("pelican.readers:Readers.read_files", ("self",))
    assert gone == "pelican.readers:Readers.read_files no longer exists"


def test_no_assumption_is_broken_by_the_installed_pelican():
    assert pelican_internals.broken_assumptions() == []


# --- build_guard: reading goes through read_file, failures are skipped quietly --------------

READING_STARTS = {"posts": signals.article_generator_init, "pages": signals.page_generator_init}


@pytest.mark.parametrize("folder", READING_STARTS)
def test_a_file_that_cannot_be_read_goes_to_on_error_and_is_skipped_as_failed(
    tmp_path, caplog, folder
):
    """read_file raises; the file is recorded as failed (so not copied) and skipped quietly."""
    write_site(tmp_path)
    broken = write(tmp_path / "content" / folder / "broken.md", "Title: Broken\nDate: someday\n\n.")
    errors = []

    def guard(generator):
        reading.guard_reading(
            generator,
            on_error=lambda path, error: errors.append((path, type(error).__name__)),
            content_problems=lambda content: False,
        )

    # With the sources among the static paths, a file not recorded as failed is copied.
    run_pelican(site_settings(tmp_path, STATIC_PATHS=[folder]), ((READING_STARTS[folder], guard),))
    assert [path for path, _ in errors] == [str(broken)]
    assert "Could not process" not in caplog.text
    written = output_files(tmp_path)
    assert f"{folder}/broken.md" not in written
    assert "post-1.html" in written and "pages/about.html" in written


def test_a_refused_content_is_skipped_like_an_invalid_one_and_not_cached(tmp_path, caplog):
    write_site(tmp_path)
    errors = []

    def refuse_post_2(generator):
        reading.guard_reading(
            generator,
            on_error=lambda path, error: errors.append(path),
            content_problems=lambda content: content.title == "Post 2",
        )

    settings = site_settings(tmp_path, STATIC_PATHS=["posts"], **caching("generator"))
    run_pelican(settings, ((signals.article_generator_init, refuse_post_2),))
    assert errors == [] and "Could not process" not in caplog.text
    written = output_files(tmp_path)
    assert "post-2.html" not in written and "posts/post-2.md" not in written
    assert "post-1.html" in written

    run_pelican(site_settings(tmp_path, **caching("generator")))  # the skipped one not cached
    assert "post-2.html" in output_files(tmp_path)


INVALID = {
    "valid": ({}, []),
    "missing title": ({"Title": None}, ["Title"]),
    "unknown status": ({"Status": "publshed"}, ["Status"]),
    "save_as outside the output": ({"Slug": "../../outside"}, ["Slug"]),
}


@pytest.mark.parametrize(("fields", "failing"), INVALID.values(), ids=INVALID.keys())
def test_validity_problems_agree_with_is_valid(tmp_path, fields, failing):
    write_site(tmp_path)
    write(tmp_path / "content" / "posts" / "case.md", post_text(9, **fields))
    settings = site_settings(tmp_path)
    content = Readers(settings).read_file(
        base_path=settings["PATH"], path="posts/case.md", content_class=Article, context={}
    )
    assert [field for field, _ in reading.validity_problems(content)] == failing
    assert content.is_valid() == (failing == [])


def test_plugins_pelican_cannot_load_or_register_are_named_whoever_runs_pelican(
    tmp_path, monkeypatch
):
    """Pelican loads every legacy plugin through ``load_legacy_plugin`` and keeps only the names
    of those that registered: the plugins watched from then on say which went missing."""
    write_site(tmp_path)
    write(tmp_path / "plugins" / "quiet" / "__init__.py", "def register():\n    pass\n")
    write(tmp_path / "plugins" / "broken" / "__init__.py", "def register():\n    raise OSError\n")
    # Put back what the test changes: Pelican's loader and the names noted.
    monkeypatch.setattr(plugin_loading, "load_legacy_plugin", plugin_loading.load_legacy_plugin)
    loading = plugins.PluginLoading()
    settings = site_settings(
        tmp_path,
        PLUGIN_PATHS=[str(tmp_path / "plugins")],
        PLUGINS=["quiet", "no_such_plugin", "broken"],
    )
    loading.watch()
    instance = Pelican(settings)
    assert instance.settings["PLUGINS"] == ["quiet"]
    assert loading.not_loaded(instance) == ["no_such_plugin", "broken"]
    assert loading.not_loaded(instance) == ["no_such_plugin", "broken"]  # every build of it


# --- parallel_build: reading ahead ----------------------------------------------------------

HTML_POST = """<html><head><title>HTML</title><meta name="date" content="2026-01-08"></head>
<body>A post Pelican's HTML reader reads.</body></html>"""


def test_the_posts_to_read_are_those_pelicans_markdown_reader_reads_in_its_order(tmp_path):
    content = write_site(tmp_path)
    write(content / "posts" / "notes" / "excluded.md", post_text(7))
    write(content / "posts" / "written-in-html.html", HTML_POST)
    planned, read = [], []

    def record(path):
        read.append(path)  # and returns None: Pelican's reader reads the post itself

    def plan(generator):
        planned.extend(parallel.markdown_posts_to_read(generator))
        parallel.read_markdown_with(generator, record)

    settings = site_settings(tmp_path, ARTICLE_EXCLUDES=["posts/notes"])
    run_pelican(settings, ((signals.article_generator_init, plan),))
    assert read == planned
    posts = [str(content / "posts" / f"post-{number}.md") for number in range(1, POSTS + 1)]
    assert sorted(planned) == posts
    assert "html.html" in output_files(tmp_path)  # read by Pelican's HTML reader, not planned


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_posts_a_cache_answers_are_not_to_be_read(tmp_path, layer):
    content = write_site(tmp_path)
    run_pelican(site_settings(tmp_path, **caching(layer)))
    changed = content / "posts" / "post-2.md"
    changed.write_text(changed.read_text() + "\nOne more paragraph.\n")
    later = time.time() + 10
    os.utime(changed, (later, later))
    planned = []

    def plan(generator):
        planned.extend(parallel.markdown_posts_to_read(generator))

    run_pelican(
        site_settings(tmp_path, **caching(layer)), ((signals.article_generator_init, plan),)
    )
    assert planned == [str(changed)]


def articles_read(settings: dict, reading_starts=None) -> dict:
    """``{source path: (html, metadata)}`` of every article a build of ``settings`` reads."""
    read = {}

    def keep(generator):
        read.update({a.source_path: (a._content, a.metadata) for a in generator.articles})

    receivers = [(signals.article_generator_finalized, keep)]
    if reading_starts:
        receivers.append((signals.article_generator_init, reading_starts))
    run_pelican(settings, tuple(receivers))
    return read


def test_a_post_converted_elsewhere_is_the_article_pelican_reads_itself(tmp_path):
    """Metadata crosses as text and is typed where Pelican types it; the reader stays 'markdown'."""
    write_site(tmp_path)
    crossed = []

    def convert_elsewhere(generator):
        convert = parallel.markdown_converter(generator)

        def converted(path):
            crossed.append(convert(path))
            return pickle.loads(pickle.dumps(crossed[-1]))  # what a worker sends back

        parallel.read_markdown_with(generator, converted)

    alone = articles_read(site_settings(tmp_path))
    elsewhere = site_settings(tmp_path, OUTPUT_PATH=str(tmp_path / "ahead"))
    ahead = articles_read(elsewhere, convert_elsewhere)
    assert len(crossed) == POSTS
    assert all(type(value) is str for _, metadata in crossed for value in metadata.values())
    assert ahead == alone
    assert {metadata["reader"] for _, metadata in ahead.values()} == {"markdown"}


def test_template_compilers_compile_every_template_the_generators_render(tmp_path):
    write_site(tmp_path)
    compiled, generators = [], []

    def compile_all(generator):
        generators.append(generator)
        compilers = parallel.template_compilers(generator)
        compiled.extend(compile_template() for compile_template in compilers)

    run_pelican(site_settings(tmp_path), ((signals.article_generator_init, compile_all),))
    rendered = list(generators[0]._templates.values())  # what the generator loaded to render
    assert {"article.html", "index.html", "tag.html"} <= {template.name for template in rendered}
    assert all(any(template is done for done in compiled) for template in rendered)
    names = [template.name for template in compiled]
    assert len(names) == len(set(names))  # the "!simple/", "!theme/" names are the same files


# --- parallel_build: writing shared between processes --------------------------------------


class PluginGenerator(Generator):
    """What a plugin's ``get_generators`` adds: a generator writing nothing."""

    def generate_output(self, writer):
        pass


def test_the_static_generator_runs_last_after_plugins_generators(tmp_path):
    write_site(tmp_path)
    settings = site_settings(tmp_path, TEMPLATE_PAGES=TEMPLATE_PAGE, OUTPUT_SOURCES=True)
    generators = []
    receivers = (
        (signals.get_generators, lambda _pelican: PluginGenerator),
        (signals.all_generators_finalized, generators.extend),
    )
    run_pelican(settings, receivers)
    assert [type(generator).__name__ for generator in generators] == [
        "ArticlesGenerator", "PagesGenerator", "TemplatePagesGenerator", "SourceFileGenerator",
        "PluginGenerator", "StaticGenerator",
    ]  # fmt: skip
    assert parallel.generator_order_problems(generators) == []
    assert parallel.generator_order_problems(generators[:-1]) == [
        "the last generator is PluginGenerator, not Pelican's StaticGenerator"
    ]


def test_pelican_runs_each_generators_output_in_order_as_replaced(tmp_path):
    write_site(tmp_path)
    names, ran = [], []

    def record_then_output(name, output, writer):
        ran.append(name)
        if name != "StaticGenerator":  # the static files' output replaced by nothing
            output(writer)

    def replace_outputs(generators):
        for generator in generators:
            names.append(type(generator).__name__)
            parallel.wrap_output(generator, partial(record_then_output, names[-1]))

    run_pelican(site_settings(tmp_path), ((signals.all_generators_finalized, replace_outputs),))
    assert ran == names
    written = output_files(tmp_path)
    assert "post-1.html" in written
    assert "images/dot.txt" not in written


def test_articles_pages_and_template_pages_write_only_through_the_writer(tmp_path):
    write_site(tmp_path)
    asked, shared = [], []

    class WritesNothing(parallel.SharingWriter):
        def writes_here(self) -> bool:
            asked.append(True)
            return False

    def only_shared_outputs(generators):
        for generator in generators:
            if parallel.writes_only_through_writer(generator):
                shared.append(type(generator).__name__)
            else:
                parallel.wrap_output(generator, lambda output, writer: None)

    receivers = (
        (signals.get_writer, lambda _pelican: WritesNothing),
        (signals.all_generators_finalized, only_shared_outputs),
    )
    run_pelican(site_settings(tmp_path, TEMPLATE_PAGES=TEMPLATE_PAGE), receivers)
    assert shared == ["ArticlesGenerator", "PagesGenerator", "TemplatePagesGenerator"]
    assert len(asked) > POSTS + 5  # posts, the page, listings, feeds, the template page
    assert output_files(tmp_path) == []


def test_the_writer_records_each_file_and_refuses_a_second_write(tmp_path):
    write_site(tmp_path)
    writer = Writer(str(tmp_path / "output"), site_settings(tmp_path))
    writer.write_file("page/index.html", Template("first"), {})
    assert (tmp_path / "output" / "page" / "index.html").read_text() == "first"
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("page/index.html", Template("second"), {})
    assert parallel.writer_problem() is None  # the same, as checked when a build starts


def test_a_file_left_to_another_process_is_refused_here_as_if_written(tmp_path):
    write_site(tmp_path)

    class ElsewhereThenHere(parallel.SharingWriter):
        here = False

        def writes_here(self) -> bool:
            return self.here

    writer = ElsewhereThenHere(str(tmp_path / "output"), site_settings(tmp_path))
    site = "https://blog.example.org"
    feed_context = {"SITENAME": "A site", "SITEURL": site, "FEED_DOMAIN": site}
    writer.write_file("page/index.html", Template("page"), {})
    writer.write_feed([], feed_context, "feeds/all.atom.xml")
    assert not (tmp_path / "output").exists()
    writer.here = True
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("page/index.html", Template("page"), {})
    with pytest.raises(FileOverwriteFailedError):
        writer.write_feed([], feed_context, "feeds/all.atom.xml")


def test_a_post_with_its_own_save_as_is_written_over_another_posts_file(tmp_path):
    content = write_site(tmp_path)
    write(content / "posts" / "over.md", post_text(8, Title="Over", Save_as="post-1.html"))
    articles = []

    def keep(generator):
        articles.extend(generator.articles)

    run_pelican(site_settings(tmp_path), ((signals.article_generator_finalized, keep),))
    overriding = {a.title for a in articles if parallel.overrides_output(a)}
    assert overriding == {"Over"}
    assert "Body of post 8." in (tmp_path / "output" / "post-1.html").read_text()


# --- responsive_images: the photos Pelican need not read -------------------------------------


def test_a_withheld_static_file_is_neither_read_nor_published_nor_found_by_a_link(tmp_path):
    content = write_site(tmp_path)
    for name in ("withheld", "linked", "kept"):
        write(content / "images" / f"{name}.txt", f"{name}\n")
    write(content / "posts" / "post-1.md", post_text(1) + "[A file]({static}/images/linked.txt)\n")
    withheld = {"images/withheld.txt", "images/linked.txt"}
    seen = {}

    def withhold(generator):
        static_files.withhold_static_files(generator, lambda: withheld)

    def look(generator):
        seen["read"] = set(generator.context["static_content"])
        seen["links"] = set(generator.context["static_links"])

    receivers = (
        (signals.static_generator_init, withhold),
        (signals.static_generator_finalized, look),
    )
    run_pelican(site_settings(tmp_path), receivers)
    assert seen["read"] == {"images/dot.txt", "images/kept.txt"}
    assert seen["links"] == set()  # while Pelican reads: linked.txt is withheld too
    published = {name for name in output_files(tmp_path) if name.startswith("images/")}
    assert published == {"images/dot.txt", "images/kept.txt"}
    post = (tmp_path / "output" / "post-1.html").read_text()
    assert 'href="{static}/images/linked.txt"' in post  # no link can be resolved to one


class LookUps(dict):
    """``static_content`` noting every path Pelican looks up in it."""

    def __init__(self, found: dict, asked: list):
        super().__init__(found)
        self.asked = asked

    def get(self, path, default=None):
        self.asked.append(path)
        return super().get(path, default)


def test_the_links_to_static_files_hold_every_one_pelican_looks_up_in_the_static_files(
    tmp_path,
):
    content = write_site(tmp_path)
    for name in "abcd":
        write(content / "images" / f"{name}.txt", f"{name}\n")
    links = (
        "[a]({static}/images/a.txt) [b]({attach}/images/b.txt) [c]({filename}/images/c.txt) "
        "[post]({filename}post-2.md) [home]({index}) [tag]({tag}networking) [out](/x.html)"
    )
    write(content / "posts" / "post-1.md",
          post_text(1, Summary="See [d]({static}/images/d.txt).") + links + "\n")  # fmt: skip
    asked, predicted, plain = [], [], []

    def record(generator):  # where responsive_images asks: before Pelican resolves any link
        context = generator.context
        context["static_content"] = LookUps(context["static_content"], asked)
        post = next(article for article in context["articles"] if article.slug == "post-1")
        predicted.extend(static_files.links_to_static_files(post, post._content))
        plain.extend(static_files.links_to_static_files(post, "Plain text, no link."))

    run_pelican(site_settings(tmp_path), ((signals.static_generator_finalized, record),))
    # a {filename} link names a static file when no post or page has that name
    assert predicted == [
        "/images/a.txt", "/images/b.txt", "/images/c.txt", "post-2.md", "/images/d.txt"
    ]  # fmt: skip
    assert set(asked) == {"images/a.txt", "images/b.txt", "images/c.txt", "images/d.txt"}
    assert plain == ["/images/d.txt"]  # the summary's


# --- The dev server's builder: contents kept between builds, pages written one by one --------


def kept_and_read(tmp_path: Path, find) -> tuple[dict, dict]:
    """One build whose generators take contents from ``find``: ``(articles, contents read)``,
    each by absolute source path."""
    read, articles, contexts = {}, {}, []

    def keep_contents(generator):
        keeping.keep_contents(generator, find, read.__setitem__)

    def built(generator):
        contexts.append(generator.context)
        articles.update({article.source_path: article for article in generator.articles})

    receivers = (
        (signals.article_generator_init, keep_contents),
        (signals.article_generator_finalized, built),
    )
    run_pelican(site_settings(tmp_path), receivers)
    assert all(article._context is contexts[0] for article in articles.values())
    return articles, read


def test_a_kept_content_is_taken_as_it_is_and_every_other_is_read_and_offered(tmp_path):
    write_site(tmp_path)
    posts = [str(tmp_path / "content" / "posts" / f"post-{n}.md") for n in (1, 2, 3)]
    first, read = kept_and_read(tmp_path, lambda path: None)
    assert sorted(read) == posts and all(read[path] is first[path] for path in posts)

    again, read = kept_and_read(
        tmp_path, lambda path: first.get(path) if path == posts[0] else None
    )
    assert again[posts[0]] is first[posts[0]]  # taken, in the new build's context
    assert sorted(read) == posts[1:] and again[posts[1]] is not first[posts[1]]


LINKS = {
    "a plain post": ({}, "", False),
    "a link to another post": ({}, "See [post 2]({filename}post-2.md).", True),
    "a link in the summary": ({"Summary": "See [post 2]({filename}post-2.md)."}, "", True),
    "a static file shown": ({}, "![dot]({static}/images/dot.txt)", True),
}


@pytest.mark.parametrize(("fields", "body", "changes"), LINKS.values(), ids=LINKS.keys())
def test_a_content_that_shows_another_source_changes_with_it(tmp_path, fields, body, changes):
    write_site(tmp_path)
    write(tmp_path / "content" / "posts" / "case.md", post_text(9, **fields) + body)
    settings = site_settings(tmp_path)
    content = Readers(settings).read_file(
        base_path=settings["PATH"], path="posts/case.md", content_class=Article, context={}
    )
    assert keeping.changes_with_other_sources(content) == changes


def test_an_article_whose_status_follows_the_clock_changes_with_it(tmp_path):
    write_site(tmp_path)
    settings = site_settings(tmp_path, WITH_FUTURE_DATES=False)
    content = Readers(settings).read_file(
        base_path=settings["PATH"], path="posts/post-1.md", content_class=Article, context={}
    )
    assert keeping.changes_with_other_sources(content)


def test_content_and_summary_are_kept_per_object_until_forgotten(tmp_path):
    write_site(tmp_path)
    articles, _ = kept_and_read(tmp_path, lambda path: None)
    for article in articles.values():
        assert article.content and article.summary
    for rendering in keeping.MEMOIZED_RENDERINGS:
        assert set(articles.values()) <= {arguments[0] for arguments in rendering.cache}

    keeping.forget_renderings()
    assert not any(rendering.cache for rendering in keeping.MEMOIZED_RENDERINGS)


def test_a_fresh_copy_is_the_content_as_it_is_and_no_change_to_one_shows_on_the_other(tmp_path):
    write_site(tmp_path)
    articles, _ = kept_and_read(tmp_path, lambda path: None)
    article = next(article for article in articles.values() if article.title == "Post 1")
    copied = keeping.fresh_copy(article)
    assert copied is not article and type(copied) is Article
    seen = ("url", "save_as", "content", "summary", "date", "tags", "category", "authors")
    assert [getattr(copied, name) for name in seen] == [getattr(article, name) for name in seen]
    assert copied.settings is article.settings and copied._context is article._context
    assert copied.author is copied.authors[0] is copied.metadata["author"]  # one object, as read

    article.comment_count = 3  # what plugins and Pelican do to a content during a build
    article._content = "<p>Rewritten.</p>"
    article.metadata["summary"] = "Rewritten."
    article.tags[0].atom_feed_url = "feeds/tag.atom.xml"
    article.author.person = {"jobTitle": "Editor"}
    assert not hasattr(copied, "comment_count")
    assert "Rewritten" not in copied._content + copied.metadata["summary"]
    assert not hasattr(copied.tags[0], "atom_feed_url")
    assert not hasattr(copied.author, "person")


def test_a_remembered_source_path_is_the_one_pelican_works_out(tmp_path, monkeypatch):
    write_site(tmp_path)
    articles, _ = kept_and_read(tmp_path, lambda path: None)
    worked_out = [(a.get_relative_source_path(), a.url, a.save_as) for a in articles.values()]
    elsewhere = [a.get_relative_source_path(os.path.join("..", "x.md")) for a in articles.values()]
    monkeypatch.setattr(Content, "get_relative_source_path", Content.get_relative_source_path)
    staging.remember_relative_source_paths()
    for _ in range(2):  # worked out, then remembered
        assert [(a.get_relative_source_path(), a.url, a.save_as)
                for a in articles.values()] == worked_out  # fmt: skip
        assert [a.get_relative_source_path(os.path.join("..", "x.md"))
                for a in articles.values()] == elsewhere  # fmt: skip


def test_generators_made_without_the_content_cache_neither_load_nor_write_it(tmp_path):
    content = write_site(tmp_path)
    settings = site_settings(tmp_path, **caching("reader"))
    run_pelican(settings)
    cache = tmp_path / "cache" / "ArticlesGenerator-Readers"
    written = cache.read_bytes()
    post = content / "posts" / "post-1.md"
    post.write_text(post.read_text().replace("Body of post 1.", "Changed body."))
    instance = Pelican(settings)
    generators = staging.computed_generators(instance, content_cache=False)
    articles = parallel.articles_generator(generators)
    assert articles.readers.get_cached_data(str(content / "posts" / "post-2.md"), None) is None
    assert "Changed body." in next(a for a in articles.articles if a.title == "Post 1").content
    assert cache.read_bytes() == written
    assert settings["CACHE_CONTENT"] and settings["LOAD_CONTENT_CACHE"]  # as they were


def test_each_page_of_a_paginated_list_written_alone_is_the_page_pelican_writes(tmp_path):
    write_site(tmp_path)
    settings = site_settings(tmp_path, DEFAULT_PAGINATION=2, PAGINATED_TEMPLATES={"index": None})
    template = Template(
        "{{ output_file }} {{ articles_page.number }}/{{ articles_paginator.num_pages }} "
        "{{ articles_page.object_list }} {{ articles_previous_page.url if articles_previous_page }}"
        " {{ articles_next_page.url if articles_next_page }} {{ dates_page.object_list }} {{ x }}"
    )
    posts = ["a", "b", "c", "d", "e"]
    call = {"template_name": "index", "url": "", "articles": posts, "dates": posts[::-1], "x": 1}
    Writer(str(tmp_path / "whole"), settings).write_file("index.html", template, {}, **call)

    alone = Writer(str(tmp_path / "alone"), settings)
    kwargs = {"articles": posts, "dates": posts[::-1], "x": 1}
    pages = staging.pages_written(settings, "index.html", "", None, "index", kwargs)
    assert [name for name, _ in pages] == ["index.html", "index2.html", "index3.html"]
    for name, page_kwargs in pages:
        alone.write_file(name, template, {}, False, {}, "index", False, "", **page_kwargs)
    assert same_tree(tmp_path / "whole", tmp_path / "alone") == []
    assert "3/3 ['e']" in (tmp_path / "alone" / "index3.html").read_text()


class RecordingWriter:
    """Every file a generator asks the writer for: ``(file, relative_urls, override_output,
    whether it is a post's or page's own page)``."""

    def __init__(self):
        self.calls = []

    def write_file(
        self, name, template, context, relative_urls=False, paginated=None, template_name=None,
        override_output=False, url=None, **kwargs,
    ):  # fmt: skip
        own = "article" in kwargs or "page" in kwargs
        self.calls.append((name, relative_urls, override_output, own))

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                   override_output=False, feed_title=None):  # fmt: skip
        self.calls.append((path, None, override_output, False))


def test_the_output_pieces_write_what_generate_output_writes_and_say_what_they_write(tmp_path):
    content = write_site(tmp_path)
    write(content / "posts" / "over.md", post_text(8, Title="Over", Save_as="post-1.html"))
    write(content / "posts" / "draft.md", post_text(9, Title="Draft", Status="draft"))
    generators = []
    settings = site_settings(tmp_path, TEMPLATE_PAGES=TEMPLATE_PAGE, RELATIVE_URLS=True)
    run_pelican(settings, ((signals.all_generators_finalized, generators.extend),))
    finalized = []

    def sent(generator, writer):
        finalized.append(writer)

    signals.article_writer_finalized.connect(sent)
    for generator in filter(parallel.writes_only_through_writer, generators):
        whole = RecordingWriter()
        generator.generate_output(whole)
        pieces, calls = staging.output_pieces(generator), []
        for piece in pieces:
            writer = RecordingWriter()
            piece.run(writer)
            calls += writer.calls
            assert piece.overrides or not any(override for _, _, override, _ in writer.calls)
            assert piece.contents or not any(own for _, _, _, own in writer.calls)
        assert calls == whole.calls
    signals.article_writer_finalized.disconnect(sent)
    assert len(finalized) == 2  # sent by ArticlesGenerator's output, whole or in pieces


def test_the_theme_static_files_are_copied_as_the_static_generator_copies_them(tmp_path):
    write_site(tmp_path)
    settings = site_settings(tmp_path, IGNORE_FILES=["*.eot"])
    run_pelican(settings)
    alone = tmp_path / "theme-alone"
    staging.copy_theme_static_files(Pelican({**settings, "OUTPUT_PATH": str(alone)}))
    assert sorted(path.name for path in alone.iterdir()) == ["theme"]
    assert same_tree(tmp_path / "output" / "theme", alone / "theme") == []
    assert not list(alone.rglob("*.eot")) and list(alone.rglob("*.css"))
    listed = staging.theme_static_files(settings)
    copied = [path.relative_to(alone).as_posix() for path in alone.rglob("*") if path.is_file()]
    assert sorted(listed) == sorted(copied)
