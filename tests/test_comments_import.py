"""`invoke import-comments` (Disqus, WordPress) and `invoke comment`: files the build then shows."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, build, jsonld, page, text_of

FIXTURES = ROOT / "tests" / "fixtures" / "comments"
DISQUS = FIXTURES / "disqus-export.xml"
WORDPRESS = FIXTURES / "wordpress-export.xml"


def invoke(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*.md"))}


def header(path: Path) -> dict[str, str]:
    head = path.read_text().split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Both exports imported twice into a copy of the content, then the site built."""
    base = tmp_path_factory.mktemp("imported")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    comments = content / "comments"
    runs = {}
    for export in (DISQUS, WORDPRESS):
        first = invoke("import-comments", str(export), "--into", str(comments))
        after_first = snapshot(comments)
        second = invoke("import-comments", str(export), "--into", str(comments))
        runs[export.name] = (first, second, after_first, snapshot(comments))
    output = base / "output"
    result = build(output, content=content)
    assert result.ok, result.output
    return comments, runs, output


def test_disqus_import_keeps_threads_and_drops_spam_and_deleted(imported):
    comments, runs, _ = imported
    first = runs[DISQUS.name][0]
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == "4 comment(s) imported, 0 already there"
    seed = comments / "network-before-you-need-it"
    assert sorted(p.name for p in seed.iterdir()) == [
        "disqus-4410001.md",
        "disqus-4410002.md",
        "disqus-4410003.md",
    ]
    assert header(seed / "disqus-4410001.md") == {
        "Author": "María José Núñez",
        "Date": "2019-03-02 08:15+00:00",
    }
    assert header(seed / "disqus-4410003.md")["Replyto"] == "disqus-4410002"
    text = (seed / "disqus-4410001.md").read_text()
    assert "[writing this](https://example.com/story" in text
    assert "maria@example.com" not in text and "203.0.113.7" not in text
    assert "<script>" not in (seed / "disqus-4410003.md").read_text()
    coffee = comments / "sample-twenty-minute-coffee-chats" / "disqus-4410006.md"
    assert header(coffee)["Author"] == "Priya Raman"  # thread mapped from its .html link


def test_wordpress_import_keeps_threads_and_drops_pingbacks_spam_pending(imported):
    comments, runs, _ = imported
    first = runs[WORDPRESS.name][0]
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == "4 comment(s) imported, 0 already there"
    circles = comments / "sample-mentoring-circles-that-last"
    assert sorted(p.name for p in circles.iterdir()) == [
        "wordpress-301.md",
        "wordpress-302.md",
        "wordpress-303.md",
    ]
    assert header(circles / "wordpress-301.md") == {
        "Author": "Tom O'Brien",
        "Date": "2020-05-13 12:01+00:00",
        "Website": "https://tomobrien.example/blog",
    }
    assert header(circles / "wordpress-302.md") == {  # its javascript: website is dropped
        "Author": "The Editors",
        "Date": "2020-05-13 14:15+00:00",
        "Replyto": "wordpress-301",
    }
    assert "**no agenda**" in (circles / "wordpress-301.md").read_text()
    local = comments / "sample-volunteering-as-networking" / "wordpress-410.md"
    assert header(local)["Date"] == "2021-02-04 18:20"  # no GMT date: the site's time zone


@pytest.mark.parametrize("export", [DISQUS, WORDPRESS], ids=["disqus", "wordpress"])
def test_importing_twice_creates_no_duplicates(imported, export):
    _, runs, _ = imported
    _, second, after_first, after_second = runs[export.name]
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == ["0 comment(s) imported, 4 already there"]
    assert after_second == after_first


