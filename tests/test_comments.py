"""Comments: threads, counts on every listing and in JSON-LD, comments off, feeds, bad input."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from tests.helpers import ROOT, TEST_SITEURL, build, jsonld, page, settings_file, text_of

THREADED = "sample-mentoring-circles-that-last"
CLOSED = "sample-volunteering-as-networking"
SEED = "network-before-you-need-it"
GITHUB_REPO = "connectedpro/blog"

# name: (Replyto, date, author) -- a deep chain, a reply to nothing, a three-comment circle.
THREAD = {
    "a-root": (None, "2026-01-01 09:00", "Ana"),
    "b-reply": ("a-root", "2026-01-02 09:00", "Bo"),
    "c-reply": ("b-reply", "2026-01-03 09:00", "Cy"),
    "d-reply": ("c-reply", "2026-01-04 09:00", "Dee"),
    "e-reply": ("d-reply", "2026-01-05 09:00", "Eli"),
    "f-second-root": (None, "2025-12-31 09:00", "Fay"),
    "g-sibling": ("a-root", "2026-01-01 12:00", "Gus"),
    "h-lost": ("no-such-comment", "2026-01-06 09:00", "Hal"),
    "x-circle": ("z-circle", "2026-02-03 09:00", "Xan"),
    "y-circle": ("x-circle", "2026-02-02 09:00", "Yul"),
    "z-circle": ("y-circle", "2026-02-04 09:00", "Zed"),
}


def write_comment(content: Path, slug: str, name: str, header: dict, body: str = "Hello.") -> Path:
    folder = content / "comments" / slug
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text("".join(f"{key}: {value}\n" for key, value in header.items()) + "\n" + body)
    return path


def github_settings(tmp_path: Path) -> str:
    """Publish settings with the GitHub repository set: "add a comment" opens a new file."""
    extra = f"COMMENTS_GITHUB_REPO = {GITHUB_REPO!r}\nCOMMENTS_GITHUB_BRANCH = 'main'\n"
    return settings_file(tmp_path, "github_settings", "publishconf", extra)


@pytest.fixture(scope="module")
def threaded(tmp_path_factory):
    """A published build with a threaded post, a post with comments off and a stray folder."""
    base = tmp_path_factory.mktemp("threaded")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    for name, (replyto, date, author) in THREAD.items():
        header = {"Author": author, "Date": date}
        if replyto:
            header["Replyto"] = replyto
        write_comment(content, THREADED, name, header, f"Comment {name}.")
    write_comment(content, CLOSED, "old", {"Author": "Olga", "Date": "2025-02-01 10:00"}, "Old.")
    post = content / "posts" / "samples" / "sample-volunteering.md"
    post.write_text(post.read_text().replace("Slug: ", "Comments: off\nSlug: ", 1))
    stray = write_comment(content, "no-such-post", "kept", {"Author": "Kim", "Date": "2026-01-01"})
    output = base / "output"
    result = build(output, settings=github_settings(base), content=content)
    assert result.ok, result.output
    return output, result, stray


def comment_ids(element) -> list[str]:
    """Ids of the comments directly in a list (not their replies)."""
    return [li["id"] for li in element.find_all("li", recursive=False)]


def test_threads_nest_replies_oldest_first(threaded):
    output, _, _ = threaded
    section = page(output, f"{THREADED}/").find("section", id="comments")
    top = section.find("ol", class_="comment-list")
    assert comment_ids(top) == [
        "comment-f-second-root",
        "comment-a-root",
        "comment-h-lost",
        "comment-y-circle",
    ]
    assert comment_ids(top.find("li", id="comment-a-root").find("ol")) == [
        "comment-g-sibling",
        "comment-b-reply",
    ]
    # e-reply sits four levels below a-root: li > ol > li > ol > li > ol > li > ol > li
    deepest = section.find("li", id="comment-e-reply")
    ancestors = [li["id"] for li in deepest.find_parents("li")]
    assert ancestors == ["comment-d-reply", "comment-c-reply", "comment-b-reply", "comment-a-root"]
    # the circle is cut at its oldest comment (y); then z answers y and x answers z
    circle = section.find("li", id="comment-y-circle")
    assert [li["id"] for li in circle.find_all("li")] == ["comment-z-circle", "comment-x-circle"]
    every_id = [li["id"] for li in section.find_all("li")]
    assert sorted(every_id) == sorted(f"comment-{name}" for name in THREAD)  # each shown once


def test_each_comment_has_author_time_permalink_and_body(threaded):
    output, _, _ = threaded
    li = page(output, f"{THREADED}/").find("li", id="comment-b-reply")
    meta = li.find("p", class_="comment-meta")
    assert text_of(meta.find("b")) == "Bo"
    time = meta.find("time")
    assert time["datetime"] == "2026-01-02T09:00:00-05:00"
    assert text_of(time) == "January 2, 2026"
    assert time.find_parent("a")["href"] == "#comment-b-reply"
    assert text_of(li.find("article").find_all("p")[-1]) == "Comment b-reply."


def test_broken_threads_are_reported_with_file_and_line(threaded):
    _, result, _ = threaded
    folder = f"comments/{THREADED}"
    lost = [line for line in result.output.splitlines() if f"{folder}/h-lost.md:3:" in line]
    assert len(lost) == 1 and "'no-such-comment'" in lost[0] and "top level" in lost[0]
    circle = [line for line in result.output.splitlines() if "forms a circle" in line]
    assert len(circle) == 1 and f"{folder}/y-circle.md:3:" in circle[0]


def test_comment_files_are_never_read_as_posts_or_pages(threaded):
    output, result, _ = threaded
    assert "Processed 8 articles, 0 drafts, 0 hidden articles, 1 page," in " ".join(
        result.output.split()
    )
    assert not [path for path in output.rglob("*.html") if "reply" in path.as_posix()]
    assert not (output / "comments").exists()


def test_stray_comment_folder_is_reported_and_kept(threaded):
    _, result, stray = threaded
    reported = [line for line in result.output.splitlines() if "no-such-post" in line]
    assert len(reported) == 1 and "no post has the slug 'no-such-post'" in reported[0]
    assert stray.is_file()


def count_text(soup, slug: str) -> list[str]:
    """The comment counts a page shows for one post (post meta lines and archive entries)."""
    found = []
    for link in soup.find_all("a", href=f"/{slug}/"):
        holder = link.find_parent("article") or link.find_parent("li")
        for label in holder.find_all(string=re.compile(r"\d+ comments?\b")):
            found.append(re.search(r"\d+ comments?", label).group())
    meta = soup.find("a", class_="comments-count", href=f"/{slug}/#comments")
    if meta is not None and text_of(meta) not in found:
        found.append(text_of(meta))
    return found


LISTINGS = [
    "",
    "category/leadership/",
    "tag/mentoring/",
    "author/dana-whitfield/",
    "archives/",
    "archives/2024/",
]


@pytest.mark.parametrize("listing", LISTINGS)
def test_count_includes_replies_on_every_listing(threaded, listing):
    output, _, _ = threaded
    assert count_text(page(output, listing), THREADED) == [f"{len(THREAD)} comments"]


def test_count_on_the_post_and_in_its_json_ld(threaded):
    output, _, _ = threaded
    soup = page(output, f"{THREADED}/")
    meta = soup.find("p", class_="post-meta").find("a", class_="comments-count")
    assert text_of(meta) == "11 comments"
    assert text_of(soup.find("h2", id="comments-title")) == "11 comments"
    posting = next(item for item in jsonld(soup) if item["@type"] == "BlogPosting")
    assert posting["commentCount"] == len(THREAD)
    one = page(output, f"{CLOSED}/")
    assert text_of(one.find("a", class_="comments-count")) == "1 comment"


def test_seed_post_shows_zero_comments_like_its_old_host(site):
    soup = page(site, f"{SEED}/")
    assert text_of(soup.find("a", class_="comments-count")) == "0 comments"
    posting = next(item for item in jsonld(soup) if item["@type"] == "BlogPosting")
    assert posting["commentCount"] == 0
    assert count_text(page(site, "archives/"), SEED) == ["0 comments"]
    section = soup.find("section", id="comments")
    assert section.find("ol") is None
    add = section.find("a", string="Add a comment")["href"]
    parts = urlsplit(add)
    assert parts.scheme == "mailto" and parts.path == "comments@theconnectedprofessional.example"
    assert ": it opens an email to the editors" in text_of(section)
    query = parse_qs(parts.query)
    assert SEED in query["subject"][0]
    assert query["body"][0].startswith("Author: Your name\nDate: 2026-11-24 07:00\n")


def test_comments_off_keeps_comments_but_no_form(threaded):
    output, _, _ = threaded
    section = page(output, f"{CLOSED}/").find("section", id="comments")
    assert [li["id"] for li in section.find_all("li")] == ["comment-old"]
    assert "Comments are closed for this post." in text_of(section)
    assert not [a for a in section.find_all("a") if "github.com" in a["href"]]
    assert section.find("a", string=re.compile("Add a comment|Reply")) is None


def test_add_comment_opens_a_prefilled_github_file(threaded):
    output, _, _ = threaded
    section = page(output, f"{THREADED}/").find("section", id="comments")
    add = urlsplit(section.find("a", string="Add a comment")["href"])
    assert (add.scheme, add.netloc, add.path) == ("https", "github.com", f"/{GITHUB_REPO}/new/main")
    assert ": it opens a new file on GitHub" in text_of(section)
    query = parse_qs(add.query)
    assert query["filename"] == [f"content/comments/{THREADED}/2026-11-24-your-name.md"]
    assert query["value"][0].startswith("Author: Your name\nDate: 2026-11-24 07:00\n")
    reply = section.find("li", id="comment-c-reply").find("a", string="Reply")["href"]
    assert "Replyto: c-reply" in parse_qs(urlsplit(reply).query)["value"][0]


def test_comment_feeds_parse_and_link_each_comment(threaded):
    output, _, _ = threaded
    soup = page(output, f"{THREADED}/")
    head_link = soup.find("link", rel="alternate", href=re.compile("feeds/comments/"))
    assert head_link["href"] == f"{TEST_SITEURL}/feeds/comments/{THREADED}.atom.xml"
    feed_links = soup.find("section", id="comments").find_all("a", type="application/atom+xml")
    assert [a["href"] for a in feed_links] == [
        f"/feeds/comments/{THREADED}.atom.xml",
        "/feeds/comments.atom.xml",
    ]
    feed = feedparser.parse((output / "feeds" / "comments" / f"{THREADED}.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == len(THREAD)
    links = {entry.link for entry in feed.entries}
    assert f"{TEST_SITEURL}/{THREADED}/#comment-e-reply" in links
    recent = feedparser.parse((output / "feeds" / "comments.atom.xml").read_bytes())
    assert not recent.bozo, recent.bozo_exception
    assert [entry.author for entry in recent.entries[:2]] == ["Zed", "Xan"]  # newest first
    assert len(recent.entries) == len(THREAD) + 1
    # A post without comments gets its feed with its first comment: no empty file per post.
    assert not (output / "feeds" / "comments" / f"{SEED}.atom.xml").exists()
    seed = page(output, f"{SEED}/")
    assert seed.find("link", rel="alternate", href=re.compile("feeds/comments/")) is None


BROKEN = {
    "no author": ({"Date": "2026-01-01 10:00"}, None, "Author is missing"),
    "empty author": ({"Author": " ", "Date": "2026-01-01 10:00"}, 1, "Author is empty"),
    "unparsable date": (
        {"Author": "Ana", "Date": "last Tuesday-ish"},
        2,
        "Date 'last Tuesday-ish' is not a date",
    ),
    "reply to itself": (
        {"Author": "Ana", "Date": "2026-01-01 10:00", "Replyto": "broken"},
        3,
        "Replyto names this comment itself",
    ),
}


@pytest.mark.parametrize(("header", "line", "problem"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_comment_stops_a_publish_build_with_one_line(
    content_copy, tmp_path, header, line, problem
):
    write_comment(content_copy, SEED, "broken", header)
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert not result.ok
    where = f"comments/{SEED}/broken.md" + (f":{line}" if line else "")
    matching = [text for text in result.output.splitlines() if text.endswith(f"{where}: {problem}")]
    assert len(matching) == 1, result.output
    assert "Traceback" not in result.output
    assert not output.exists() or not any(output.rglob("*.html")), "a stopped build wrote pages"


def test_dev_build_reports_a_broken_comment_and_shows_the_rest(content_copy, tmp_path):
    write_comment(content_copy, SEED, "broken", {"Author": "Ana", "Date": "soon"})
    write_comment(content_copy, SEED, "fine", {"Author": "Bo", "Date": "2026-01-01 10:00"})
    output = tmp_path / "output"
    result = build(output, settings="pelicanconf.py", content=content_copy)
    assert result.ok, result.output
    assert [p for p in result.problems if p.endswith("broken.md:2: Date 'soon' is not a date")]
    soup = page(output, f"{SEED}/")
    assert [li["id"] for li in soup.find("section", id="comments").find_all("li")] == [
        "comment-fine"
    ]
    assert "Date 'soon' is not a date" in text_of(soup.find(class_="build-problems"))


def test_bad_comment_settings_are_reported_in_one_line(tmp_path):
    settings = Path(github_settings(tmp_path))
    settings.write_text(
        settings.read_text().replace(repr(GITHUB_REPO), repr("not a repository"))
        + "COMMENTS_FEED_MAX_ITEMS = -3\nBUILD_GUARD_STRICT = False\n"
    )
    output = tmp_path / "output"
    result = build(output, settings=str(settings))
    assert result.ok, result.output
    assert result.problems == [
        "COMMENTS_GITHUB_REPO is 'not a repository': it must be 'owner/repository'; using ''",
        "COMMENTS_FEED_MAX_ITEMS is -3: it must be a positive whole number; using 20",
    ]
    section = page(output, f"{SEED}/").find("section", id="comments")
    assert section.find("a", string="Add a comment")["href"].startswith("mailto:")
    assert "opens an email" in text_of(section)


def test_read_comments_are_cached_until_their_file_changes(content_copy, tmp_path):
    """A warm build takes unchanged comments from Pelican's cache; problems are said every time."""
    header = {"Author": "Ana", "Date": "2026-01-01 10:00"}
    kept = write_comment(content_copy, SEED, "kept", header, "First words.")
    edited = write_comment(content_copy, SEED, "edited", header, "Before the edit.")
    write_comment(content_copy, SEED, "odd", {**header, "Website": "ftp://example.org"})
    output, cache = tmp_path / "output", tmp_path / "cache"
    first = build(output, settings="pelicanconf.py", content=content_copy, cache=cache)
    assert first.ok, first.output
    assert (cache / "CommentThreads").is_file()

    # Same size and modification time, other words: only a cached reading still shows "First".
    stamp = kept.stat()
    kept.write_text(kept.read_text().replace("First words.", "Other words."))
    os.utime(kept, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    edited.write_text(edited.read_text().replace("Before the edit.", "After the edit."))

    second = build(output, settings="pelicanconf.py", content=content_copy, cache=cache)
    assert second.ok, second.output
    shown = text_of(page(output, f"{SEED}/").find("section", id="comments"))
    assert "First words." in shown and "Other words." not in shown
    assert "After the edit." in shown and "Before the edit." not in shown
    for result in (first, second):
        assert "odd.md:3: Website 'ftp://example.org' is not an http(s) address" in result.output
