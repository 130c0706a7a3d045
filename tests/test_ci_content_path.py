"""What CI runs when only content changed, run here for real: the decision (`invoke ci-scope
--base <deployed commit>`) on git histories of a copy of the project, the deployed commit as the
live site names it (`ci-build` writes it, `deployed-commit` reads it back from the served site),
the workflow's decision step run by bash as GitHub runs it, and the site checks (`ci-checks`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from site_tools.audit import EVENT_PAGE
from site_tools.ci_scope import COMMIT_FILE
from site_tools.localhost import free_port, served
from site_tools.sitecheck import BUDGET_BYTES, BUDGET_PAGE, NU_CHECKER
from tests.helpers import ROOT, TEST_EPOCH, TEST_SITEURL, copy_project, require_nu_checker

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}
# A new post, changed data, a comment, a photo, a page removed: all content.
CONTENT_CHANGES = {
    "content/posts/2026/a-new-post.md": "Title: A New Post\nDate: 2026-12-01\n\nHello.\n",
    "content/data/views.yaml": "network-before-you-need-it: 12\n",
    "content/comments/network-before-you-need-it/2026-12-01-reader.md": "Author: R\n\nHi.\n",
    "content/images/team.jpg": "\xff\xd8 not really a photo",
    "content/pages/about.md": None,
}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **GIT_IDENTITY}, check=True)  # fmt: skip
    return done.stdout.strip()


def commit(project: Path, changes: dict[str, str | None], message: str = "change") -> str:
    """Write (or, for None, remove) each file, commit them all; the new commit's id."""
    for relative, text in changes.items():
        path = project / relative
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)
    return git(project, "rev-parse", "HEAD")


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project in its own git repository: one commit, the one deployed."""
    copy = copy_project(tmp_path / "site")
    shutil.copy(ROOT / ".gitignore", copy)  # what a build writes is never committed
    git(copy, "init", "-q", "-b", "main")
    commit(copy, {}, "the deployed site")
    return copy


def invoke(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project, capture_output=True, text=True, check=False, timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": TEST_EPOCH, **env},
    )  # fmt: skip


def ci_scope(project: Path, base: str) -> list[str]:
    """The lines `invoke ci-scope --base <base>` prints: why, then the decision."""
    result = invoke(project, "ci-scope", f"--base={base}")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


def test_only_content_changed_since_the_deploy_skips_the_suite(project):
    deployed = git(project, "rev-parse", "HEAD")
    commit(project, CONTENT_CHANGES)
    commit(project, {"content/posts/2026/a-new-post.md": "Title: Fixed\nDate: 2026-12-01\n\nHi.\n"})
    assert ci_scope(project, deployed) == [
        f"content: only content/ changed since {deployed[:12]}: {len(CONTENT_CHANGES)} file(s)",
        "content",
    ]


def test_the_daily_run_with_nothing_new_is_content(project):
    deployed = git(project, "rev-parse", "HEAD")
    assert ci_scope(project, deployed) == [
        f"content: nothing changed since {deployed[:12]}",
        "content",
    ]


@pytest.mark.parametrize(
    "changed",
    [
        "tasks.py",  # code
        "plugins/blog_core/posts.py",  # code
        "blogkit/posts.py",  # code
        "theme/templates/base.html",  # theme
        "pelicanconf.py",  # settings
        "requirements.txt",  # what is installed
        "package.json",  # the Node tools: the Nu HTML checker among them
        ".github/workflows/site.yml",  # the workflow
        "tests/test_site_pages.py",  # tests
        "README.md",  # holds the test command .ci/run runs
        "docs/deploying.md",  # docs
    ],
)
def test_anything_outside_content_runs_the_suite(project, changed):
    deployed = git(project, "rev-parse", "HEAD")
    path = project / changed
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    commit(project, {**CONTENT_CHANGES, changed: old + "\n# changed\n"})
    assert ci_scope(project, deployed) == [
        f"full: 1 file(s) outside content/ changed since {deployed[:12]}: {changed}",
        "full",
    ]


def test_moving_a_file_out_of_content_runs_the_suite(project):
    deployed = git(project, "rev-parse", "HEAD")
    git(project, "mv", "content/pages/about.md", "about.md")
    git(project, "commit", "-q", "-m", "move")
    assert ci_scope(project, deployed)[0].endswith(f"changed since {deployed[:12]}: about.md")


def test_many_changed_files_are_named_five_at_most(project):
    deployed = git(project, "rev-parse", "HEAD")
    commit(project, {f"docs/note-{number}.md": "a note\n" for number in range(7)})
    reason, decision = ci_scope(project, deployed)
    assert reason.startswith(f"full: 7 file(s) outside content/ changed since {deployed[:12]}: ")
    assert reason.endswith("docs/note-4.md, ...") and decision == "full"


def test_a_content_push_after_a_failed_code_push_runs_the_suite(project):
    """The code push's suite failed, so it was never deployed: the content push after it is
    compared with what is live, and the code change is still in the difference."""
    deployed = git(project, "rev-parse", "HEAD")
    failed = commit(project, {"plugins/blog_core/posts.py": "raise SystemExit('broken')\n"})
    commit(project, {"content/posts/2026/typo.md": "Title: Typo\nDate: 2026-12-02\n\nFixed.\n"})
    assert ci_scope(project, deployed) == [
        f"full: 1 file(s) outside content/ changed since {deployed[:12]}: "
        "plugins/blog_core/posts.py",
        "full",
    ]
    # Compared with the previous push instead, the broken code would have gone out unchecked.
    assert ci_scope(project, failed)[-1] == "content"


def test_with_nothing_deployed_it_is_full(project):
    assert ci_scope(project, "") == [
        "full: no deployed commit to compare with (nothing deployed yet, or unknown)",
        "full",
    ]


def test_a_deployed_commit_that_is_not_an_ancestor_is_full(project):
    """History rewritten (a force push), or the live site built from another branch."""
    deployed = commit(project, {"content/posts/2026/draft.md": "Title: Draft\n\nText.\n"})
    git(project, "reset", "-q", "--hard", "HEAD~1")
    commit(project, {"content/posts/2026/other.md": "Title: Other\n\nText.\n"})
    assert ci_scope(project, deployed) == [
        f"full: the deployed commit {deployed[:12]} is not an ancestor of HEAD",
        "full",
    ]


@pytest.mark.parametrize("base", ["nonsense", "0" * 40, "--output=/tmp/ci-scope-leak", "HEAD~99"])
def test_a_base_this_history_does_not_have_is_full_with_one_line_why(project, base):
    assert ci_scope(project, base) == [
        f"full: {base!r} names no commit in this history (or a shallow clone lacks it)",
        "full",
    ]
    assert not Path("/tmp/ci-scope-leak").exists()


def test_a_shallow_clone_without_the_deployed_commit_is_full(project, tmp_path):
    """Why the workflow checks out the whole history (fetch-depth: 0)."""
    deployed = git(project, "rev-parse", "HEAD")
    commit(project, {"content/posts/2026/a-new-post.md": "Title: New\n\nText.\n"})
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{project}", str(shallow))
    assert ci_scope(shallow, deployed)[-1] == "full"
    assert ci_scope(project, deployed)[-1] == "content"


def test_outside_a_git_repository_it_is_full(tmp_path):
    copy = copy_project(tmp_path / "no-git")
    reason, decision = ci_scope(copy, "HEAD")
    assert reason == f"full: {copy} has no commit checked out (not a git repository?)"
    assert decision == "full"


# --- The deployed commit: written by ci-build, read back from the live site ---------------------

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def decision_step(project: Path, site_url: str, output: Path) -> subprocess.CompletedProcess:
    """The workflow's decision step, run by bash as GitHub runs a `run:` (bash -e)."""
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["build"]["steps"]
    script = next(step for step in steps if step.get("id") == "scope")["run"]
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # this python3
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=project, capture_output=True, text=True, check=False, timeout=300,
        env={**os.environ, "PATH": path, "SITE_URL": site_url, "GITHUB_OUTPUT": str(output)},
    )  # fmt: skip


