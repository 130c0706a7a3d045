"""Publishing without GitHub Actions, against real local targets: a folder over rsync and a
bare git repository through ghp-import. A failed build or check must send nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from site_tools.localhost import free_port
from site_tools.publishing import check_site
from tests.helpers import TEST_EPOCH, TEST_SITEURL, build, copy_project, reproducible, require_tool

PUBLISH_VARIABLES = ("SITEURL", "PUBLISH_RSYNC_TARGET", "GH_PAGES_REMOTE", "GH_PAGES_BRANCH",
                     "GOATCOUNTER_TOKEN", "PLAUSIBLE_TOKEN")  # fmt: skip
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}
BROKEN_POST = "Title: Broken\nDate: not a date at all\n\nBody.\n"
BROKEN_LINK_POST = (
    "Title: Dangling\nDate: 2026-11-01 09:00\nCategory: Career Growth\n"
    f"Summary: A post with a dead link.\n\nSee [this page]({TEST_SITEURL}/no-such-page/).\n"
)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **GIT_IDENTITY}, check=True)  # fmt: skip
    return done.stdout


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project, committed to its own git repository."""
    copy = copy_project(tmp_path / "site")
    git(copy, "init", "-q", "-b", "main")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "site")
    return copy


def invoke(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PUBLISH_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project, capture_output=True, text=True, check=False, timeout=180,
        env={**clean, **GIT_IDENTITY, "SOURCE_DATE_EPOCH": TEST_EPOCH, **env},
    )  # fmt: skip


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time: what a reader of the live site could see."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_publish_rsyncs_the_checked_site_and_sends_nothing_when_a_check_fails(
    project, tmp_path, site
):
    require_tool(shutil.which("rsync") is not None, "rsync (Debian package rsync)")
    live = tmp_path / "live"
    live.mkdir()
    (live / "stale.html").write_text("from an older site")
    target = {"SITEURL": TEST_SITEURL, "PUBLISH_RSYNC_TARGET": f"{live}/"}

    sent = invoke(project, "publish", **target)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert f"Published {TEST_SITEURL} to {live}/" in sent.stderr
    # The live folder is exactly the published site (same commit, same SOURCE_DATE_EPOCH).
    assert {name: data for name, (data, _) in snapshot(live).items() if reproducible(name)} == {
        name: data for name, (data, _) in snapshot(site).items() if reproducible(name)
    }
    assert not (live / "stale.html").exists()
    before = snapshot(live)

    (project / "content/posts/broken.md").write_text(BROKEN_POST)
    refused = invoke(project, "publish", **target)
    assert refused.returncode == 1
    assert "content/posts/broken.md:2: Date 'not a date at all' is not a date" in refused.stdout
    assert refused.stderr.strip().splitlines()[-1].startswith("Nothing was sent: the build failed")
    assert "Traceback" not in refused.stdout + refused.stderr
    assert snapshot(live) == before

    (project / "content/posts/broken.md").write_text(BROKEN_LINK_POST)
    refused = invoke(project, "publish", **target)
    assert refused.returncode == 1
    # The build itself finds the dead link (link_check), at its source line, before writing.
    assert (
        f"content/posts/broken.md:6: link '{TEST_SITEURL}/no-such-page/' leads to no page of "
        "this site (no-such-page/index.html is not written)"
    ) in refused.stdout
    assert refused.stderr.strip().splitlines()[-1].startswith("Nothing was sent: the build failed")
    assert snapshot(live) == before


def test_a_published_site_is_the_live_site_its_posts_count_views(project, tmp_path):
    """`invoke publish` (and gh-pages, through the same fresh build) sets SITE_DEPLOY=1."""
    require_tool(shutil.which("rsync") is not None, "rsync (Debian package rsync)")
    settings = project / "pelicanconf.py"
    settings.write_text(
        settings.read_text() + 'VIEW_COUNTS_GOATCOUNTER_URL = "https://blog.goatcounter.com"\n'
    )
    live = tmp_path / "live"
    sent = invoke(project, "publish", SITEURL=TEST_SITEURL, PUBLISH_RSYNC_TARGET=f"{live}/")
    assert sent.returncode == 0, sent.stdout + sent.stderr
    post = (live / "network-before-you-need-it" / "index.html").read_text()
    assert 'data-send="https://blog.goatcounter.com/count?p=%2Fnetwork-before-you-need-it%2F"' in (
        post
    )


