"""Hostile input to the author's tasks, run as an author runs them (invoke in a copy of the
project): each is refused in one line naming what was refused, in bounded time, and nothing is
written outside the folder the task writes to."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import TEST_EPOCH, TEST_SITEURL, copy_project

# A refusal, or an import of a few comments, takes well under a second of work (CPU time: on a
# shared machine the wall clock stretches). The timeout only stops a hang (a publish build of
# the site takes about a second), which then fails the test.
SECOND = 1
HANG_SECONDS = 10
NOT_PLAIN = "is not a plain slug (letters, digits, '-' and '_' only)"
SEED = "network-before-you-need-it"
# Nine levels of nine aliases each: 9**9 copies of "lol" once expanded.
BILLION_LAUGHS = 'lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + (
    "".join(
        f"lol{level}: &lol{level} [{', '.join([f'*lol{level - 1}'] * 9)}]\n"
        for level in range(1, 9)
    )
)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "site")


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    """One task, as the author runs it, with the CPU seconds it took (``cpu_seconds``).

    No bytecode is written, so the project's tree shows only what the task wrote.
    """
    before = _children_cpu_seconds()
    result = subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project, capture_output=True, text=True, check=False, timeout=HANG_SECONDS,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": TEST_EPOCH,
             "SITEURL": TEST_SITEURL},
    )  # fmt: skip
    result.cpu_seconds = _children_cpu_seconds() - before
    return result


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) below ``folder``."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def refused_in_one_line(result: subprocess.CompletedProcess, line: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == line + "\n"
    assert result.stdout == ""
    assert result.cpu_seconds < SECOND


# --- a. invoke comment --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["../../x"], f"post slug '../../x' {NOT_PLAIN}"),
        (["/etc/x"], f"post slug '/etc/x' {NOT_PLAIN}"),
        ([".."], f"post slug '..' {NOT_PLAIN}"),
        ([SEED, "--replyto", "../../y"], f"Replyto '../../y' {NOT_PLAIN}"),
        ([SEED, "--replyto", "/etc/passwd"], f"Replyto '/etc/passwd' {NOT_PLAIN}"),
        ([SEED, "--date", "99999999999-01-01"], "date '99999999999-01-01' is not a date"),
    ],
)
def test_a_comment_whose_slug_reply_or_date_is_refused_writes_nothing(project, args, line):
    before = tree(project.parent)
    result = invoke(project, "comment", *args, "--author", "A", "--text", "hi")
    refused_in_one_line(result, line)
    assert tree(project.parent) == before


def test_the_same_comment_with_a_plain_slug_is_written_in_its_folder(project):
    before = tree(project.parent)
    result = invoke(project, "comment", SEED, "--author", "A", "--text", "hi", "--date",
                    "2026-11-20 09:30")  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = project / "content" / "comments" / SEED / "2026-11-20-0930-a.md"
    assert result.stdout == f"{written}\n" and result.stderr == ""
    after = tree(project.parent)
    assert set(after) - set(before) == {
        "site/content/comments",
        f"site/content/comments/{SEED}",
        f"site/content/comments/{SEED}/2026-11-20-0930-a.md",
    }


# --- b. invoke import-comments --------------------------------------------------------------


def disqus_export(threads: dict[str, tuple[str, str]], posts: list[tuple[str, str, str]]) -> str:
    """A Disqus export: threads {id: (link, identifier)}, posts [(id, thread id, parent id)]."""
    thread_xml = "".join(
        f'<thread dsq:id="{number}"><id>{identifier}</id><link>{link}</link></thread>'
        for number, (link, identifier) in threads.items()
    )
    post_xml = "".join(
        f'<post dsq:id="{number}"><message>&lt;p&gt;Comment {number}&lt;/p&gt;</message>'
        f"<createdAt>2019-03-02T08:15:00Z</createdAt><isDeleted>false</isDeleted>"
        f"<isSpam>false</isSpam><author><name>Reader</name></author>"
        f'<thread dsq:id="{thread}" />' + (f'<parent dsq:id="{parent}" />' if parent else "")
        + "</post>"
        for number, thread, parent in posts
    )  # fmt: skip
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
        f"{thread_xml}{post_xml}</disqus>"
    )


def wordpress_export(items: list[tuple[str, str, list[tuple[str, str]]]]) -> str:
    """A WXR file: items [(post_name, link, [(comment id, parent id)])]."""
    item_xml = "".join(
        f"<item><link>{link}</link><wp:post_name>{name}</wp:post_name>"
        + "".join(
            f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
            "<wp:comment_author>Reader</wp:comment_author>"
            "<wp:comment_date_gmt>2020-05-13 12:01:00</wp:comment_date_gmt>"
            f"<wp:comment_content>Comment {number}</wp:comment_content>"
            "<wp:comment_approved>1</wp:comment_approved>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
            for number, parent in comments
        )
        + "</item>"
        for name, link, comments in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        f"{item_xml}</channel></rss>"
    )


OLD = "https://old.example"
DISQUS_HOSTILE = disqus_export(
    threads={
        "1": (f"{OLD}/2019/03/{SEED}/", ""),
        "2": ("", "../../escape"),  # no link: the thread's identifier names the post
        "3": (f"{OLD}/..", ""),
        "4": ("", "/etc/x"),
    },
    posts=[
        ("5001", "1", ""),
        ("5002", "2", ""),
        ("5003", "3", ""),
        ("5004", "4", ""),
        ("../../x", "1", ""),
        ("5005", "1", "/etc/x"),
        ("5006", "1", "5001"),
    ],
)
DISQUS_REFUSED = [
    f"comment 'disqus-5002': post slug '../../escape' {NOT_PLAIN}; not imported",
    f"comment 'disqus-5003': post slug '..' {NOT_PLAIN}; not imported",
    f"comment 'disqus-5004': post slug '/etc/x' {NOT_PLAIN}; not imported",
    f"comment 'disqus-../../x': id '../../x' {NOT_PLAIN}; not imported",
    f"comment 'disqus-5005': parent id '/etc/x' {NOT_PLAIN}; not imported",
]
WORDPRESS_HOSTILE = wordpress_export(
    [
        (SEED, f"{OLD}/?p=1", [("601", "0"), ("../y", "0"), ("602", "../../z")]),
        ("../../escape", f"{OLD}/?p=2", [("603", "0")]),
        ("/etc/x", f"{OLD}/?p=3", [("604", "0")]),
        ("", f"{OLD}/2020/05/..%2F..%2Fescape/", [("605", "0")]),
    ]
)
WORDPRESS_REFUSED = [
    f"comment 'wordpress-../y': id '../y' {NOT_PLAIN}; not imported",
    f"comment 'wordpress-602': parent id '../../z' {NOT_PLAIN}; not imported",
    f"comment 'wordpress-603': post slug '../../escape' {NOT_PLAIN}; not imported",
    f"comment 'wordpress-604': post slug '/etc/x' {NOT_PLAIN}; not imported",
    f"comment 'wordpress-605': post slug '..%2F..%2Fescape' {NOT_PLAIN}; not imported",
]


@pytest.mark.parametrize(
    ("text", "refused", "imported"),
    [
        (DISQUS_HOSTILE, DISQUS_REFUSED, ["disqus-5001.md", "disqus-5006.md"]),
        (WORDPRESS_HOSTILE, WORDPRESS_REFUSED, ["wordpress-601.md"]),
    ],
    ids=["disqus", "wordpress"],
)
def test_an_export_refuses_each_comment_filed_by_a_path_and_imports_the_rest(
    project, text, refused, imported
):
    export = project.parent / "export.xml"
    export.write_text(text)
    before = tree(project.parent)
    # The task reads every post to find where comments go: that is its cost with no hostile
    # input at all, measured in the same run; refusing must add less than a second to it.
    baseline = invoke(project, "import-comments", str(project.parent / "missing.xml"))
    assert baseline.returncode == 1
    result = invoke(project, "import-comments", str(export))
    assert result.returncode == 0, result.stderr
    assert result.cpu_seconds < baseline.cpu_seconds + SECOND
    assert result.stderr.splitlines() == [f"{export}: {line}" for line in refused]
    comments = project / "content" / "comments"
    assert result.stdout.splitlines() == [
        *(str(comments / SEED / name) for name in imported),
        f"{len(imported)} comment(s) imported, 0 already there, {len(refused)} refused",
    ]
    added = set(tree(project.parent)) - set(before)
    assert added == {
        "site/content/comments",
        f"site/content/comments/{SEED}",
        *(f"site/content/comments/{SEED}/{name}" for name in imported),
    }


# --- c. a counts file shaped like "billion laughs" ---------------------------------------


ALIAS_LINE = "content/data/views.yaml:2: an alias (*lol0) repeats another value: write it out"


def test_a_views_task_refuses_a_billion_laughs_counts_file_in_one_line(project):
    (project / "content/data/views.yaml").write_text(BILLION_LAUGHS)
    log = project.parent / "access.log"
    log.write_text(
        f'203.0.113.5 - - [10/Nov/2026:10:00:00 +0000] "GET /{SEED}/ HTTP/1.1" 200 1 "-" "x"\n'
    )
    before = tree(project.parent)
    refused_in_one_line(invoke(project, "views-logs", "--log", str(log)), ALIAS_LINE)
    assert tree(project.parent) == before


def test_a_publish_build_of_a_billion_laughs_counts_file_stops_with_its_line(project):
    (project / "content/data/views.yaml").write_text(BILLION_LAUGHS)
    before = tree(project.parent)
    result = invoke(project, "ci-build")
    assert result.returncode == 1
    shown = [line for line in result.stdout.splitlines()
             if not line.startswith("WARNING") and not line.endswith(" to do")]  # fmt: skip
    assert shown == [
        f"ERROR: {ALIAS_LINE}",
        "CRITICAL: Build stopped before writing anything: 1 problem above",
    ]
    assert result.stderr == "Nothing was sent: the build failed (1 problem(s) above).\n"
    after = tree(project.parent)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert {name for name in changed if not name.startswith("site/.cache")} == set()  # its cache


# --- invoke newpost -------------------------------------------------------------------------


def test_a_title_without_a_slug_is_refused_and_nothing_is_written(project):
    before = tree(project.parent)
    result = invoke(project, "newpost", "../../")
    refused_in_one_line(result, f"the title's slug '' {NOT_PLAIN}")
    assert tree(project.parent) == before
