"""Fixtures and hooks: real Pelican builds of the site into temporary folders, one browser.

What tests share beyond fixtures is in tests/helpers.py.
"""

from __future__ import annotations

import fcntl
import shutil
import time
from pathlib import Path

import pytest

from site_tools.audit import CHROMIUM
from tests.helpers import (
    CHROMIUM_ARGS,
    ROOT,
    SCREENSHOTS,
    ServedSite,
    build,
    built_and_served,
    require_tool,
)

_SESSION_START = pytest.StashKey[float]()


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


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site as published, built once for the whole session."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = build(output)
    assert result.ok, result.output
    return output


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the site's content, for tests that add or break files."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


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
