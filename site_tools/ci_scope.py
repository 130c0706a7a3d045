"""What a CI run must check: ``content`` when nothing but ``content/`` changed since the commit
the live site was built from, ``full`` (the whole test suite first) otherwise.

The comparison is with the deployed commit, not with the previous push: a content push after a
code push whose suite failed (so nothing was deployed) still runs the suite, and a daily run
with nothing new is ``content``. Every deployed commit's code is therefore code that passed the
suite. The live site names its commit in ``commit.txt`` (written by ``invoke ci-build``).
Anything unclear is ``full``: no deployed commit, one this history does not have or that is not
an ancestor of HEAD, git failing.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from site_tools.git import git

CONTENT = "content/"
# Where the built site names the commit it was built from; the next run reads it back.
COMMIT_FILE = "commit.txt"
COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1 or SHA-256 repositories
NAMED = 5  # changed files named in a `full` decision's reason
FETCH_SECONDS = 10


@dataclass(frozen=True)
class Scope:
    """The decision and one line saying why."""

    name: str  # "content" or "full"
    reason: str


def full(reason: str) -> Scope:
    return Scope("full", f"full: {reason}")


def commit_id(repo: Path, revision: str) -> str | None:
    """The full id of the commit ``revision`` names in ``repo``, or None."""
    found = git(
        repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    return found.stdout.strip() if found.returncode == 0 else None


def changed_files(repo: Path, base: str, head: str) -> list[str] | None:
    """Every path added, changed or removed between two commits (a move names both ends)."""
    diff = git(repo, "diff", "--name-only", "--no-renames", "-z", base, head)
    return [path for path in diff.stdout.split("\0") if path] if diff.returncode == 0 else None


def decide(repo: Path, base: str) -> Scope:
    """``content`` or ``full`` for HEAD of ``repo``, ``base`` being the deployed commit."""
    if not base.strip():
        return full("no deployed commit to compare with (nothing deployed yet, or unknown)")
    head = commit_id(repo, "HEAD")
    if head is None:
        return full(f"{repo} has no commit checked out (not a git repository?)")
    deployed = commit_id(repo, base)
    if deployed is None:
        return full(f"{base!r} names no commit in this history (or a shallow clone lacks it)")
    short = deployed[:12]
    if git(repo, "merge-base", "--is-ancestor", deployed, head).returncode:
        return full(f"the deployed commit {short} is not an ancestor of HEAD")
    changed = changed_files(repo, deployed, head)
    if changed is None:
        return full(f"git could not compare {short} with HEAD")
    others = [path for path in changed if not path.startswith(CONTENT)]
    if others:
        named = ", ".join(others[:NAMED]) + (", ..." if len(others) > NAMED else "")
        return full(f"{len(others)} file(s) outside {CONTENT} changed since {short}: {named}")
    if not changed:
        return Scope("content", f"content: nothing changed since {short}")
    return Scope(
        "content", f"content: only {CONTENT} changed since {short}: {len(changed)} file(s)"
    )


def write_commit_file(repo: Path, site: Path) -> None:
    """Name in the built site the commit it was built from (HEAD), for the next run's
    decision; nothing outside a git repository."""
    head = commit_id(repo, "HEAD")
    if head:
        (site / COMMIT_FILE).write_text(head + "\n", encoding="ascii")


def deployed_commit(siteurl: str) -> tuple[str, str]:
    """The commit the live site at ``siteurl`` was built from and one line saying so, or ""
    and one line saying why it is not known."""
    if not siteurl.startswith(("https://", "http://")):
        return "", f"no deployed commit: {siteurl!r} is not the live site's http(s) address"
    url = f"{siteurl.rstrip('/')}/{COMMIT_FILE}"
    # A query the cache in front of the site has not seen: the file as deployed now.
    request = urllib.request.Request(
        f"{url}?at={time.time_ns()}", headers={"Cache-Control": "no-cache"}
    )
    try:
        with urllib.request.urlopen(request, timeout=FETCH_SECONDS) as answer:
            text = answer.read(200).decode("ascii", "replace").strip()
    except urllib.error.HTTPError as error:
        return "", f"no deployed commit: {url} answered {error.code}"
    except (OSError, ValueError, http.client.HTTPException) as error:
        return "", f"no deployed commit: {url} could not be read ({error})"
    if not COMMIT_ID.fullmatch(text):
        return "", f"no deployed commit: {url} does not hold a commit id"
    return text, f"the live site was built from {text[:12]} ({url})"
