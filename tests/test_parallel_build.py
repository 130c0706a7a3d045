"""parallel_build: worker processes change how fast a build is, never what it writes.

Each test builds the same synthetic blog (benchmarks/synthetic_blog.py: posts, comments,
view counts and events) with the plugin sharing the work and with it off, and compares.
Where Pelican is not what blogkit.pelican_internals assumes, the build says so in one line
and writes alone.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.synthetic_blog import post_slug, write_posts, write_site_data
from tests.helpers import ROOT, build, build_both, same_tree, settings_file

POSTS = 24
SHARED_READING = "parallel_build: {} posts to convert in {} workers"
SHARED_WRITING = "parallel_build: output shared by {} processes"


@pytest.fixture(scope="module")
def blog(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("parallel") / "content"
    write_site_data(content, write_posts(content, POSTS))
    return content


def turned_off(result) -> list[str]:
    """The lines in which parallel_build says it is off for the build."""
    return [line for line in result.output.splitlines() if "parallel_build is off" in line]


def theme_copy(tmp_path: Path) -> Path:
    """A copy of the site's theme to break; returns its templates folder."""
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    return tmp_path / "theme" / "templates"


def build_with_theme(tmp_path: Path, content: Path):
    """A cold build in two processes with the theme copy made by ``theme_copy``."""
    extra = f"THEME = {str(tmp_path / 'theme')!r}\nBUILD_WORKERS = 2\n"
    return build(
        tmp_path / "output",
        settings_file(tmp_path, "theme_copy", extra=extra),
        content=content,
        extra=("--ignore-cache", "--debug"),
    )


def test_shared_build_writes_the_same_bytes_as_one_process(tmp_path, blog):
    shared, alone = build_both(tmp_path, blog)
    assert shared.ok and alone.ok, shared.output + alone.output
    assert SHARED_READING.format(POSTS, 3) in shared.output
    assert SHARED_WRITING.format(3) in shared.output
    assert "parallel_build:" not in alone.output
    written = list((tmp_path / "shared").rglob("*.html"))
    assert len(written) > POSTS + 20  # posts, listings, tags, archives, events, ...
    assert (tmp_path / "shared" / "events.ics").exists()
    assert same_tree(tmp_path / "shared", tmp_path / "alone") == []


def test_a_broken_post_is_reported_the_same_way(tmp_path, blog):
    content = tmp_path / "content"
    write_site_data(content, write_posts(content, POSTS))
    broken = content / "posts" / f"{post_slug(3)}.md"
    broken.write_text(broken.read_text().replace("Date: ", "Date: someday ", 1))
    undecodable = content / "posts" / f"{post_slug(5)}.md"
    undecodable.write_bytes(undecodable.read_bytes() + b"\n\xff\xfe not UTF-8\n")

    shared, alone = build_both(tmp_path, content)
    assert sorted(shared.problems) == sorted(alone.problems)  # Pelican reads in set order
    assert len(shared.problems) == 2, shared.problems
    assert any(f"{post_slug(3)}.md:" in problem for problem in shared.problems)
    assert any(f"{post_slug(5)}.md" in problem for problem in shared.problems)
    assert SHARED_READING.format(POSTS, 3) in shared.output


@pytest.mark.parametrize(
    ("template", "block"),
    [
        ("term_listing.html", "{% block listing_title %}"),  # tag pages: the processes share them
        ("events.html", "{% block content %}"),  # a plugin's generator, run whole in a copy
    ],
)
def test_a_page_that_fails_to_render_fails_the_whole_build(tmp_path, blog, template, block):
    templates = theme_copy(tmp_path)
    page = templates / template
    page.write_text(page.read_text().replace(block, block + "{{ 1 | no_such_filter }}", 1))
    result = build_with_theme(tmp_path, blog)
    assert SHARED_WRITING.format(2) in result.output
    assert not result.ok
    # The last line, which a dev server shows, names the error whichever process hit it.
    assert "No filter named 'no_such_filter'" in result.output.strip().splitlines()[-1]


def test_a_broken_template_no_page_uses_does_not_stop_a_shared_build(tmp_path, blog):
    """Templates are compiled ahead while the main process waits; a failure there is not one."""
    (theme_copy(tmp_path) / "unused.html").write_text("{% if %}never rendered{% endif %}")
    result = build_with_theme(tmp_path, blog)
    assert result.ok, result.output
    assert result.problems == []
    assert SHARED_READING.format(POSTS, 2) in result.output


def test_plugins_load_without_their_heavy_libraries():
    """pydantic, PyYAML, nh3 and icalendar load where they are used, not before Pelican reads.

    Each module they load in is declared with blogkit.lazy, whose modules parallel_build
    imports while the main process waits for its workers.
    """
    script = """
import sys
import pelican.generators, pelican.readers
import blog_core, build_guard, comment_threads, event_listing, parallel_build, view_counts
for plugin in (blog_core, build_guard, comment_threads, event_listing, parallel_build, view_counts):
    plugin.register()
heavy = ("pydantic", "yaml", "nh3", "icalendar")
print(sorted(name for name in heavy if name in sys.modules))
from blogkit.lazy import not_loaded
for name in not_loaded():
    __import__(name)
print(sorted(name for name in heavy[:3] if name in sys.modules))
"""
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert loaded == ["[]", "['nh3', 'pydantic', 'yaml']"]


def test_numpy_and_scipy_load_only_for_scoring_or_between_a_builders_builds():
    """related_posts' scoring is not loaded ahead of a build (a build that reads its lists
    from the asset cache never pays for NumPy and SciPy), but a long-lived builder loads it
    between builds (blogkit.lazy.load_all), so a later save that scores does not wait."""
    script = """
import sys
import related_posts
related_posts.register()
from blogkit import lazy
for name in lazy.not_loaded():
    __import__(name)
print(sorted(name for name in ("numpy", "scipy") if name in sys.modules))
lazy.load_all()
print(sorted(name for name in ("numpy", "scipy") if name in sys.modules))
"""
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert loaded == ["[]", "['numpy', 'scipy']"]