def test_a_failed_transfer_is_reported_in_one_line(project, tmp_path):
    require_tool(shutil.which("rsync") is not None, "rsync (Debian package rsync)")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the target's parent folder should be")
    target = f"{blocker}/live/"
    result = invoke(project, "publish", SITEURL=TEST_SITEURL, PUBLISH_RSYNC_TARGET=target)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Sending failed: rsync to {target} failed: ")
    assert "Traceback" not in result.stdout + result.stderr
    assert blocker.read_text().startswith("a file where")


def test_gh_pages_pushes_the_checked_site_to_a_bare_repository(project, tmp_path):
    remote = tmp_path / "pages.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    (project / "content/extra").mkdir()
    (project / "content/extra/CNAME").write_text("blog.example.org\n")
    target = {"SITEURL": TEST_SITEURL, "GH_PAGES_REMOTE": str(remote)}

    sent = invoke(project, "gh-pages", **target)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {"index.html", "CNAME", ".nojekyll", "feeds/all.atom.xml", "sitemap.xml"} <= set(files)
    assert "network-before-you-need-it/index.html" in files
    assert git(remote, "show", "gh-pages:CNAME") == "blog.example.org\n"
    assert 'href="/authors/"' in git(remote, "show", "gh-pages:index.html")
    first = git(remote, "rev-parse", "gh-pages").strip()

    (project / "content/posts/broken.md").write_text(BROKEN_POST)
    refused = invoke(project, "gh-pages", **target)
    assert refused.returncode == 1
    assert "Nothing was sent: the build failed" in refused.stderr
    assert git(remote, "rev-parse", "gh-pages").strip() == first

    # A good change goes on top of the published history.
    (project / "content/posts/broken.md").unlink()
    seed = project / "content/posts/network-before-you-need-it.md"
    seed.write_text(seed.read_text().replace("Networking Saves Lives", "Networking Saved Lives"))
    sent = invoke(project, "gh-pages", **target)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert git(remote, "rev-parse", "gh-pages~1").strip() == first
    post = git(remote, "show", "gh-pages:network-before-you-need-it/index.html")
    assert "Networking Saved Lives" in post


@pytest.mark.parametrize(
    ("task", "env", "line"),
    [
        ("publish", {"PUBLISH_RSYNC_TARGET": "/tmp/never/"},
         "SITEURL is not set: set it in publishconf.py or in the SITEURL environment variable"),
        ("publish", {"SITEURL": TEST_SITEURL},
         "PUBLISH_RSYNC_TARGET is not set: set it in publishconf.py or in the "
         "PUBLISH_RSYNC_TARGET environment variable"),
        ("gh-pages", {"SITEURL": TEST_SITEURL, "GH_PAGES_REMOTE": "nowhere"},
         "GH_PAGES_REMOTE 'nowhere' is not a git remote of this repository: set it in "
         "publishconf.py or in the GH_PAGES_REMOTE environment variable"),
        ("gh-pages", {"GH_PAGES_REMOTE": "/tmp/never.git"},
         "SITEURL is not set: set it in publishconf.py"),
        ("ci-build", {}, "SITEURL is not set: set it in publishconf.py"),
    ],
)  # fmt: skip
def test_missing_publish_settings_stop_with_one_line_before_building(project, task, env, line):
    result = invoke(project, task, **env)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Nothing was sent: ")
    assert line in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    # Nothing was built: no output, no cache, no build log.
    assert not (project / "output").exists() and not (project / ".cache").exists()
    assert result.stdout == ""
    assert not Path("/tmp/never").exists()


