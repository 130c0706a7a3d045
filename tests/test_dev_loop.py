"""The dev loop: each save shows on the open page at the first reload, and once the builder
settles, the output folder is byte for byte a fresh full build of the same sources.

A real ``invoke livereload`` in a copy of the project, a client speaking livereload's protocol
as the browser's script does, real edits of posts, templates, the stylesheet and data files.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from benchmarks.dev_session import Browser, DevServer
from benchmarks.synthetic_blog import post_slug, write_posts
from site_tools.building import run_pelican
from site_tools.localhost import free_port
from tests.helpers import TEST_EPOCH, copy_project, same_tree

SEED = "content/posts/network-before-you-need-it.md"
SEED_PAGE = "/network-before-you-need-it/"
ENV = {"SOURCE_DATE_EPOCH": TEST_EPOCH}
NEW_POST = """Title: A Post Written During the Session
Slug: written-during-the-session
Date: 2026-11-20 08:00
Author: The Editors
Category: Career Growth
Tags: networking

Fresh from the editor.
"""


@pytest.fixture
def session(tmp_path):
    project = copy_project(tmp_path / "site")
    write_posts(project / "content", 30)  # enough for paginated tag and category lists
    server = DevServer(project, free_port(), env=ENV)
    try:
        server.wait_builds(1)
        browser = Browser(server)
        yield project, server, browser
        browser.close()
    finally:
        server.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


def saved(server: DevServer, browser: Browser, change) -> str:
    """Make ``change``; the first reload already serves the page as changed. Waits to settle."""
    status, body = answer_after(server, browser, change)
    assert status == 200, body[:500]
    return body


def answer_after(server: DevServer, browser: Browser, change) -> tuple[int, str]:
    """The open page's answer at the first reload after ``change``, once the build settled."""
    settled = server.builds()
    browser.catch_up()
    change()
    browser.wait_reload()
    answer = browser.reload()
    server.wait_builds(settled + 1)
    return answer


def fresh_build(project: Path, output: Path):
    return run_pelican(
        "pelicanconf.py", output, "--cache-path", str(output.parent / "fresh-cache"),
        env=ENV, cwd=project,
    )  # fmt: skip


@pytest.mark.slow
def test_every_kind_of_save_is_on_the_first_reload_and_settles_to_a_full_build(session):
    project, server, browser = session
    seed = project / SEED
    page = browser.open(SEED_PAGE)
    assert "Networking Saves Lives" in page

    body = saved(server, browser, lambda: edit(seed, "Saves Lives", "Saved Lives"))
    assert "Networking Saved Lives" in body
    card = share_card(body)  # drawn alone before the reload, the rest after it
    assert card.startswith("cards/network-before-you-need-it-"), card
    assert card != share_card(page), "the open page names the card of its new title"
    with Image.open(project / "output" / card) as image:
        assert image.size == (1200, 627)

    footer = project / "theme/templates/partials/footer.html"
    body = saved(server, browser, lambda: edit(footer, "<footer", "<!-- edited --><footer"))
    assert "<!-- edited --><footer" in body

    views = project / "content/data/views.yaml"
    body = saved(server, browser, lambda: edit(views, "need-it: 5", "need-it: 4321"))
    assert "4,321 views" in body

    browser.open("/")
    new_post = project / "content/posts/written-during-the-session.md"
    body = saved(server, browser, lambda: new_post.write_text(NEW_POST))
    assert "A Post Written During the Session" in body, "the home page lists the new post"
    status, page = server.get("/written-during-the-session/")
    assert status == 200 and "Fresh from the editor." in page

    deleted = project / "content/posts/synthetic-post-00029.md"
    saved(server, browser, deleted.unlink)

    browser.open(SEED_PAGE)
    broken = project / "content/posts/broken.md"
    body = saved(server, browser, lambda: broken.write_text("Title: Broken\nDate: whenever\n\nx\n"))
    assert "content/posts/broken.md:2: Date &#39;whenever&#39; is not a date" in body
    fixed = "Title: Fixed\nDate: 2026-11-01\n\nx\n"
    body = saved(server, browser, lambda: broken.write_text(fixed))
    assert "broken.md" not in body

    stylesheet = project / "theme/static/css/main.css"
    reloads_before = server.builds()
    browser.catch_up()
    edit(stylesheet, "}", "}\n/* edited */")
    assert browser.wait_reload()["path"].endswith("main.css"), "only the stylesheet reloads"
    assert "/* edited */" in server.get("/theme/css/main.css")[1]
    server.wait_builds(reloads_before + 1)

    fresh = fresh_build(project, project.parent / "fresh")
    assert fresh.ok, fresh.output
    assert same_tree(project / "output", project.parent / "fresh") == []


