"""Pelican's own commands work as for any Pelican site, and the tasks run the same build.

A new user's first steps, in a copy of the project: the README's first line in a fresh
environment, then ``pelican content`` (with the dev and the publish settings) and
``pelican --autoreload``, with no PYTHONPATH and no path edits of their own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import venv
from pathlib import Path

import pytest

from tests.helpers import ROOT, TEST_EPOCH, TEST_SITEURL, copy_project, page, same_tree, text_of

pytestmark = pytest.mark.slow

SEED = Path("content/posts/network-before-you-need-it.md")
REBUILD_WAIT = 60.0  # seconds for pelican --autoreload to notice a save and build again


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the project and an environment where only the README's first line was run
    (the pinned packages it asks for are already installed beside it, so nothing downloads)."""
    base = tmp_path_factory.mktemp("fresh")
    project = copy_project(base / "project")
    environment = base / "venv"
    venv.create(environment, system_site_packages=True, with_pip=True)
    python = environment / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "-r", "requirements.txt"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    return project, environment / "bin"


def pelican(bin_folder: Path) -> list:
    """The ``pelican`` command of that environment (``-P``: as its script, nothing added to the
    import path)."""
    return [bin_folder / "python", "-P", "-m", "pelican"]


def run(command: list, project: Path, **env: str) -> subprocess.CompletedProcess:
    """A command in the project, as a user runs it: no PYTHONPATH, a fixed "now", and a wide
    terminal (Pelican's log cuts long paths to fit the terminal's width)."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    environment.update(SOURCE_DATE_EPOCH=TEST_EPOCH, COLUMNS="400", **env)
    return subprocess.run(
        command, cwd=project, env=environment, capture_output=True, text=True, check=False
    )


def test_pelican_content_loads_every_plugin_and_builds_what_invoke_build_builds(fresh):
    project, bin_folder = fresh
    plain = run([*pelican(bin_folder), "content", "-s", "pelicanconf.py", "-o", "A"], project)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "Cannot load plugin" not in plain.stdout + plain.stderr
    tasks = run([bin_folder / "python", "-m", "invoke", "build"], project)
    assert tasks.returncode == 0, tasks.stdout + tasks.stderr
    assert same_tree(project / "A", project / "output") == []
    # The plugins ran: the seed post shows its views and its reading time, the events page is
    # there, the seed's photo-free page still has its share card.
    seed = page(project / "A", "network-before-you-need-it/")
    assert "views" in text_of(seed.find(class_="post-meta"))
    assert (project / "A" / "events" / "index.html").is_file()
    assert seed.find("meta", property="og:image") is not None


def test_a_strict_build_with_a_broken_post_stops_before_writing_and_names_it(fresh, tmp_path):
    project, bin_folder = fresh
    content = tmp_path / "content"
    shutil.copytree(project / "content", content)
    broken = content / "posts" / "broken.md"
    broken.write_text("Title: Broken\nDate: next Tuesday\n\nText.\n", encoding="utf-8")
    output = tmp_path / "published"
    result = run(
        [*pelican(bin_folder), str(content), "-s", "publishconf.py", "-o", str(output)],
        project,
        SITEURL=TEST_SITEURL,
    )
    said = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert "broken.md:2: Date 'next Tuesday' is not a date" in said
    assert "Build stopped before writing anything" in said
    assert not output.exists() or not any(output.rglob("*.html"))


def red_box(output: Path) -> list[str]:
    """The problems the home page of a dev build shows (none when it has no red box)."""
    box = page(output, "").find(class_="build-problems")
    return [text_of(item) for item in box.find_all("li")] if box else []


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + REBUILD_WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"pelican --autoreload did not {what} within {REBUILD_WAIT:.0f} s")


def test_under_autoreload_a_fixed_post_leaves_no_problem_in_the_red_box(fresh, tmp_path):
    """Pelican builds again with the same Pelican object: each build starts with no problem."""
    project, bin_folder = fresh
    content = tmp_path / "content"
    shutil.copytree(project / "content", content)
    output = tmp_path / "output"
    command = [*pelican(bin_folder), str(content), "-s", "pelicanconf.py", "-o", str(output),
               "--autoreload", "--ignore-cache"]  # fmt: skip
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    log_file = tmp_path / "autoreload.log"
    log = log_file.open("w")
    server = subprocess.Popen(
        command, cwd=project, env={**environment, "SOURCE_DATE_EPOCH": TEST_EPOCH},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip

    def built(count: int) -> bool:
        """Pelican said ``count`` builds were done (it watches the files again only then)."""
        return log_file.read_text(errors="replace").count("Done: Processed") >= count

    try:
        wait_for(lambda: built(1), "build the site")
        assert red_box(output) == []
        seed = content / SEED.relative_to("content")
        text = seed.read_text(encoding="utf-8")
        seed.write_text(text.replace("Date: ", "Date: not a date ", 1), encoding="utf-8")
        wait_for(lambda: built(2), "build again after a save")
        assert any("is not a date" in line for line in red_box(output)), red_box(output)
        seed.write_text(text, encoding="utf-8")
        wait_for(lambda: built(3), "build again after the fix")
        assert red_box(output) == []
        assert (output / "network-before-you-need-it" / "index.html").is_file()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()


def test_no_module_of_the_site_edits_the_import_path():
    """pyproject.toml makes the project importable; only publishconf.py adds its own folder,
    as Pelican's quickstart does, to import pelicanconf.py."""
    needle = "sys" + ".path"  # not this file's own words
    tracked = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()  # fmt: skip
    sources = [ROOT / name for name in tracked]  # not the tools' own venvs (.venv-isso, ...)
    editing = [str(path.relative_to(ROOT)) for path in sources
               if needle in path.read_text(encoding="utf-8")]  # fmt: skip
    assert editing == ["publishconf.py"]
