"""Author and CI tasks: `invoke --list` explains each one.

Every task a workflow runs lives here, so what CI does can be run locally.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from site_tools.building import run_pelican  # noqa: E402

DEV_SETTINGS = "pelicanconf.py"
PUBLISH_SETTINGS = "publishconf.py"
OUTPUT = ROOT / "output"
CACHE = ROOT / ".cache"
DEV_HOST, DEV_PORT = "127.0.0.1", 8000
# Debian packages the test suite needs beyond pip: {command it provides: package}.
SYSTEM_PACKAGES = {"java": "default-jre-headless", "chromium": "chromium"}


def _build(settings: str, output: Path, *extra: str, env: dict | None = None) -> None:
    result = run_pelican(settings, output, *extra, env=env)
    print(result.output, end="")
    if not result.ok:
        raise Exit(f"Build failed ({len(result.problems)} problem(s) above).", code=1)


@task
def clean(c):
    """Remove the built site and Pelican's content cache."""
    for path in (OUTPUT, CACHE):
        shutil.rmtree(path, ignore_errors=True)


@task
def build(c):
    """Build with the dev settings into output/ (broken posts are reported, then skipped)."""
    _build(DEV_SETTINGS, OUTPUT)


@task(pre=[clean])
def rebuild(c):
    """Clean, then build from scratch."""
    _build(DEV_SETTINGS, OUTPUT)


@task
def serve(c, port=DEV_PORT):
    """Serve output/ as it is, without rebuilding, at http://127.0.0.1:8000/."""
    from livereload import Server

    Server().serve(root=str(OUTPUT), host=DEV_HOST, port=int(port), open_url_delay=None)


@task
def livereload(c, port=DEV_PORT):
    """Build, serve and rebuild on every change (content, theme, plugins, settings, data);
    the browser reloads itself and shows the build error while there is one."""
    from site_tools.devserver import serve as serve_live

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    serve_live(DEV_SETTINGS, OUTPUT, DEV_HOST, int(port))


@task
def preview(c, port=DEV_PORT):
    """Build with the publish settings (strict: any problem stops it) and serve the result."""
    env = {"SITEURL": os.environ.get("SITEURL") or f"http://{DEV_HOST}:{port}"}
    _build(PUBLISH_SETTINGS, OUTPUT, "--delete-output-directory", env=env)
    serve(c, port=port)


@task(help={"title": "the post's title, in quotes"})
def newpost(c, title, author="The Editors", category="Career Growth"):
    """Create content/posts/<year>/<slug>.md with a metadata skeleton and print its path."""
    from site_tools.newpost import new_post

    try:
        path = new_post(title, ROOT / "content" / "posts", author, category)
    except (ValueError, FileExistsError) as error:
        raise Exit(str(error), code=1) from None
    print(path.relative_to(ROOT))


@task
def publish(c):
    """Build the site with the publish settings into output/: strict, stops on any problem."""
    _build(PUBLISH_SETTINGS, OUTPUT, "--delete-output-directory")


@task
def lint(c):
    """Check the Python code with ruff."""
    c.run("ruff check .", pty=False)
    c.run("ruff format --check .", pty=False)


@task(name="system-deps")
def system_deps(c):
    """Install the Debian packages the tests need (Java, Chromium) when they are missing."""
    missing = sorted({pkg for cmd, pkg in SYSTEM_PACKAGES.items() if not shutil.which(cmd)})
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"Install these packages to run every test: {' '.join(missing)}", file=sys.stderr)
        return
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    c.run("apt-get update -qq", env=env)
    c.run(f"apt-get install -y -qq --no-install-recommends {' '.join(missing)}", env=env)


@task(pre=[system_deps, lint])
def test(c):
    """Install missing system packages, lint, then run the whole test suite."""
    c.run(f"{sys.executable} -m pytest", pty=False)


# --- Comments (plugin comment_threads) ---------------------------------------------------------

COMMENTS = ROOT / "content" / "comments"


def _comment_tools():
    sys.path.insert(0, str(ROOT / "plugins"))
    from comment_threads import importers, store

    return importers, store


@task(
    help={
        "slug": "the post's slug: the comment goes to content/comments/<slug>/",
        "author": "the commenter's name",
        "text": "the comment in Markdown; read from stdin when left out",
        "website": "the commenter's http(s) address (optional)",
        "replyto": "file name (without .md) of the comment this one answers (optional)",
        "date": "when it was written, e.g. 2026-11-24 09:30 (default: now)",
        "into": "the comments folder (default: content/comments)",
    }
)
def comment(c, slug, author, text="", website="", replyto="", date="", into=str(COMMENTS)):
    """Add one approved comment to content/comments/<slug>/ and print its path."""
    from datetime import datetime

    from pelican.utils import get_date

    _, store = _comment_tools()
    body = text or sys.stdin.read()
    when = get_date(date) if date else datetime.now().astimezone()
    folder = Path(into) / slug
    if slug not in store.post_slugs(Path(into).parent / "posts"):
        print(f"warning: no post has the slug {slug!r}; the build will report it", file=sys.stderr)
    if replyto and not (folder / f"{replyto}.md").exists():
        raise Exit(f"{folder / replyto}.md does not exist: nothing to reply to", code=1)
    try:
        content = store.comment_text(author, when, body, website=website, replyto=replyto)
    except ValueError as error:
        raise Exit(str(error), code=1) from None
    print(store.write_comment(folder, store.new_comment_name(folder, when, author), content))


@task(
    name="import-comments",
    help={
        "file": "a Disqus XML export or a WordPress WXR file",
        "into": "the comments folder (default: content/comments)",
    },
)
def import_comments(c, file, into=str(COMMENTS)):
    """Import the comments of a Disqus or WordPress export; already imported ones are skipped."""
    importers, _ = _comment_tools()
    try:
        report = importers.import_comments(Path(file), Path(into))
    except (OSError, importers.ImportFormatError) as error:
        raise Exit(str(error), code=1) from None
    for path in report.written:
        print(path)
    print(f"{len(report.written)} comment(s) imported, {report.existing} already there")
