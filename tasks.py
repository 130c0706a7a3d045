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
sys.path.insert(1, str(ROOT / "plugins"))  # view_counts: the import tasks

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


# --- View counts (plugins/view_counts): refresh content/data/views.yaml from a source. ----
# VIEW_COUNTS_CONTENT points the tasks at another content folder (tests, trials).


def _views_import(run, *args) -> None:
    from view_counts.importing import ImportRefused
    from view_counts.posts import site_settings

    settings = site_settings(str(ROOT / DEV_SETTINGS), os.environ.get("VIEW_COUNTS_CONTENT"))
    try:
        for line in run(settings, *args):
            print(line)
    except ImportRefused as error:
        raise Exit(str(error), code=1) from None


@task(
    name="views-logs",
    iterable=["log"],
    help={"log": "an access log, plain or gzipped, or a quoted pattern: 'access.log*' (repeat)"},
)
def views_logs(c, log):
    """Add the post views in web server access logs (common/combined, plain or .gz)."""
    from glob import glob

    from view_counts.importing import import_logs

    if not log:
        raise Exit("Give one or more logs: invoke views-logs --log 'access.log*' ...", code=1)
    _views_import(import_logs, [path for value in log for path in sorted(glob(value)) or [value]])


@task(name="views-csv", help={"source": "goatcounter or plausible", "file": "the export (CSV/zip)"})
def views_csv(c, source, file):
    """Add the post views in a GoatCounter or Plausible CSV export."""
    from view_counts.importing import import_csv

    _views_import(import_csv, source, file)


@task(name="views-api", help={"source": "goatcounter or plausible"})
def views_api(c, source):
    """Update the post views from the GoatCounter or Plausible API (token from the environment)."""
    from datetime import date

    from view_counts.importing import import_api

    _views_import(import_api, source, date.today())