def share_card(page: str) -> str:
    """The page's share card (``og:image``), as a path in the output."""
    meta = BeautifulSoup(page, "html.parser").select_one('meta[property="og:image"]')
    return urlsplit(meta["content"]).path.lstrip("/")


def set_field(path: Path, name: str, value: str) -> None:
    """Write ``Name: value`` over a post's header line of that name."""
    lines = path.read_text().splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith(f"{name}:"))
    lines[at] = f"{name}: {value}\n"
    path.write_text("".join(lines))


def synthetic(project: Path, number: int) -> Path:
    return project / f"content/posts/synthetic-post-{number:05d}.md"


COMMENT = "Author: A Reader\nDate: 2026-11-21 10:00\n\nKept posts show new comments.\n"
REPLY = "Author: Another\nDate: 2026-11-21 11:00\nReplyto: first-reader\n\nA reply, nested.\n"
LINKING_POST = """Title: A Post That Links to Another
Slug: linking-post
Date: 2026-11-19 08:00
Author: The Editors
Category: Career Growth

See [the fifth post]({filename}synthetic-post-00005.md).
"""


@pytest.mark.slow
def test_what_a_post_shows_of_other_posts_and_data_follows_them(session):
    """Posts the builder keeps between saves show what changed elsewhere: a neighbour's title,
    a comment, view counts on a listing, a tag, the address of a post they link to."""
    project, server, browser = session
    browser.open("/synthetic-post-00010/")
    newer = synthetic(project, 11)
    body = saved(server, browser, lambda: set_field(newer, "Title", "A Renamed Neighbour"))
    assert 'rel="next"><span>Newer</span> A Renamed Neighbour</a>' in body

    comment = project / "content/comments/synthetic-post-00010/first-reader.md"
    body = saved(server, browser, lambda: write_file(comment, COMMENT))
    assert "Kept posts show new comments." in body and "1 comment" in body
    reply = comment.with_name("second-reader.md")
    body = saved(server, browser, lambda: write_file(reply, REPLY))
    assert "A reply, nested." in body and "2 comments" in body
    body = saved(server, browser, lambda: edit(comment, "show new", "show edited"))
    assert "Kept posts show edited comments." in body and "A reply, nested." in body

    browser.open("/")
    views = project / "content/data/views.yaml"
    body = saved(
        server,
        browser,
        lambda: edit(views, "need-it: 5", "need-it: 5\nsample-asking-for-introductions: 777"),
    )
    assert "777 views" in body

    browser.open("/tags/")
    tagged = synthetic(project, 12)
    body = saved(server, browser, lambda: set_field(tagged, "Tags", "a-brand-new-tag, trust"))
    assert "a-brand-new-tag" in body

    linking = project / "content/posts/linking-post.md"
    saved(server, browser, lambda: linking.write_text(LINKING_POST))
    browser.open("/linking-post/")
    body = saved(server, browser, lambda: set_field(synthetic(project, 5), "Slug", "renamed-post"))
    assert 'href="/renamed-post/"' in body

    fresh = fresh_build(project, project.parent / "fresh")
    assert fresh.ok, fresh.output
    assert same_tree(project / "output", project.parent / "fresh") == []


BROKEN_LINK = "\nSee [a page that is gone](/no-such-page/).\n"
LINK_PROBLEM = "leads to no page of this site (no-such-page/index.html is not written)"


