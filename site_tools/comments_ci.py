"""CI's comment pull: what Isso approved becomes a commit on main, files under content/comments/
only, so the repository stays the record and a lost Isso server loses nothing approved.

A pull that fails, or a push that is refused, is one warning line: the site is then built with
the comments already in the repository.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from .git import git

COMMENTS = "content/comments"
AUTHOR = ("-c", "user.name=github-actions[bot]",
          "-c", "user.email=41898282+github-actions[bot]@users.noreply.github.com")  # fmt: skip


class CommitFailed(Exception):
    """The pulled comments could not be committed or pushed: one line."""


def _checked(result, what: str) -> str:
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        raise CommitFailed(f"{what} failed: {lines[-1] if lines else 'no output'}")
    return result.stdout.strip()


def commit_pulled_comments(repo: Path, branch: str = "main", push: bool = True) -> str | None:
    """Commit what changed under content/comments/ (nothing else) and push it to ``branch``;
    the new commit's id, or None when nothing changed."""
    _checked(git(repo, "add", "--", COMMENTS), "git add")
    if git(repo, "diff", "--cached", "--quiet", "--", COMMENTS).returncode == 0:
        return None
    message = "Comments approved in Isso (invoke comments-pull)"
    _checked(git(repo, *AUTHOR, "commit", "--quiet", "-m", message, "--", COMMENTS), "git commit")
    commit = _checked(git(repo, "rev-parse", "HEAD"), "git rev-parse")
    if push:
        _checked(git(repo, *_token_header(), "push", "origin", f"HEAD:{branch}"), "git push")
    return commit


def _token_header() -> tuple[str, ...]:
    """The run's token as checkout would send it, for this one command (never stored)."""
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        return ()
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    return ("-c", f"http.https://github.com/.extraheader=AUTHORIZATION: basic {basic}")
