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

from site_tools.building import run_pelican

ROOT = Path(__file__).resolve().parent

DEV_SETTINGS = "pelicanconf.py"
PUBLISH_SETTINGS = "publishconf.py"
OUTPUT = ROOT / "output"
CACHE = ROOT / ".cache"
DEV_HOST, DEV_PORT = "127.0.0.1", 8000
# Debian packages the test suite needs beyond pip: {command it provides: package}.
SYSTEM_PACKAGES = {
    "java": "default-jre-headless",
    "chromium": "chromium",
    "rsync": "rsync",
    "npm": "npm",
    "gcc": "gcc",  # misaka, a dependency of Isso (requirements-isso.txt), is built from source
}


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


@task(name="search-index")
def search_index(c):
    """Index output/ with Pagefind for the search page (a publish build does this itself).

    Dev builds skip it so a save rebuilds fast: run it after `invoke build`; a dev server can run
    it in the background after each build (site_search.indexing.index_site)."""
    from site_search.indexing import IndexingFailed, index_site

    try:
        print(index_site(OUTPUT).summary)
    except IndexingFailed as error:
        raise Exit(str(error), code=1) from None


@task(pre=[clean])
def rebuild(c):
    """Clean, then build from scratch."""
    _build(DEV_SETTINGS, OUTPUT)


@task
def serve(c, port=DEV_PORT):
    """Serve output/ as it is, without rebuilding, at http://127.0.0.1:8000/."""
    from livereload import Server

    Server().serve(root=str(OUTPUT), host=DEV_HOST, port=int(port), open_url_delay=None)


@task(help={"port": "the port to serve on (8000)", "host": "the address to serve on (127.0.0.1)"})
def livereload(c, port=DEV_PORT, host=DEV_HOST):
    """Serve with live reload: a saved change shows on the open page at once; errors shown.

    Watches content/ (data files included), theme/, plugins/ and both settings files; see
    docs/dev-loop.md."""
    from site_tools.building import pelican_arguments
    from site_tools.devserver import serve as serve_live

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    serve_live(pelican_arguments(DEV_SETTINGS, OUTPUT), OUTPUT, host, int(port))


@task
def preview(c, port=DEV_PORT):
    """Build with the publish settings (strict: any problem stops it) and serve the result.

    Never a build of the live site: its pages count no views, whatever SITE_DEPLOY says."""
    from site_tools.publishing import DEPLOY_VARIABLE

    env = {"SITEURL": os.environ.get("SITEURL") or f"http://{DEV_HOST}:{port}", DEPLOY_VARIABLE: ""}
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
def lint(c):
    """Check the Python code with ruff."""
    c.run("ruff check .", pty=False)
    c.run("ruff format --check .", pty=False)


@task(name="system-deps")
def system_deps(c):
    """Install the Debian packages the tests need (Java, Chromium, rsync, npm, gcc) if missing."""
    missing = sorted({pkg for cmd, pkg in SYSTEM_PACKAGES.items() if not shutil.which(cmd)})
    if not missing:
        return
    # As root, or through password-less sudo (as on GitHub's runners).
    sudo = "" if os.geteuid() == 0 else "sudo -n "
    can_sudo = sudo and shutil.which("sudo") and c.run("sudo -n true", warn=True, hide=True).ok
    if not shutil.which("apt-get") or (sudo and not can_sudo):
        print(f"Install these packages to run every test: {' '.join(missing)}", file=sys.stderr)
        return
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    c.run(f"{sudo}apt-get update -qq", env=env)
    c.run(f"{sudo}apt-get install -y -qq --no-install-recommends {' '.join(missing)}", env=env)


# --- Quality checks: Node tools (axe-core, Lighthouse) and the Lighthouse audit ---------------


@task(name="node-deps")
def node_deps(c):
    """`npm ci` the pinned axe-core and Lighthouse when node_modules/ is missing or stale."""
    installed = ROOT / "node_modules" / ".package-lock.json"
    lock = ROOT / "package-lock.json"
    if installed.is_file() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    if not shutil.which("npm"):
        print("Install npm to run the accessibility checks and the audit.", file=sys.stderr)
        return
    c.run("npm ci --no-audit --no-fund", pty=False)


@task(pre=[node_deps])
def audit(c):
    """Lighthouse (mobile) on a publish build served locally; fails below site_tools/audit.py's bar.

    Prints the four scores, total bytes and request count of each audited page."""
    from site_tools.audit import audit_site, report

    results = audit_site()
    print(report(results))
    failures = [problem for result in results for problem in result.problems]
    if failures:
        raise Exit("Below the audit thresholds:\n" + "\n".join(failures), code=1)