def reloaded_twice(server: DevServer, browser: Browser, change) -> str:
    """The open page after the second reload ``change`` brings: the plugins' whole-site checks
    run after the first, and the open page, written again with what they found, reloads."""
    settled = server.builds()
    browser.catch_up()
    change()
    browser.wait_reload()
    browser.wait_reload()
    status, body = browser.reload()
    server.wait_builds(settled + 1)
    assert status == 200, body[:500]
    return body


@pytest.mark.slow
def test_what_is_checked_after_the_reload_reaches_the_open_page_and_settles_to_a_full_build(
    session,
):
    """The link check and the old addresses run after the reload: a new broken link's problem
    comes with a second reload, then at the first one of every save while it stays; its fix
    clears it the same way; an old address is written as a redirect."""
    project, server, browser = session
    seed = project / SEED
    browser.open(SEED_PAGE)

    def break_link() -> None:
        text = seed.read_text().replace("Tags:", "Aliases: /old-seed-address/\nTags:", 1)
        seed.write_text(text + BROKEN_LINK)

    body = reloaded_twice(server, browser, break_link)
    assert LINK_PROBLEM in body
    status, redirect = server.get("/old-seed-address/")
    assert status == 200 and 'content="0; url=/network-before-you-need-it/"' in redirect

    body = saved(server, browser, lambda: edit(seed, "Saves Lives", "Saved Lives"))
    assert "Networking Saved Lives" in body and LINK_PROBLEM in body

    body = reloaded_twice(server, browser, lambda: edit(seed, BROKEN_LINK, ""))
    assert LINK_PROBLEM not in body and "build-problems" not in body

    fresh = fresh_build(project, project.parent / "fresh")
    assert fresh.ok, fresh.output
    assert same_tree(project / "output", project.parent / "fresh") == []


@pytest.mark.slow
def test_read_next_lists_worked_out_after_the_reload_settle_to_a_full_build(session):
    """A save that changes which posts are alike is shown at once with the last lists; the
    new ones are worked out after the reload, and the open post, whose list changed, comes
    with a second reload; settled, the output is a fresh full build."""
    project, server, browser = session
    seed, other = project / SEED, project / "content" / "posts" / f"{post_slug(7)}.md"
    title = other.read_text().split("Title: ", 1)[1].split("\n", 1)[0]
    browser.open(SEED_PAGE)
    body = saved(server, browser, lambda: edit(seed, "Tags: ", "Tags: Rare Interest, "))
    assert title not in read_next(body)

    def alike() -> None:  # the seed's category and every tag of it
        set_field(other, "Category", "Career Growth")
        set_field(other, "Tags", "Rare Interest, networking, leadership, resilience, career")

    body = reloaded_twice(server, browser, alike)
    assert title in read_next(body)
    fresh = fresh_build(project, project.parent / "fresh")
    assert fresh.ok, fresh.output
    assert same_tree(project / "output", project.parent / "fresh") == []


def read_next(page: str) -> str:
    return BeautifulSoup(page, "html.parser").select_one("section.related").get_text(" ")


def write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.slow
def test_a_broken_template_shows_its_line_and_the_fix_clears_it(session):
    project, server, browser = session
    browser.open(SEED_PAGE)
    base = project / "theme/templates/base.html"
    good = base.read_text()
    broken = good.replace("{%", "{% nonsense %}{%", 1)
    status, body = answer_after(server, browser, lambda: base.write_text(broken))
    assert status == 500 and "TemplateSyntaxError" in body and "livereload.js" in body

    body = saved(server, browser, lambda: base.write_text(good))
    assert "Networking Saves Lives" in body


@pytest.mark.slow
def test_pages_asked_for_before_the_builder_reaches_them_are_never_stale(session):
    project, server, browser = session
    browser.open(SEED_PAGE)
    footer = project / "theme/templates/partials/footer.html"
    settled = server.builds()
    browser.catch_up()
    edit(footer, "<footer", "<!-- every page --><footer")
    browser.wait_reload()
    for path in ("/tags/", "/category/career-growth/", "/archives/", "/events/", "/about/"):
        status, body = server.get(path)
        assert status == 200 and "<!-- every page -->" in body, path
    server.wait_builds(settled + 1)
