"""The author's tasks, run as an author runs them: invoke in a copy of the project."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_tools import localhost
from site_tools.localhost import free_port
from tests.helpers import copy_project

SEED = "content/posts/network-before-you-need-it.md"


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "site")


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def test_invoke_list_explains_every_task(project):
    listing = invoke(project, "--list").stdout
    for name in ("build", "rebuild", "clean", "serve", "livereload", "preview", "newpost",
                 "publish", "ci-build", "gh-pages", "refresh-counts", "test"):  # fmt: skip
        line = next(line for line in listing.splitlines() if line.strip().startswith(name))
        assert len(line.split(maxsplit=1)) == 2, f"{name} has no docstring"


def test_newpost_creates_a_named_draft_with_a_metadata_skeleton(project):
    result = invoke(project, "newpost", "Hello: Networking in 2027!")
    assert result.returncode == 0, result.stderr
    relative = result.stdout.strip()
    assert relative.startswith("content/posts/") and relative.endswith(
        "/hello-networking-in-2027.md"
    )
    text = (project / relative).read_text()
    skeleton = ["Title: Hello: Networking in 2027!", "Slug: hello-networking-in-2027", "Date: ",
                "Author: ", "Category: ", "Tags:", "Summary: ", "Status: draft"]  # fmt: skip
    for field in skeleton:
        assert field in text
    again = invoke(project, "newpost", "Hello: Networking in 2027!")
    assert again.returncode == 1 and "already exists" in again.stderr

    build = invoke(project, "build")
    assert build.returncode == 0, build.stdout + build.stderr
    assert (project / "output/drafts/hello-networking-in-2027/index.html").is_file()


def test_build_and_publish_tasks(project):
    (project / "content/posts/broken.md").write_text(
        "Title: Broken\nDate: not a date at all\n\nBody.\n"
    )
    dev = invoke(project, "build")
    assert dev.returncode == 0
    assert "content/posts/broken.md:2: Date 'not a date at all' is not a date" in dev.stdout
    publish = subprocess.run(
        [sys.executable, "-m", "invoke", "ci-build"],
        cwd=project, capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "SITEURL": "https://blog.example.org"},
    )  # fmt: skip
    assert publish.returncode == 1
    assert "content/posts/broken.md:2: Date 'not a date at all' is not a date" in publish.stdout
    assert "Traceback" not in publish.stdout + publish.stderr


def fetch(url: str) -> tuple[int, str]:
    """The answer, or status 0 while nothing answers yet."""
    try:
        return localhost.fetch(url, timeout=5)
    except OSError:
        return 0, ""


def wait_for(url: str, predicate, timeout: float = 30) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    status, body = 0, ""
    while time.monotonic() < deadline:
        status, body = fetch(url)
        if predicate(status, body):
            return status, body
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting on {url}: last status {status}\n{body[:500]}")


@pytest.mark.slow
def test_livereload_rebuilds_on_change_and_shows_errors(project):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", f"--port={port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    post_url = f"http://127.0.0.1:{port}/network-before-you-need-it/"
    try:
        _, body = wait_for(post_url, lambda s, b: s == 200)
        assert "Networking Saves Lives" in body
        assert "livereload.js" in body  # the browser is told to reload itself

        seed = project / SEED
        original = seed.read_text()
        seed.write_text(original.replace("Networking Saves Lives", "Networking Saved Lives", 1))
        wait_for(post_url, lambda s, b: s == 200 and "Networking Saved Lives" in b)

        # A broken post: the dev build goes on, and every page names the problem.
        (project / "content/posts/broken.md").write_text("Title: Broken\nDate: whenever\n\nx\n")
        wait_for(post_url, lambda s, b: "content/posts/broken.md:2: Date" in b)

        # Broken settings: the build stops, the server keeps running and shows why.
        settings = project / "pelicanconf.py"
        good_settings = settings.read_text()
        settings.write_text(good_settings + "\nTHIS IS NOT PYTHON\n")
        _, body = wait_for(post_url, lambda s, b: s == 500)
        assert "The build failed" in body and "SyntaxError" in body
        assert "livereload.js" in body

        settings.write_text(good_settings)
        wait_for(post_url, lambda s, b: s == 200 and "Networking Saved Lives" in b)

        # A typo in the events file: like any problem, the red box names file, line and field,
        # and the build goes on with the other events.
        events = project / "content/data/events.yaml"
        good_events = events.read_text()
        events.write_text(good_events.replace("  start:", "  strat:", 1))
        line = next(n for n, text in enumerate(good_events.splitlines(), 1) if "  start:" in text)
        problem = f"content/data/events.yaml:{line}: unknown field &#39;strat&#39;"
        _, body = wait_for(post_url, lambda s, b: s == 200 and problem in b)
        _, events_page = fetch(f"http://127.0.0.1:{port}/events/")
        assert events_page.count('class="event ') > 3, "the other events are still listed"

        events.write_text(good_events)
        wait_for(post_url, lambda s, b: s == 200 and "Networking Saved Lives" in b
                 and "events.yaml" not in b)  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=10)