@task(pre=[system_deps, node_deps, lint])
def test(c):
    """Install missing system and Node packages, lint, then run the whole test suite."""
    c.run(f"{sys.executable} -m pytest", pty=False)


# --- Deploying: CI's build, and publishing without GitHub Actions (README, "Deploying") ---


def _publishing(route, *args):
    """Run one publish route with its log on the terminal; a refused publish is one line."""
    from site_tools.publishing import BuildFailed, PublishError, TransferFailed

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        return route(*args)
    except BuildFailed as error:
        print(error.result.output, end="")
        raise Exit(f"Nothing was sent: {error}.", code=1) from None
    except TransferFailed as error:
        raise Exit(f"Sending failed: {error}.", code=1) from None
    except PublishError as error:
        raise Exit(f"Nothing was sent: {error}.", code=1) from None


def _ci_siteurl() -> str:
    from site_tools.publishing import read_publish_settings, site_url

    return _publishing(lambda: site_url(read_publish_settings(ROOT)))


@task(name="ci-build")
def ci_build(c):
    """Strict publish build into a fresh output/, then check links, feeds, calendars (CI).

    SITEURL comes from the environment (CI reads it from the Pages configuration). The site
    names the commit it was built from in commit.txt, for the next run's `ci-scope`."""
    from site_tools.ci_scope import write_commit_file
    from site_tools.publishing import build_checked

    _publishing(build_checked, ROOT, OUTPUT, _ci_siteurl())
    write_commit_file(ROOT, OUTPUT)


@task(name="ci-checks")
def ci_checks(c):
    """Check output/ as the suite does: Nu HTML checker, the pages' budgets (CI).

    After ci-build: every page and style sheet through the Nu HTML checker, the first load of
    the seed article and of every event's page within its bytes and requests. Needs Java and
    `invoke node-deps`; SITEURL as for ci-build."""
    from site_tools.sitecheck import (
        budget_problems,
        budgeted_pages,
        html_problems,
        nu_checker_missing,
    )

    siteurl = _ci_siteurl()
    missing = nu_checker_missing()
    if missing:
        raise Exit(f"Cannot check the site: {missing} is not installed.", code=1)
    problems = html_problems(OUTPUT)
    for page in budgeted_pages(OUTPUT):
        problems += budget_problems(OUTPUT, siteurl, page)
    if problems:
        raise Exit(
            "\n".join([*problems, f"The built site failed {len(problems)} check(s)."]), code=1
        )
    print(f"{OUTPUT.name}/ passed the Nu HTML checker and the first-load budgets.")


@task(name="deployed-commit", help={"site": "the live site's address, https://..."})
def deployed_commit(c, site):
    """Print the commit the live site was built from (its commit.txt), nothing when unknown.

    Why it is unknown is one line on stderr; `ci-scope` then chooses the full run."""
    from site_tools.ci_scope import deployed_commit as read_deployed_commit

    commit, reason = read_deployed_commit(site)
    print(reason, file=sys.stderr)
    if commit:
        print(commit)


@task(name="ci-scope", help={"base": "the deployed commit (`invoke deployed-commit`); empty: none"})
def ci_scope(c, base=""):
    """Print `content` or `full` (the last line; why, before it): what this CI run checks.

    `content` when only content/ changed since the deployed commit (the site's checks, no test
    suite); `full` for anything else, and whenever the deployed commit is unknown."""
    from site_tools.ci_scope import decide

    scope = decide(ROOT, base)
    print(scope.reason)
    print(scope.name)


@task
def publish(c):
    """Build and check the site in a fresh folder, then rsync it to PUBLISH_RSYNC_TARGET.

    The target is user@host:/path/ (or a local folder); a failed build or check sends nothing."""
    from site_tools.publishing import publish_rsync

    _publishing(publish_rsync, ROOT)


@task(name="gh-pages")
def gh_pages(c):
    """Build and check the site in a fresh folder, then ghp-import it to a branch and push.

    GH_PAGES_BRANCH (gh-pages) goes to GH_PAGES_REMOTE (origin); a failed check sends nothing."""
    from site_tools.publishing import publish_gh_pages

    _publishing(publish_gh_pages, ROOT)


