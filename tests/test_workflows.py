"""The GitHub Actions workflows: linted by actionlint and zizmor, least privilege, pinned
actions, one deploy at a time, and every step an invoke task that runs locally."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, require_tool

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.y*ml"))
SITE_WORKFLOW = ROOT / ".github/workflows/site.yml"
PINNED = re.compile(r"^\s*(?:-\s*)?uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*\s*$")


def load(path: Path) -> dict:
    # PyYAML reads the `on:` key as True (YAML 1.1); give it its name back.
    data = yaml.safe_load(path.read_text())
    data["on"] = data.pop(True)
    return data


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load(SITE_WORKFLOW)


def test_there_are_workflows():
    assert SITE_WORKFLOW in WORKFLOWS


def test_actionlint_finds_nothing():
    require_tool(shutil.which("actionlint") is not None, "actionlint (requirements-dev.txt)")
    result = subprocess.run(["actionlint", "-no-color", *map(str, WORKFLOWS)], cwd=ROOT,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_even_pedantic():
    require_tool(shutil.which("zizmor") is not None, "zizmor (requirements-dev.txt)")
    result = subprocess.run(
        ["zizmor", "--offline", "--persona=pedantic", "--no-progress", *map(str, WORKFLOWS)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version():
    for path in WORKFLOWS:
        for line in path.read_text().splitlines():
            if re.match(r"^\s*(-\s*)?uses:", line):
                assert PINNED.match(line), f"{path.name}: not pinned to a full SHA: {line}"


def test_triggers(workflow):
    on = workflow["on"]
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on and "workflow_dispatch" in on
    assert on["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # daily


def test_least_privilege(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        uses = [step.get("uses", "") for step in job["steps"]]
        runs = [step.get("run", "") for step in job["steps"]]
        if any(use.startswith("actions/deploy-pages@") for use in uses):
            assert granted == {"pages": "write", "id-token": "write"}
        elif name == "comments":  # commits the pulled comment files, nothing else
            assert granted == {"contents": "write"}
            assert [invoke_calls(run) for run in runs if "invoke" in run] == [["ci-comments"]]
        else:
            assert granted == {}, f"{name} asks for {granted}"


def test_deploys_never_overlap_and_pull_requests_never_deploy(workflow):
    concurrency = workflow["concurrency"]
    # Non-PR runs share one group and are never cancelled; PR runs have their own groups.
    assert "github.event_name == 'pull_request'" in concurrency["group"]
    assert "|| 'pages'" in concurrency["group"]
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
    deploy = workflow["jobs"]["deploy"]
    assert "github.event_name != 'pull_request'" in deploy["if"]
    assert f"github.ref == 'refs/heads/{workflow['on']['push']['branches'][0]}'" in deploy["if"]
    assert deploy["environment"]["name"] == "github-pages"
    build_steps = workflow["jobs"]["build"]["steps"]
    for step in build_steps:
        secrets_used = "secrets." in yaml.safe_dump(step)
        if secrets_used or step.get("uses", "").startswith(
            ("actions/configure-pages@", "actions/upload-pages-artifact@")
        ):
            assert step["if"] == "github.event_name != 'pull_request'", step["name"]
    preview = next(s for s in build_steps if s.get("uses", "").startswith("actions/upload-art"))
    assert preview["if"] == "github.event_name == 'pull_request'"
    assert preview["with"]["path"] == "output/"


def test_only_the_build_that_is_deployed_counts_page_views(workflow):
    """publishconf.py counts views when SITE_DEPLOY is 1: exactly on the runs that deploy."""
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in steps if step.get("run") == "python3 -m invoke ci-build")
    deploys = workflow["jobs"]["deploy"]["if"]
    assert build["env"]["SITE_DEPLOY"] == f"${{{{ {deploys} && '1' || '' }}}}"
    refresh = next(s for s in steps if s.get("run") == "python3 -m invoke refresh-counts")
    assert steps.index(refresh) < steps.index(build)


def test_checkout_keeps_no_credentials_and_pip_is_cached(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip"
    assert python["with"]["python-version"] == "3.11"
    for requirements in python["with"]["cache-dependency-path"].split():
        assert (ROOT / requirements).is_file()


INSTALL = "python3 -m pip install -r requirements.txt"  # before it, invoke is not installed


def invoke_calls(command: str) -> list[str]:
    """The invoke tasks a `run:` calls, in order."""
    return re.findall(r"python3 -m invoke ([\w-]+)", command)


def test_every_step_that_runs_something_calls_a_local_task(workflow):
    listing = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    tasks = {line.split()[0] for line in listing.splitlines()[1:] if line.strip()}
    runs = [s["run"] for job in workflow["jobs"].values() for s in job["steps"] if "run" in s]
    assert ".ci/run" in runs  # the README's test command
    assert INSTALL in runs
    for command in runs:
        if command in (".ci/run", INSTALL):
            continue
        lines = [line for line in command.splitlines() if "python3" in line]
        assert lines and all(invoke_calls(line) for line in lines), command
        assert set(invoke_calls(command)) <= tasks, command
    called = {task for command in runs for task in invoke_calls(command)}
    assert {"ci-build", "ci-checks", "refresh-counts", "ci-scope", "deployed-commit"} <= called


def step_running(steps: list[dict], task: str) -> dict:
    return next(step for step in steps if task in invoke_calls(step.get("run", "")))


def step_using(steps: list[dict], action: str) -> dict:
    return next(step for step in steps if step.get("uses", "").startswith(f"{action}@"))


def test_the_suite_runs_only_when_more_than_content_changed(workflow):
    """The decision compares HEAD with the live site's commit (tests/test_ci_scope.py runs the
    step); a pull request skips the decision, so it always runs the suite."""
    steps = workflow["jobs"]["build"]["steps"]
    checkout = step_using(steps, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # the deployed commit must be in the history
    scope = step_running(steps, "ci-scope")
    assert scope["id"] == "scope"
    assert scope["if"] == "github.event_name != 'pull_request'"
    assert invoke_calls(scope["run"]) == ["deployed-commit", "ci-scope"]
    assert '--base "$deployed"' in scope["run"]
    assert scope["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert '"scope=$(tail -n 1 <<< "$decision")" >> "$GITHUB_OUTPUT"' in scope["run"]
    suite = next(step for step in steps if step.get("run") == ".ci/run")
    # Anything but `content` (the step skipped, failed, or printing anything else) is full.
    assert suite["if"] == "steps.scope.outputs.scope != 'content'"
    pages = step_using(steps, "actions/configure-pages")
    install = next(step for step in steps if step.get("run") == INSTALL)
    order = [steps.index(step) for step in (install, pages, scope, suite)]
    assert order == sorted(order)


def test_the_site_checks_and_the_deploy_run_whatever_the_scope(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    suite = next(step for step in steps if step.get("run") == ".ci/run")
    refresh, build, node_tools, checks = (
        step_running(steps, task)
        for task in ("refresh-counts", "ci-build", "node-deps", "ci-checks")
    )
    upload = step_using(steps, "actions/upload-pages-artifact")
    order = [steps.index(step) for step in (suite, refresh, build, node_tools, checks, upload)]
    assert order == sorted(order)  # nothing is uploaded before every check has passed
    for step in (refresh, build, node_tools, checks, upload):
        assert "scope" not in step.get("if", ""), step["name"]
    assert build["env"]["SITEURL"] == checks["env"]["SITEURL"]
    assert "if" not in node_tools and "if" not in checks  # previews are checked alike
    assert "scope" not in workflow["jobs"]["deploy"]["if"]
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_approved_comments_are_pulled_and_committed_before_the_build(workflow):
    """Only main's runs pull (with the run's token, no secret); the build checks out the commit
    with the pulled comments, and runs whatever became of the pull (skipped or failed)."""
    comments = workflow["jobs"]["comments"]
    assert comments["if"] == workflow["jobs"]["deploy"]["if"]  # the runs that deploy
    pull = step_running(comments["steps"], "ci-comments")
    assert pull["env"] == {"COMMENTS_ISSO_URL": "${{ vars.COMMENTS_ISSO_URL }}",
                           "GITHUB_TOKEN": "${{ github.token }}"}  # fmt: skip
    assert comments["outputs"]["commit"] == f"${{{{ steps.{pull['id']}.outputs.commit }}}}"
    assert step_using(comments["steps"], "actions/checkout")["with"]["persist-credentials"] is False
    assert "secrets." not in yaml.safe_dump(comments)
    build = workflow["jobs"]["build"]
    assert build["needs"] == "comments" and build["if"] == "${{ !cancelled() }}"
    checkout = step_using(build["steps"], "actions/checkout")
    assert checkout["with"]["ref"] == "${{ needs.comments.outputs.commit || github.sha }}"
    site_build = step_running(build["steps"], "ci-build")
    assert site_build["env"]["COMMENTS_ISSO_URL"] == pull["env"]["COMMENTS_ISSO_URL"]