def test_imported_threads_are_shown_and_counted(imported):
    _, _, output = imported
    soup = page(output, "network-before-you-need-it/")
    reply = soup.find("li", id="comment-disqus-4410003")
    parents = [li["id"] for li in reply.find_parents("li")]
    assert parents == ["comment-disqus-4410002", "comment-disqus-4410001"]
    assert text_of(soup.find("a", class_="comments-count")) == "3 comments"
    posting = next(item for item in jsonld(soup) if item["@type"] == "BlogPosting")
    assert posting["commentCount"] == 3
    circles = page(output, "sample-mentoring-circles-that-last/")
    author = circles.find("li", id="comment-wordpress-301").find("b").find("a")
    assert author["href"] == "https://tomobrien.example/blog"
    assert author["rel"] == ["nofollow", "ugc", "noopener"]


def test_import_refuses_entity_tricks_and_unknown_files(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><disqus xmlns="http://disqus.com">&lol2;</disqus>'
    )
    result = invoke("import-comments", str(bomb), "--into", str(tmp_path / "comments"))
    assert result.returncode == 1 and "refused" in result.stderr
    other = tmp_path / "feed.xml"
    other.write_text("<feed/>")
    result = invoke("import-comments", str(other), "--into", str(tmp_path / "comments"))
    assert result.returncode == 1
    assert "neither a Disqus export nor a WordPress WXR file" in result.stderr
    assert not (tmp_path / "comments").exists()


def test_invoke_comment_adds_a_file_from_stdin_and_from_text(tmp_path):
    shutil.copytree(ROOT / "content" / "posts", tmp_path / "posts")
    folder = tmp_path / "comments"
    args = ["comment", "network-before-you-need-it", "--author", "Ana Ruiz", "--into", str(folder)]
    first = invoke(*args, "--date", "2026-11-20 09:30", stdin="Great post.\n\nSecond *para*.\n")
    assert first.returncode == 0 and first.stderr == "", first.stderr
    path = Path(first.stdout.strip())
    assert path == folder / "network-before-you-need-it" / "2026-11-20-0930-ana-ruiz.md"
    assert path.read_text() == (
        "Author: Ana Ruiz\nDate: 2026-11-20 09:30\n\nGreat post.\n\nSecond *para*.\n"
    )
    reply = invoke(
        "comment", "network-before-you-need-it", "--author", "Ana Ruiz", "--into", str(folder),
        "--date", "2026-11-20 09:30", "--text", "Me again.", "--replyto", path.stem,
        "--website", "https://ana.example",
    )  # fmt: skip
    assert reply.returncode == 0, reply.stderr
    second = Path(reply.stdout.strip())
    assert second.name == "2026-11-20-0930-ana-ruiz-2.md"
    assert header(second) == {
        "Author": "Ana Ruiz",
        "Date": "2026-11-20 09:30",
        "Website": "https://ana.example",
        "Replyto": "2026-11-20-0930-ana-ruiz",
    }
    missing = invoke(*args, "--text", "Hi", "--replyto", "nope")
    assert missing.returncode == 1 and "nothing to reply to" in missing.stderr
    empty = invoke(*args, "--text", "  ")
    assert empty.returncode == 1 and "needs some text" in empty.stderr
    typo = invoke("comment", "network-before-you-need", "--author", "A", "--text", "Hi",
                  "--into", str(folder))  # fmt: skip
    assert typo.returncode == 0
    assert "no post has the slug 'network-before-you-need'" in typo.stderr


def test_a_disqus_thread_is_matched_to_a_post_by_an_old_address_it_lists(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "posts", content / "posts")
    seed = content / "posts" / "network-before-you-need-it.md"
    seed.write_text(seed.read_text().replace("\n", "\nOld_urls: /2019/03/nbyni.html\n", 1))
    export = tmp_path / "disqus.xml"
    export.write_text(
        DISQUS.read_text().replace(
            "https://old.connectedpro.example/2019/03/network-before-you-need-it/",
            "https://old.connectedpro.example/2019/03/nbyni.html?utm_source=x",
        )
    )
    comments = content / "comments"
    result = invoke("import-comments", str(export), "--into", str(comments))
    assert result.returncode == 0, result.stderr
    assert sorted(path.parent.name for path in comments.rglob("*.md")) == [
        "network-before-you-need-it",
        "network-before-you-need-it",
        "network-before-you-need-it",
        "sample-twenty-minute-coffee-chats",
    ]
