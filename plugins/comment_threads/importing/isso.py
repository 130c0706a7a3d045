"""Pulling the comments approved in Isso into comment files: `invoke comments-pull`.

Isso is only the intake and moderation queue; the repository is the record. Every approved
comment (Isso's ``/latest`` lists them with their thread's URI) is read with its Markdown
source (``GET /?uri=...&plain=1``), and becomes ``<comments>/<post slug>/isso-<id>.md``, a reply
naming its parent in ``Replyto: isso-<parent id>``. Emails never leave Isso (its API does not
give them). Pulling again writes nothing; a comment edited in Isso is written again; a file
whose comment is no longer approved in Isso is kept, unless ``prune`` is asked for.

Everything Isso says is untrusted: each answer is read with bounded time-outs and size, checked
against a model, and each comment file is read back as the build reads it (header, model,
sanitizer) before it is written. A fault of Isso is one line and writes nothing; a comment that
cannot be a comment file (no post at its URI, an empty or oversized text) is one line, skipped.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from blogkit.paths import write_atomically
from blogkit.posts import PostIndex
from blogkit.problems import ContentError, quoted
from blogkit.web import FetchError, fetch, is_web_url

from ..reader import comment_from_text
from .store import comment_path, comment_text

PREFIX = "isso-"
# Isso refuses texts under 3 or over 65535 characters: anything else did not come from its form.
MAX_TEXT = 65535
# Bounds on one answer of Isso: each network wait (seconds; the whole answer may take three
# times as long), and its size.
TIMEOUT = 10.0
MAX_ANSWER_BYTES = 32 * 1024 * 1024
# /latest wants a limit: one far above any blog's comment count.
LATEST_LIMIT = 1_000_000


class PullFailed(Exception):
    """Isso could not be read: one line; nothing was written."""


class IssoComment(BaseModel):
    """One comment as Isso's API gives it (fields the site does not use are ignored)."""

    model_config = ConfigDict(extra="ignore")

    id: int = Field(gt=0)
    parent: int | None = None
    mode: int
    created: float
    author: str | None = None
    website: str | None = None
    text: str | None = None


class ListedComment(IssoComment):
    uri: str


class ThreadRoot(IssoComment):
    replies: list[IssoComment] = Field(default_factory=list)


class Thread(BaseModel):
    replies: list[ThreadRoot]


LATEST = TypeAdapter(list[ListedComment])
THREAD = TypeAdapter(Thread)
APPROVED = 1


@dataclass
class PullReport:
    written: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: int = 0
    gone: list[Path] = field(default_factory=list)  # no longer approved in Isso: kept or removed
    removed: bool = False
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        gone = ""
        if self.gone:
            what = "removed" if self.removed else "kept (--prune removes them)"
            gone = f", {len(self.gone)} no longer in Isso {what}"
        refused = f", {len(self.refused)} refused" if self.refused else ""
        return (
            f"{len(self.written)} comment(s) pulled, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged{gone}{refused}"
        )


def read_answer(url: str, timeout: float = TIMEOUT, limit: int = MAX_ANSWER_BYTES):
    """Isso's JSON answer at ``url``; a PullFailed in one line for any fault."""
    try:
        answer = fetch(url, limit, timeout)
    except FetchError as error:
        raise PullFailed(f"Isso at {url}: {error}") from None
    try:
        return json.loads(answer)
    except (ValueError, RecursionError):
        raise PullFailed(f"Isso at {url}: the answer is not JSON") from None


def _checked(url: str, adapter, data):
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        detail = error.errors()[0]
        where = ".".join(str(part) for part in detail["loc"]) or "the answer"
        raise PullFailed(f"{url}: not what Isso answers ({where}: {detail['msg']})") from None


def approved_comments(isso: str, timeout: float = TIMEOUT) -> dict[str, list[IssoComment]]:
    """``{thread URI: [approved comment, ...]}``, each thread read whole with Markdown sources."""
    base = isso.rstrip("/")
    if not is_web_url(base):
        raise PullFailed(f"{isso}: Isso's address is not an http(s) address")
    latest_url = f"{base}/latest?limit={LATEST_LIMIT}"
    listed = _checked(latest_url, LATEST, read_answer(latest_url, timeout))
    threads: dict[str, list[IssoComment]] = {}
    for uri in sorted({comment.uri for comment in listed}):
        url = f"{base}/?uri={quote(uri, safe='')}&plain=1"
        thread = _checked(url, THREAD, read_answer(url, timeout))
        found = []
        for root in thread.replies:
            found.append(root)
            found.extend(root.replies)
        threads[uri] = [comment for comment in found if comment.mode == APPROVED]
    return threads


@dataclass(frozen=True)
class PulledFile:
    path: Path
    text: str


def comment_file(comment: IssoComment, slug: str, comments: Path, settings: dict) -> PulledFile:
    """The comment file of one approved comment, read back as a build reads it; ValueError
    in one line when it cannot be one."""
    name = f"{PREFIX}{comment.id}"
    text = comment.text or ""
    if not text.strip():
        raise ValueError(f"comment {name}: its text is empty")
    if len(text) > MAX_TEXT:
        raise ValueError(f"comment {name}: its text is {len(text)} characters, over {MAX_TEXT}")
    timezone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    content = comment_text(
        # Isso stores author and website HTML-escaped; the files hold plain text.
        html.unescape(comment.author or "") or "Anonymous",
        datetime.fromtimestamp(comment.created, UTC).astimezone(timezone),
        text,
        website=html.unescape(comment.website or ""),
        replyto=f"{PREFIX}{comment.parent}" if comment.parent else "",
    )
    path = comment_path(comments, slug, name)
    problems = []
    try:
        comment_from_text(
            path, content, slug, settings, lambda _path, problem, _line: problems.append(problem)
        )
    except ContentError as error:
        problems.append(error.problem.message)
    if problems:
        raise ValueError(f"comment {name}: {problems[0]}")
    return PulledFile(path, content)


def pull_comments(
    isso: str,
    comments: Path,
    index: PostIndex,
    settings: dict,
    prune: bool = False,
    timeout: float = TIMEOUT,
) -> PullReport:
    """Write every approved comment of Isso into ``comments``; read everything before writing."""
    threads = approved_comments(isso, timeout)
    report = PullReport(removed=prune)
    files: list[PulledFile] = []
    in_isso: set[str] = set()
    for uri, approved in threads.items():
        in_isso.update(f"{PREFIX}{comment.id}" for comment in approved)
        slug = index.slug_for_path(uri)
        if slug is None:
            report.refused.append(
                f"thread {quoted(uri)}: no post has this address; "
                f"its {len(approved)} comment(s) are not pulled"
            )
            continue
        for comment in approved:
            try:
                files.append(comment_file(comment, slug, comments, settings))
            except ValueError as error:
                report.refused.append(f"{error}; not pulled")
    for pulled in files:
        if not pulled.path.exists():
            report.written.append(pulled.path)
        elif pulled.path.read_text(encoding="utf-8") != pulled.text:
            report.updated.append(pulled.path)
        else:
            report.unchanged += 1
            continue
        write_atomically(pulled.path, pulled.text)
    report.gone = sorted(
        path for path in comments.glob(f"*/{PREFIX}*.md") if path.stem not in in_isso
    )
    if prune:
        for path in report.gone:
            path.unlink()
    return report