def test_the_live_site_names_its_commit_and_the_next_run_compares_with_it(project, tmp_path):
    port = free_port()
    siteurl = f"http://127.0.0.1:{port}"
    built = invoke(project, "ci-build", SITEURL=siteurl)
    assert built.returncode == 0, built.stdout + built.stderr
    deployed = git(project, "rev-parse", "HEAD")
    assert (project / "output" / COMMIT_FILE).read_text() == deployed + "\n"
    live = tmp_path / "live"
    (project / "output").rename(live)  # what the deploy published
    with served(live, port):
        read = invoke(project, "deployed-commit", f"--site={siteurl}")
        assert read.stdout == deployed + "\n"
        why = f"the live site was built from {deployed[:12]} ({siteurl}/{COMMIT_FILE})\n"
        assert read.stderr == why

        commit(project, CONTENT_CHANGES)
        step = decision_step(project, siteurl, tmp_path / "content.out")
        assert step.returncode == 0, step.stderr
        assert step.stdout.splitlines()[-1] == "content"
        assert (tmp_path / "content.out").read_text() == "scope=content\n"

        commit(project, {"theme/templates/base.html": "{# changed #}\n"})
        step = decision_step(project, siteurl, tmp_path / "full.out")
        assert step.returncode == 0, step.stderr
        assert (tmp_path / "full.out").read_text() == "scope=full\n"