@task(name="refresh-counts")
def refresh_counts(c):
    """Refresh view counts from GoatCounter (when VIEW_COUNTS_GOATCOUNTER_URL is set) and from
    each source whose token is set; a source that fails is one line, the counts stay as they were.

    Tokens: GOATCOUNTER_TOKEN (without it, GoatCounter's public counter), PLAUSIBLE_TOKEN."""
    from view_counts.settings import TOKEN_ENV, sources_to_refresh

    sources = sources_to_refresh(_site_settings(), os.environ)
    if not sources:
        print(f"No analytics source (VIEW_COUNTS_GOATCOUNTER_URL, {', '.join(TOKEN_ENV.values())}):"
              " view counts are left as they are.")  # fmt: skip
        return
    for source in sources:
        result = c.run(f"{sys.executable} -m invoke views-api --source {source}", warn=True,
                       pty=False)  # fmt: skip
        if result.failed:
            # An annotation on the run's page in GitHub Actions; the deploy goes on.
            mark = "::warning::" if os.environ.get("GITHUB_ACTIONS") == "true" else ""
            print(f"{mark}view counts from {source} were not refreshed (see the line above); "
                  "they are left as they are", file=sys.stderr)  # fmt: skip


def _site_settings(content: str | os.PathLike | None = None) -> dict:
    """The dev settings as a build reads them, for another content folder when given."""
    from blogkit.settings import SettingsError, read_site_settings

    override = {"PATH": os.path.abspath(content)} if content else None
    try:
        return read_site_settings(ROOT / DEV_SETTINGS, override=override)
    except SettingsError as error:
        raise Exit(str(error), code=1) from None


# --- Comments (plugin comment_threads) ---------------------------------------------------------

COMMENTS = ROOT / "content" / "comments"


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
    from comment_threads.importing import store

    comments = Path(into)
    try:  # a slug or reply that could name another folder is refused before stdin is read
        folder = store.comment_folder(comments, slug)
        if replyto:
            store.check_reply_target(folder, replyto)
        body = text or sys.stdin.read()
        when = store.written_at(date)
        content = store.comment_text(author, when, body, website=website, replyto=replyto)
        path = store.comment_path(comments, slug, store.new_comment_name(folder, when, author))
    except ValueError as error:
        raise Exit(str(error), code=1) from None
    from blogkit.posts import read_posts  # Pelican's readers: only once the comment is valid

    if slug not in {post.slug for post in read_posts(_site_settings(comments.parent))}:
        print(f"warning: no post has the slug {slug!r}; the build will report it", file=sys.stderr)
    print(store.write_comment(path, content))


@task(
    name="import-comments",
    help={
        "file": "a Disqus XML export or a WordPress WXR file",
        "into": "the comments folder (default: content/comments)",
    },
)
def import_comments(c, file, into=str(COMMENTS)):
    """Import the comments of a Disqus or WordPress export; already imported ones are skipped.

    A comment whose post or id could name another folder is refused in one line; the rest
    are imported."""
    from blogkit.posts import post_index
    from comment_threads.importing import importers

    index = post_index(_site_settings(Path(into).parent))
    try:
        report = importers.import_comments(Path(file), Path(into), index)
    except (OSError, importers.ImportFormatError) as error:
        raise Exit(str(error), code=1) from None
    _print_import(report.written, report.refused, report.summary())


def _print_import(written, problems, summary: str) -> None:
    """What an import or a pull wrote (a path a line), its problems on stderr, then its count."""
    for path in written:
        print(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary)


@task(
    name="comments-pull",
    help={
        "isso": "Isso's address (default: the COMMENTS_ISSO_URL setting)",
        "prune": "remove the isso-*.md files of comments no longer approved in Isso",
        "into": "the comments folder (default: content/comments)",
        "timeout": "seconds to wait for Isso each time (10; a whole answer gets three times that)",
    },
)
def comments_pull(c, isso="", prune=False, into=str(COMMENTS), timeout=10.0):
    """Copy every comment approved in Isso into content/comments/<slug>/isso-<id>.md.

    Pulling again writes nothing; a comment edited in Isso is written again. A fault of Isso
    is one line and writes nothing; a comment that cannot be pulled is one line, skipped."""
    from blogkit.posts import post_index
    from comment_threads.importing.isso import PullFailed, pull_comments

    settings = _site_settings(Path(into).parent)
    address = isso or settings.get("COMMENTS_ISSO_URL", "")
    if not address:
        raise Exit("No Isso to pull from: set COMMENTS_ISSO_URL or pass --isso.", code=1)
    try:
        report = pull_comments(
            address, Path(into), post_index(settings), settings, prune, float(timeout)
        )
    except PullFailed as error:
        raise Exit(f"comments not pulled: {error}", code=1) from None
    _print_import(report.written + report.updated, report.refused, report.summary())