def test_numpy_and_scipy_load_ahead_of_a_build_whose_asset_cache_is_cold(tmp_path):
    """With no list in the asset cache (a first CI run, a new clone) the build will score, so
    scoring loads ahead with the other deferred modules, while the main process waits for the
    workers; with a list kept it does not."""
    script = """
import sys
from types import SimpleNamespace
import related_posts
from blogkit import lazy
from blogkit.asset_cache import AssetCache, make_entry
settings = {"ASSET_CACHE_PATH": sys.argv[1]}
related_posts.related.start(SimpleNamespace(settings=settings, staged=False))
print("related_posts.scoring" in lazy.not_loaded())
cache = AssetCache(sys.argv[1], "related", 10)
cache.look_up(["0" * 32])
cache.remember("0" * 32, make_entry(cache.folder_of("0" * 32), lambda _folder: [[]]))
cache.finish()
lazy.DEFERRED.remove("related_posts.scoring")
related_posts.related.start(SimpleNamespace(settings=settings, staged=False))
print("related_posts.scoring" in lazy.not_loaded())
"""
    command = [sys.executable, "-c", script, str(tmp_path / "assets")]
    loaded = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    assert loaded == ["True", "False"]


def test_only_changed_posts_are_sent_to_the_workers(tmp_path, blog):
    content = tmp_path / "content"
    shutil.copytree(blog, content)
    settings = settings_file(tmp_path, "cached", extra="BUILD_WORKERS = 2\n")
    cache = tmp_path / "cache"
    first = build(tmp_path / "output", settings, content=content, cache=cache, extra=("--debug",))
    assert SHARED_READING.format(POSTS, 2) in first.output
    for index in range(10):  # below the few posts worth starting workers for: read in place
        post = content / "posts" / f"{post_slug(index)}.md"
        post.write_text(post.read_text() + "\nOne more paragraph.\n")
    second = build(tmp_path / "output", settings, content=content, cache=cache, extra=("--debug",))
    assert second.ok, second.output
    assert SHARED_READING.format(10, 2) in second.output
    assert "One more paragraph." in (tmp_path / "output" / post_slug(0) / "index.html").read_text()


@pytest.mark.parametrize("workers", ["'many'", "-1", "0", "True"])
def test_a_bad_worker_count_is_one_line_and_the_build_goes_on_alone(tmp_path, blog, workers):
    settings = settings_file(tmp_path, "bad", extra=f"BUILD_WORKERS = {workers}\n")
    result = build(tmp_path / "output", settings, content=blog, extra=("--debug",))
    assert result.ok, result.output
    assert result.problems == [
        f"BUILD_WORKERS is {eval(workers)!r}: it must be a number of processes or None; using 1"
    ]
    assert "parallel_build:" not in result.output.replace(result.problems[0], "")


def test_an_unchecked_pelican_version_turns_sharing_off_with_one_warning(tmp_path, blog):
    """What it relies on in Pelican was checked on one version: on another, it builds alone."""
    # Installed-package metadata ahead of Pelican's own: the build sees Pelican 4.13.0.
    metadata = tmp_path / "newer" / "pelican-4.13.0.dist-info"
    metadata.mkdir(parents=True)
    (metadata / "METADATA").write_text("Metadata-Version: 2.1\nName: pelican\nVersion: 4.13.0\n")
    shared, alone = build_both(tmp_path, blog, env={"PYTHONPATH": str(metadata.parent)})
    assert shared.ok and alone.ok, shared.output + alone.output
    assert turned_off(shared) == [
        "WARNING: parallel_build is off for this build: Pelican 4.13.0 is installed, "
        "its internals were checked on 4.12.0"
    ]
    assert "parallel_build:" not in shared.output
    assert same_tree(tmp_path / "shared", tmp_path / "alone") == []


BUILD_STAMP = '''"""A generator after Pelican's static files: it writes build-stamp.txt itself."""
from pathlib import Path

from pelican import signals


class BuildStamp:
    def __init__(self, output_path):
        self.output_path = output_path

    def generate_output(self, writer):
        Path(self.output_path, "build-stamp.txt").write_text("built\\n")


def add_stamp(generators):
    generators.append(BuildStamp(generators[0].output_path))


def register():
    signals.all_generators_finalized.connect(add_stamp)
'''


def test_a_generator_after_the_static_files_makes_the_build_write_alone(tmp_path, blog):
    """Static files must be written last, in the main process: anything after them, alone."""
    plugin = tmp_path / "more_plugins" / "build_stamp"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(BUILD_STAMP)
    settings = (
        f"PLUGIN_PATHS.append({str(plugin.parent)!r})\n"
        "PLUGINS = [name for name in PLUGINS if name != 'parallel_build']\n"
        "PLUGINS += ['build_stamp', 'parallel_build']\n"
    )
    shared, alone = build_both(tmp_path, blog, settings=settings)
    assert shared.ok and alone.ok, shared.output + alone.output
    assert turned_off(shared) == [
        "WARNING: parallel_build is off for this build: the last generator is BuildStamp, "
        "not Pelican's StaticGenerator"
    ]
    assert turned_off(alone) == []
    assert SHARED_READING.format(POSTS, 3) in shared.output  # posts are read before the list
    assert SHARED_WRITING.format(3) not in shared.output
    assert (tmp_path / "shared" / "build-stamp.txt").exists()
    assert same_tree(tmp_path / "shared", tmp_path / "alone") == []
