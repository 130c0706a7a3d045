"""Publishing: build the site into a fresh folder, check it, and only then send it.

Every route (GitHub Actions' ``ci-build``, ``publish`` over rsync, ``gh-pages``
through git) goes through :func:`build_checked`, so a build that fails or a site
that does not pass the checks sends nothing and leaves the live site as it was.
Missing settings are reported as one line before anything is built.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from blogkit.settings import SettingsError, read_site_settings
from site_tools.building import BuildResult, run_pelican
from site_tools.git import git
from site_tools.sitecheck import broken_links, data_file_problems

logger = logging.getLogger(__name__)

PUBLISH_SETTINGS = "publishconf.py"
# A build that goes to the live site (publishconf.py reads it): its published posts count views.
DEPLOY_VARIABLE = "SITE_DEPLOY"


class PublishError(Exception):
    """A publish that must not go on; the message is one line for the author."""


class BuildFailed(PublishError):
    """The strict build stopped; its own output already names every problem."""

    def __init__(self, result: BuildResult):
        self.result = result
        super().__init__(f"the build failed ({len(result.problems)} problem(s) above)")


class SiteCheckFailed(PublishError):
    """The built site did not pass the checks."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"the built site failed {len(problems)} check(s) above")


class TransferFailed(PublishError):
    """The checked site could not be sent (rsync or git push failed)."""


def read_publish_settings(root: Path, env: Mapping[str, str] | None = None) -> dict:
    """The publish settings as a build sees them (``publishconf.py`` reads the environment)."""
    try:
        return read_site_settings(root / PUBLISH_SETTINGS, env=env)
    except SettingsError as error:
        raise PublishError(str(error)) from None


def required_setting(settings: dict, name: str, hint: str = "") -> str:
    """A setting that must not be empty, or one line saying where to set it."""
    value = str(settings.get(name) or "").strip()
    if not value:
        example = f" ({hint})" if hint else ""
        raise PublishError(
            f"{name} is not set: set it in {PUBLISH_SETTINGS} or in the {name} "
            f"environment variable{example}"
        )
    return value


def site_url(settings: dict) -> str:
    return required_setting(settings, "SITEURL", "the site's address, https://...").rstrip("/")


def check_site(output: Path, siteurl: str) -> list[str]:
    """Everything wrong with a built site: broken internal links, feeds or calendars."""
    problems = [f"broken link in {link}" for link in broken_links(output, siteurl)]
    return problems + data_file_problems(output)[1]


def build_checked(
    root: Path, output: Path, siteurl: str, env: Mapping[str, str] | None = None
) -> Path:
    """Build with the publish settings into ``output`` (emptied first), then check it."""
    env = {"SITEURL": siteurl, **(env or {})}
    result = run_pelican(PUBLISH_SETTINGS, output, "--delete-output-directory", env=env, cwd=root)
    logger.debug(result.output.rstrip())
    if not result.ok:
        raise BuildFailed(result)
    problems = check_site(output, siteurl)
    for problem in problems:
        logger.error(problem)
    if problems:
        raise SiteCheckFailed(problems)
    logger.info("Built and checked %s for %s", output, siteurl)
    return output


@contextlib.contextmanager
def fresh_build(root: Path, siteurl: str) -> Iterator[Path]:
    """A checked build of the live site in a new temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="site-publish-") as scratch:
        yield build_checked(root, Path(scratch) / "site", siteurl, {DEPLOY_VARIABLE: "1"})


def rsync_command(site: Path, target: str) -> list[str]:
    # --delay-updates and --delete-after swap the new files in at the end of the transfer.
    return [
        "rsync", "--recursive", "--links", "--times", "--compress", "--human-readable",
        "--delete-after", "--delay-updates", "--chmod=D755,F644",
        f"{site}/", target,
    ]  # fmt: skip


def publish_rsync(root: Path, env: Mapping[str, str] | None = None) -> str:
    """Build, check, then rsync the site to ``PUBLISH_RSYNC_TARGET``; returns the target."""
    settings = read_publish_settings(root, env)
    siteurl = site_url(settings)
    target = required_setting(settings, "PUBLISH_RSYNC_TARGET", "user@host:/var/www/site/")
    if not shutil.which("rsync"):
        raise PublishError("rsync is not installed: install the rsync package to publish")
    with fresh_build(root, siteurl) as site:
        sent = subprocess.run(rsync_command(site, target), capture_output=True, text=True)
        if sent.returncode:
            reason = "; ".join(sent.stderr.strip().splitlines())
            raise TransferFailed(f"rsync to {target} failed: {reason}")
    logger.info("Published %s to %s", siteurl, target)
    return target


def check_git_remote(root: Path, remote: str) -> None:
    if git(root, "rev-parse", "--git-dir").returncode:
        raise PublishError(f"{root} is not a git repository: gh-pages publishes through git")
    is_url_or_path = "/" in remote or ":" in remote
    if not is_url_or_path and git(root, "remote", "get-url", remote).returncode:
        raise PublishError(
            f"GH_PAGES_REMOTE '{remote}' is not a git remote of this repository: set it in "
            f"{PUBLISH_SETTINGS} or in the GH_PAGES_REMOTE environment variable"
        )


def publish_gh_pages(root: Path, env: Mapping[str, str] | None = None) -> str:
    """Build, check, then commit the site to ``GH_PAGES_BRANCH`` and push it to
    ``GH_PAGES_REMOTE`` with ghp-import; returns ``remote branch``."""
    from ghp_import import GhpError, ghp_import

    settings = read_publish_settings(root, env)
    siteurl = site_url(settings)
    remote = required_setting(settings, "GH_PAGES_REMOTE", "a remote name or URL")
    branch = required_setting(settings, "GH_PAGES_BRANCH", "gh-pages")
    check_git_remote(root, remote)
    source = git(root, "rev-parse", "--short", "HEAD").stdout.strip() or "an unborn branch"
    with fresh_build(root, siteurl) as site, contextlib.chdir(root):
        try:
            ghp_import(
                str(site), remote=remote, branch=branch, push=True, nojekyll=True,
                mesg=f"Publish the site built from {source}",
            )  # fmt: skip
        except (GhpError, subprocess.CalledProcessError) as error:
            reason = "; ".join(str(error).strip().splitlines())
            raise TransferFailed(f"ghp-import to {remote} {branch} failed: {reason}") from None
    logger.info("Published %s to %s %s", siteurl, remote, branch)
    return f"{remote} {branch}"
