"""Shared fixtures: real Pelican builds of the site into temporary folders."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_tools.audit import CHROME_FLAGS, CHROMIUM  # noqa: E402
from site_tools.building import BuildResult, run_pelican  # noqa: E402
from site_tools.localhost import free_port, served  # noqa: E402

TEST_SITEURL = "https://blog.example.org"
# 2026-11-24 12:00 UTC: a fixed "now" so every build of the suite is the same.
TEST_EPOCH = "1795521600"
# Where the browser tests write their screenshots; the end of the run says so.
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
_SESSION_START = pytest.StashKey[float]()
IN_CI = os.environ.get("CI", "").lower() == "true"
# Debian's Chromium with the audit's flags (Playwright adds --headless itself).
CHROMIUM_ARGS = [flag for flag in CHROME_FLAGS if flag != "--headless"]


def pytest_sessionstart(session):
    session.config.stash[_SESSION_START] = time.time()


# --- Tests that need the machine to themselves -----------------------------------------------
#
# The suite runs in several processes (pytest-xdist, ``-n auto`` in pyproject.toml). Lighthouse
# times the page's main thread, so its performance score must not share the CPU with a build in
# another worker: a test marked ``lighthouse`` (or whose name says Lighthouse) runs alone. Every
# test holds a shared lock for all of its setup, call and teardown (module and session fixtures
# included); a Lighthouse test holds it exclusively. A gate taken first makes a waiting
# Lighthouse test go next: no new test starts in another worker once it waits.


def runs_alone(item: pytest.Item) -> bool:
    return "lighthouse" in item.originalname or item.get_closest_marker("lighthouse") is not None


# Under pytest-xdist each module runs whole in one worker (``--dist loadfile``), in this order
# first: the longest modules, so that none of them is left to run alone at the end, and the
# Lighthouse ones after the image gallery's first (cold) encoding, which a Lighthouse test would
# otherwise wait for. Only the order changes; a module not named here runs after these.
LONGEST_FIRST = [
    "test_images.py",
    "test_browser_quality.py",
    "test_publishing.py",
    "test_dev_loop.py",
    "test_audit.py",
    "test_page_views.py",
    "test_search_browser.py",
    "test_events_bad_input.py",
    "test_parallel_build.py",
    "test_view_counts.py",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "lighthouse" in item.originalname:
            item.add_marker(pytest.mark.lighthouse)
    if getattr(config, "workerinput", None) is not None:
        rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
        items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def _run_lock_files(config) -> tuple[Path, Path] | None:
    """This run's lock files, shared by its workers (None without pytest-xdist)."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        return None
    # A worker's basetemp is a folder of the run's own (pytest keeps the last three runs').
    folder = Path(config.option.basetemp).parent
    return folder / "alone.gate", folder / "alone.lock"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    files = _run_lock_files(item.config)
    if files is None:
        return (yield)
    gate_path, lock_path = files
    with open(gate_path, "a") as gate, open(lock_path, "a") as lock:
        fcntl.flock(gate, fcntl.LOCK_EX)
        alone = runs_alone(item)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        finally:
            if not alone:
                fcntl.flock(gate, fcntl.LOCK_UN)
        try:
            return (yield)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            if alone:
                fcntl.flock(gate, fcntl.LOCK_UN)


def pytest_terminal_summary(terminalreporter, config):
    """Say where this run's screenshots are (the browser tests write them)."""
    start = config.stash.get(_SESSION_START, 0.0)
    taken = [path for path in SCREENSHOTS.glob("*.png") if path.stat().st_mtime >= start]
    if taken:
        terminalreporter.write_sep("-", f"{len(taken)} screenshots in {SCREENSHOTS}")


def require_tool(available: bool, what: str) -> None:
    """Skip locally when a tool is missing; in CI a missing tool is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not installed")
    pytest.skip(f"{what} is not installed")


NU_CHECKER = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_html_check(root: Path) -> tuple[int, set[Path], str]:
    """The Nu HTML checker (npm ``vnu-jar``, pinned) over every page and style sheet under root.

    Returns its exit code, the files it says it checked, and its messages.
    """
    require_tool(shutil.which("java") is not None, "Java (for the Nu HTML checker)")
    require_tool(NU_CHECKER.is_file(), "the Nu HTML checker (npm ci: vnu-jar)")
    files = sorted(str(path) for pattern in ("*.html", "*.css") for path in root.rglob(pattern))
    result = subprocess.run(
        ["java", "-jar", str(NU_CHECKER), "--also-check-css", "--verbose", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    checked = {Path(line) for line in output.splitlines() if line and not line.startswith('"')}
    return result.returncode, checked, output


def build(
    output: Path,
    settings: str = "publishconf.py",
    content: Path | None = None,
    env: dict | None = None,
    cache: Path | None = None,
    extra: tuple[str, ...] = (),
) -> BuildResult:
    """One real Pelican build of the repository's site (or of another content folder)."""
    env = {"SITEURL": TEST_SITEURL, "SOURCE_DATE_EPOCH": TEST_EPOCH, **(env or {})}
    cache = cache or output.parent / f"{output.name}-cache"
    return run_pelican(
        settings,
        output,
        "--cache-path",
        str(cache),
        *extra,
        env=env,
        content=str(content or ROOT / "content"),
    )


def settings_file(folder: Path, name: str, base: str = "pelicanconf", extra: str = "") -> str:
    """A settings file in ``folder``: the site's ``base`` settings plus ``extra`` lines.

    Theme and plugin paths are made absolute: Pelican reads relative ones from the settings
    file's own folder.
    """
    path = folder / f"{name}.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom {base} import *  # noqa\n"
        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n{extra}"
    )
    return str(path)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site as published, built once for the whole session."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = build(output)
    assert result.ok, result.output
    return output


PROJECT_FILES = ("content", "theme", "plugins", "site_tools", "tasks.py", "pelicanconf.py",
                 "publishconf.py")  # fmt: skip


def copy_project(target: Path) -> Path:
    """What an author's checkout holds (no tests, no git), copied to ``target``."""
    target.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the site's content, for tests that add or break files."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


@dataclass
class ServedSite:
    """A site built for its own local address and served there over HTTP."""

    url: str
    root: Path


@contextlib.contextmanager
def built_and_served(output: Path, content: Path | None = None) -> Iterator[ServedSite]:
    """A publish build made for http://127.0.0.1:<free port> and served there during the block."""
    port = free_port()
    result = build(output, content=content, env={"SITEURL": f"http://127.0.0.1:{port}"})
    assert result.ok, result.output
    with served(output, port) as url:
        yield ServedSite(url, output)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> ServedSite:
    """The published site built for http://127.0.0.1:<port> and served there, for browsers."""
    with built_and_served(tmp_path_factory.mktemp("served") / "output") as site:
        yield site


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    require_tool(Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM} (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_tool(False, "the playwright package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
