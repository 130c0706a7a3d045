"""CI's content path, timed command by command as the workflow runs it after a content-only push.

For today's content and with N synthetic posts added (benchmarks/synthetic_blog.py, with their
comments, view counts and events), in a copy of the working tree committed to a git repository
of its own: a first `ci-build` is the deployed site, served on 127.0.0.1 as the live site, and
leaves .cache/assets warm as the workflow's cache restores it. Then one post is edited and
committed, and each run times the steps of the content path (docs/deploying.md):

- pip: `pip install --dry-run` of requirements.txt with every requirement installed (what pip
  checks before it does nothing; `-e .` left out, it would reinstall the project);
- decide: `deployed-commit` from the served site, then `ci-scope`, as the decision step does;
- refresh-counts (no analytics source set: it says so), ci-build (SITE_DEPLOY=1);
- node-deps: `npm ci` from npm's cache (node_modules removed before each run);
- ci-checks: the Nu HTML checker and the first-load budget.

    python3 -m benchmarks.bench_ci_content --sizes 0 1000 --runs 1
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.sweep import run_sizes
from benchmarks.synthetic_blog import write_posts, write_site_data
from site_tools.localhost import free_port, served

ROOT = Path(__file__).resolve().parent.parent
INVOKE = [sys.executable, "-m", "invoke"]
GIT = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org"]


def run(project: Path, command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=project, env={**os.environ, **env}, capture_output=True,
                          text=True, check=False)  # fmt: skip
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


@contextlib.contextmanager
def timed(seconds: dict[str, float], step: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    seconds[step] = round(time.perf_counter() - started, 2)


def project_copy(work: Path, posts: int) -> Path:
    """The working tree as a checkout has it (tracked and new files), committed, with ``posts``
    synthetic posts added."""
    project = work / "project"
    files = run(ROOT, ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], {})
    for relative in filter(None, files.split("\0")):
        source = ROOT / relative
        if source.is_file() and not source.is_symlink():
            (project / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / relative)
    if posts:
        write_site_data(project / "content", write_posts(project / "content", posts))
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "site"]):
        run(project, [*GIT, *command], {})
    return project


def content_path(project: Path, siteurl: str, number: int) -> dict[str, float]:
    """An author's fix to one post, committed; then the content path's commands: seconds each."""
    post = sorted((project / "content" / "posts").rglob("*.md"))[-1]
    post.write_text(post.read_text(encoding="utf-8") + f"\nOne fix more ({number}).\n")
    run(project, [*GIT, "commit", "-q", "-am", f"Fix a typo ({number})"], {})
    present = project / ".git" / "requirements-present.txt"
    lines = (project / "requirements.txt").read_text().splitlines()
    present.write_text("\n".join(line for line in lines if line.strip() != "-e .") + "\n")
    shutil.rmtree(project / "node_modules", ignore_errors=True)
    env = {"SITEURL": siteurl, "SITE_DEPLOY": "1"}
    seconds: dict[str, float] = {}
    with timed(seconds, "pip"):
        run(project, [sys.executable, "-m", "pip", "install", "--dry-run", "-r", str(present)], env)
    with timed(seconds, "decide"):
        deployed = run(project, [*INVOKE, "deployed-commit", f"--site={siteurl}"], env).strip()
        decision = run(project, [*INVOKE, "ci-scope", f"--base={deployed}"], env)
    assert decision.splitlines()[-1] == "content", decision
    for task in ("refresh-counts", "ci-build", "node-deps", "ci-checks"):
        with timed(seconds, task):
            run(project, [*INVOKE, task], env)
    seconds["total"] = round(sum(seconds.values()), 2)
    return seconds


def measure(count: int, runs: int, work: Path) -> dict:
    project = project_copy(work, count)
    port = free_port()
    siteurl = f"http://127.0.0.1:{port}"
    run(project, [*INVOKE, "ci-build"], {"SITEURL": siteurl, "SITE_DEPLOY": "1"})
    live = work / "live"
    (project / "output").rename(live)  # the deployed site, which names its commit
    with served(live, port):
        results = [content_path(project, siteurl, number) for number in range(runs)]
    pages = sum(1 for _ in (project / "output").rglob("*.html"))
    median = {step: statistics.median(r[step] for r in results) for step in results[0]}
    return {"synthetic_posts": count, "pages": pages, "load_average": os.getloadavg()[0],
            "median_seconds": median, "runs": results}  # fmt: skip


def summary_line(count: int, report: dict) -> str:
    steps = ", ".join(f"{step} {value:.1f} s" for step, value in report["median_seconds"].items())
    return f"+{count} posts ({report['pages']} pages): {steps}"


def main() -> None:
    run_sizes(__doc__.splitlines()[0], measure, summary_line, sizes=[0, 1000],
              results_file="ci_content.json")  # fmt: skip


if __name__ == "__main__":
    main()