@pytest.mark.parametrize(
    ("commit_file", "why"),
    [
        (None, "answered 404"),
        ("not a commit\n", "does not hold a commit id"),
        ("<html>a page the host shows instead</html>", "does not hold a commit id"),
    ],
)
def test_a_live_site_that_names_no_commit_means_a_full_run(project, tmp_path, commit_file, why):
    live = tmp_path / "live"
    live.mkdir()
    if commit_file is not None:
        (live / COMMIT_FILE).write_text(commit_file)
    port = free_port()
    with served(live, port) as siteurl:
        read = invoke(project, "deployed-commit", f"--site={siteurl}")
        assert read.returncode == 0 and read.stdout == ""
        assert read.stderr == f"no deployed commit: {siteurl}/commit.txt {why}\n"
        step = decision_step(project, siteurl, tmp_path / "github-output")
    assert step.returncode == 0, step.stderr
    assert (tmp_path / "github-output").read_text() == "scope=full\n"


@pytest.mark.parametrize("site", ["", "http://127.0.0.1:9"])
def test_an_unknown_or_unreachable_site_means_a_full_run(project, tmp_path, site):
    read = invoke(project, "deployed-commit", f"--site={site}")
    assert read.returncode == 0 and read.stdout == ""
    assert read.stderr.startswith("no deployed commit: ") and read.stderr.count("\n") == 1
    step = decision_step(project, site, tmp_path / "github-output")
    assert step.returncode == 0, step.stderr
    assert "full: no deployed commit to compare with" in step.stdout
    assert (tmp_path / "github-output").read_text() == "scope=full\n"


# --- The site checks: `invoke ci-checks` on output/ ------------------------------------------


def test_ci_checks_pass_the_built_site_and_fail_a_broken_one(project, site):
    require_nu_checker()
    (project / "node_modules").symlink_to(NU_CHECKER.parents[3])  # as `npm ci` leaves it
    shutil.copytree(site, project / "output")
    passed = invoke(project, "ci-checks", SITEURL=TEST_SITEURL)
    assert passed.returncode == 0, passed.stderr
    assert passed.stdout == "output/ passed the Nu HTML checker and the first-load budgets.\n"

    article = project / "output" / BUDGET_PAGE / "index.html"
    html = article.read_text(encoding="utf-8").replace("<main", "<p><div></div></p><main", 1)
    article.write_text(html.replace("</main>", f"<!-- {'x' * BUDGET_BYTES} --></main>"))
    event = project / "output" / EVENT_PAGE / "index.html"
    html = event.read_text(encoding="utf-8")
    event.write_text(html.replace("</main>", f"<!-- {'x' * BUDGET_BYTES} --></main>"))
    failed = invoke(project, "ci-checks", SITEURL=TEST_SITEURL)
    assert failed.returncode == 1
    problems = failed.stderr.splitlines()
    assert problems[0].endswith(": error: No “p” element in scope but a “p” end tag seen.")
    assert problems[1].startswith(f"{BUDGET_PAGE}: ") and "bytes on first load" in problems[1]
    assert problems[2].startswith(f"{EVENT_PAGE}: ") and "bytes on first load" in problems[2]
    assert problems[3:] == ["The built site failed 3 check(s)."]


def test_ci_checks_without_the_checker_stop_with_one_line(project, site):
    require_nu_checker()  # Java is there; the project's `npm ci` has not run
    shutil.copytree(site, project / "output")
    missing = invoke(project, "ci-checks", SITEURL=TEST_SITEURL)
    assert missing.returncode == 1
    assert missing.stderr == (
        "Cannot check the site: the Nu HTML checker (npm ci: vnu-jar) is not installed.\n"
    )