def test_site_checks_find_broken_links_feeds_and_calendars(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    assert check_site(copy, TEST_SITEURL) == []

    good_calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:1@example.org\r\nDTSTAMP:20261124T120000Z\r\nDTSTART:20261201T180000Z\r\n"
        "SUMMARY:Meetup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (copy / "events.ics").write_text(good_calendar)
    assert check_site(copy, TEST_SITEURL) == []

    (copy / "events.ics").write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n")
    feed = copy / "feeds/all.atom.xml"
    feed.write_bytes(feed.read_bytes()[:-40])
    (copy / "network-before-you-need-it/index.html").unlink()
    problems = check_site(copy, TEST_SITEURL)
    assert any(p.startswith("feeds/all.atom.xml: feed does not parse") for p in problems)
    assert any(p.startswith("events.ics: calendar does not parse") for p in problems)
    assert "broken link in archives/2016/06/index.html: /network-before-you-need-it/" in (problems)


def test_a_publish_whose_index_fails_sends_nothing(project, tmp_path):
    require_tool(shutil.which("rsync") is not None, "rsync (Debian package rsync)")
    live = tmp_path / "live"
    live.mkdir()
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: the index exploded' >&2\nexit 3\n")
    broken.chmod(0o755)
    refused = invoke(project, "publish", SITEURL=TEST_SITEURL, PUBLISH_RSYNC_TARGET=f"{live}/",
                     PAGEFIND_BINARY_PATH=str(broken))  # fmt: skip
    assert refused.returncode == 1
    assert ": Error: the index exploded" in refused.stdout
    assert refused.stderr.strip().splitlines()[-1].startswith("Nothing was sent: the build failed")
    assert "Traceback" not in refused.stdout + refused.stderr
    assert list(live.iterdir()) == []


def test_cname_in_content_extra_is_published_at_the_root(content_copy, tmp_path, site):
    assert not (site / "CNAME").exists()
    (content_copy / "extra").mkdir(exist_ok=True)
    (content_copy / "extra/CNAME").write_text("news.example.org\n")
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert result.ok, result.output
    assert (output / "CNAME").read_text() == "news.example.org\n"
    assert not (output / "extra").exists()


def test_refresh_counts_skips_cleanly_without_a_source(project):
    result = invoke(project, "refresh-counts")
    assert result.returncode == 0, result.stderr
    assert (
        "No analytics source (VIEW_COUNTS_GOATCOUNTER_URL, GOATCOUNTER_TOKEN, PLAUSIBLE_TOKEN)"
        in result.stdout
    )


VIEWS_TASK_STANDIN = """

@task(name="views-api")
def views_api(c, source):
    \"\"\"Stand-in for the view-count importer: records each call; a token 'down' fails.\"\"\"
    token = os.environ.get(source.upper() + '_TOKEN')
    with open("views-calls.txt", "a") as calls:
        calls.write(f"{source} {token}\\n")
    if token == "down":
        raise Exit(f"https://{source}.example: HTTP 503 Service Unavailable", code=1)
"""


def test_refresh_counts_runs_the_importer_once_per_configured_source(project):
    tasks = project / "tasks.py"
    # A stand-in for the importer (it replaces the real one, of the same name, in this copy).
    tasks.write_text(tasks.read_text() + VIEWS_TASK_STANDIN)
    result = invoke(project, "refresh-counts", GOATCOUNTER_TOKEN="g", PLAUSIBLE_TOKEN="p")
    assert result.returncode == 0, result.stderr
    assert (project / "views-calls.txt").read_text().splitlines() == [
        "goatcounter g",
        "plausible p",
    ]
    (project / "views-calls.txt").unlink()
    result = invoke(project, "refresh-counts", PLAUSIBLE_TOKEN="p")
    assert (project / "views-calls.txt").read_text().splitlines() == ["plausible p"]


def test_refresh_counts_reads_goatcounter_without_a_token_and_survives_a_failed_source(project):
    tasks = project / "tasks.py"
    tasks.write_text(tasks.read_text() + VIEWS_TASK_STANDIN)
    settings = project / "pelicanconf.py"
    settings.write_text(
        settings.read_text() + 'VIEW_COUNTS_GOATCOUNTER_URL = "https://blog.goatcounter.com"\n'
    )
    result = invoke(project, "refresh-counts", PLAUSIBLE_TOKEN="down", GITHUB_ACTIONS="true")
    assert result.returncode == 0, result.stderr  # the deploy goes on with the counts it has
    assert (project / "views-calls.txt").read_text().splitlines() == [
        "goatcounter None",
        "plausible down",
    ]
    assert result.stderr.splitlines()[-1] == (
        "::warning::view counts from plausible were not refreshed (see the line above); "
        "they are left as they are"
    )


def test_invoke_preview_never_counts_page_views(project):
    """Even with SITE_DEPLOY=1 in the environment: a preview is not the live site."""
    settings = project / "pelicanconf.py"
    settings.write_text(
        settings.read_text() + 'VIEW_COUNTS_GOATCOUNTER_URL = "https://blog.goatcounter.com"\n'
    )
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if k not in PUBLISH_VARIABLES}
    preview = subprocess.Popen(
        [sys.executable, "-m", "invoke", "preview", "--port", str(port)],
        cwd=project, env={**clean, "SITE_DEPLOY": "1", "SOURCE_DATE_EPOCH": TEST_EPOCH},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        post = wait_for_page(f"http://127.0.0.1:{port}/network-before-you-need-it/", preview)
    finally:
        os.killpg(preview.pid, signal.SIGTERM)
        preview.wait(timeout=30)
    assert "Network Before You Need It" in post
    assert "data-send" not in post and "goatcounter" not in post


def wait_for_page(url: str, process: subprocess.Popen, seconds: float = 120) -> str:
    """The page once the server answers (while ``process`` still runs)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} was not served (exit code {process.poll()})")