@task(
    name="import-posts",
    help={
        "source": "a WordPress export (WXR) file, or an RSS/Atom feed's file or http(s) address",
        "into": "the content folder (default: content)",
        "kind": "what the source must be: wxr or feed (default: whichever it is)",
    },
)
def import_posts(c, source, into=str(ROOT / "content"), kind=""):
    """Import the posts of a WordPress export or a full-content feed as Markdown posts, their
    images into content/images/<slug>/; posts already there are left alone.

    Each post, image or feed item that cannot be imported is one line; the rest are imported
    (docs/migrating.md)."""
    from site_tools.post_import.writing import ImportFailed
    from site_tools.post_import.writing import import_posts as run_import

    try:
        report = run_import(source, Path(into), kind)
    except ImportFailed as error:
        raise Exit(str(error), code=1) from None
    _print_import([*report.posts, *report.images], report.problems, report.summary())


@task(
    name="comments-server",
    help={
        "port": "the port Isso listens on (8080)",
        "site": f"the dev site's address, for CORS (http://{DEV_HOST}:{DEV_PORT})",
        "data": "the folder of Isso's database and config (.isso)",
    },
)
def comments_server(c, port=8080, site=f"http://{DEV_HOST}:{DEV_PORT}", data=".isso"):
    """Run Isso locally from isso.cfg (its queue in .isso/comments.db), beside `invoke livereload`.

    Activation links of new comments are printed here; `invoke comments-pull --isso` copies the
    approved ones into content/comments/. Stop it with Ctrl-C."""
    import signal

    from site_tools.isso_server import IssoUnavailable, local_config, running_isso

    folder = ROOT / data
    folder.mkdir(parents=True, exist_ok=True)
    origins = {site, site.replace("127.0.0.1", "localhost")}
    config = local_config(folder / "isso.cfg", folder / "comments.db", int(port),
                          "\n".join(sorted(origins)))  # fmt: skip
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stops Isso too, as Ctrl-C does
    try:
        with running_isso(config, int(port), echo=True) as isso:
            print(f"Isso answers on {isso.url}. In another terminal:\n"
                  f"  COMMENTS_ISSO_URL={isso.url} python3 -m invoke livereload\n"
                  f"and, once comments are approved:\n"
                  f"  python3 -m invoke comments-pull --isso {isso.url}", flush=True)  # fmt: skip
            isso.process.wait()
    except IssoUnavailable as error:
        raise Exit(str(error), code=1) from None
    except KeyboardInterrupt:
        pass


@task(name="ci-comments", help={"push": "push the commit to main (CI); --no-push: commit only"})
def ci_comments(c, push=True):
    """CI: pull what Isso approved and commit it (content/comments/ only) to main.

    Without COMMENTS_ISSO_URL it does nothing. A failed pull or push is one warning line and the
    site is built with the comments already in the repository. The new commit, if any, is the
    step's output ``commit`` in GitHub Actions."""
    from site_tools.comments_ci import CommitFailed, commit_pulled_comments

    if not _site_settings().get("COMMENTS_ISSO_URL"):
        print("No COMMENTS_ISSO_URL: no comments to pull.")
        return
    mark = "::warning::" if os.environ.get("GITHUB_ACTIONS") == "true" else ""
    pulled = c.run(f"{sys.executable} -m invoke comments-pull", warn=True, pty=False)
    if pulled.failed:
        print(f"{mark}comments were not pulled (see the line above); the site is built with "
              "the comments already in the repository", file=sys.stderr)  # fmt: skip
        return
    try:
        commit = commit_pulled_comments(ROOT, push=push)
    except CommitFailed as error:
        print(f"{mark}pulled comments were not committed: {error}", file=sys.stderr)
        return
    if commit:
        print(f"committed {commit}")
        if os.environ.get("GITHUB_OUTPUT"):  # the build job checks this commit out
            with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as output:
                output.write(f"commit={commit}\n")


# --- View counts (plugins/view_counts): refresh content/data/views.yaml from a source. ----
# VIEW_COUNTS_CONTENT points the tasks at another content folder (tests, trials).


def _views_import(run, *args) -> None:
    from view_counts.importing import ImportRefused

    settings = _site_settings(os.environ.get("VIEW_COUNTS_CONTENT"))
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
