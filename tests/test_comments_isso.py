"""`invoke comments-pull`: comments approved in a real Isso become comment files, and only them.

Isso is started from the repository's isso.cfg (moderation on) on 127.0.0.1; comments are sent
as the form sends them and approved through the activation links Isso prints. Faults are
played by Isso itself (stopped, a switched-off endpoint, a tampered database) and by a
misbehaving server on 127.0.0.1.
"""

from __future__ import annotations

import email
import http.server
import os
import re
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
from email.policy import default
from pathlib import Path

import pytest

from site_tools.localhost import free_port
from tests.helpers import (
    ROOT,
    approve,
    build,
    copy_project,
    isso_call,
    isso_comment,
    isso_for,
    page,
)

SEED = "network-before-you-need-it"
SAMPLE = "sample-asking-for-introductions"


def pull(comments: Path, isso: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "comments-pull", "--isso", isso, "--into", str(comments),
         *extra],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(path.relative_to(folder)): (path.read_text(encoding="utf-8"), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*.md"))
    }


def header(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


@pytest.fixture
def isso(tmp_path):
    with isso_for(tmp_path, "http://127.0.0.1:8000") as running:
        yield running


def test_approved_comments_become_files_threaded_once(isso, content_copy, tmp_path):
    comments = content_copy / "comments"
    first = isso_comment(
        isso,
        f"/{SEED}/",
        author="Ada & Co",
        email="ada@example.org",
        website="https://ada.example",
        text="Great **post**.\n\nSecond line.",
    )
    reply = isso_comment(isso, f"/{SEED}/", author="Bo", parent=first["id"], text="Thanks, Ada!")
    pending = isso_comment(isso, f"/{SAMPLE}/", author="Cy", text="Still waiting.")
    approve(isso, first["id"])
    approve(isso, reply["id"])

    result = pull(comments, isso.url)
    assert result.returncode == 0, result.stderr
    assert "2 comment(s) pulled, 0 updated, 0 unchanged" in result.stdout
    written = sorted(path.relative_to(comments).as_posix() for path in comments.rglob("*.md"))
    assert written == [f"{SEED}/isso-{first['id']}.md", f"{SEED}/isso-{reply['id']}.md"]
    top = comments / SEED / f"isso-{first['id']}.md"
    assert header(top) == {"Author": "Ada & Co", "Date": header(top)["Date"],
                           "Website": "https://ada.example"}  # fmt: skip
    assert top.read_text().endswith("\n\nGreat **post**.\n\nSecond line.\n")
    assert header(comments / SEED / f"isso-{reply['id']}.md")["Replyto"] == f"isso-{first['id']}"
    assert not any("ada@example.org" in path.read_text() for path in comments.rglob("*.md"))
    assert f"isso-{pending['id']}" not in str(written)

    before = snapshot(comments)
    again = pull(comments, isso.url)
    assert "0 comment(s) pulled, 0 updated, 2 unchanged" in again.stdout
    assert snapshot(comments) == before

    output = tmp_path / "output"
    assert build(output, content=content_copy).ok
    post = page(output, f"{SEED}/")
    assert post.select_one("#comments-title").get_text() == "2 comments"
    nested = post.select_one(f"#comment-isso-{first['id']} ol #comment-isso-{reply['id']}")
    assert nested is not None and "Thanks, Ada!" in nested.get_text()


def test_an_edit_is_pulled_and_a_deletion_is_kept_unless_pruned(isso, content_copy):
    comments = content_copy / "comments"
    first = isso_comment(isso, f"/{SEED}/", author="Ada", text="First version.")
    second = isso_comment(isso, f"/{SEED}/", author="Bo", text="Another one.")
    approve(isso, first["id"])
    approve(isso, second["id"])
    assert pull(comments, isso.url).returncode == 0

    edit = isso.activation_link(first["id"]).replace("/activate/", "/edit/")
    assert isso_call(edit, {"text": "Second version.", "author": "Ada"}, "POST")[0] == 200
    delete = isso.activation_link(second["id"]).replace("/activate/", "/delete/")
    assert isso_call(delete, method="POST")[0] == 200
    result = pull(comments, isso.url)
    assert "0 comment(s) pulled, 1 updated, 0 unchanged, 1 no longer in Isso kept" in result.stdout
    assert (comments / SEED / f"isso-{first['id']}.md").read_text().endswith("Second version.\n")
    assert (comments / SEED / f"isso-{second['id']}.md").exists()

    pruned = pull(comments, isso.url, "--prune")
    assert "1 no longer in Isso removed" in pruned.stdout
    assert not (comments / SEED / f"isso-{second['id']}.md").exists()
    assert (comments / SEED / f"isso-{first['id']}.md").exists()


def test_a_thread_of_no_post_and_texts_isso_never_accepts_are_one_line_each(isso, content_copy):
    comments = content_copy / "comments"
    ids = [
        isso_comment(isso, uri, author="Eve", text="Hello there.")["id"]
        for uri in ("/../../../../tmp/escape/", "/no-such-post/", f"/{SEED}/")
    ]
    for number in (1, 2):
        ids.append(isso_comment(isso, f"/{SAMPLE}/", author="Eve", text=f"Text {number}.")["id"])
    for comment_id in ids:
        approve(isso, comment_id)
    with sqlite3.connect(isso.database) as db:  # what Isso's own checks would have refused
        db.execute("UPDATE comments SET text = ' ' WHERE id = ?", (ids[3],))
        db.execute("UPDATE comments SET text = ? WHERE id = ?", ("x" * 70000, ids[4]))

    result = pull(comments, isso.url)
    assert result.returncode == 0
    problems = result.stderr.strip().splitlines()
    assert problems == [
        "thread '/../../../../tmp/escape/': no post has this address; its 1 comment(s) are not "
        "pulled",
        "thread '/no-such-post/': no post has this address; its 1 comment(s) are not pulled",
        f"comment isso-{ids[3]}: its text is empty; not pulled",
        f"comment isso-{ids[4]}: its text is 70000 characters, over 65535; not pulled",
    ]
    written = [path.relative_to(content_copy).as_posix() for path in content_copy.rglob("*.md")]
    assert f"comments/{SEED}/isso-{ids[2]}.md" in written
    assert not [path for path in written if path.startswith("comments/") and SEED not in path]
    assert not Path("/tmp/escape").exists()


# --- Faults: nothing written, nothing already there lost, one line ----------------------------


KEPT = "Author: Kept\nDate: 2026-11-20 09:30\n\nAlready in the repository.\n"


@pytest.fixture
def kept(content_copy) -> Path:
    comments = content_copy / "comments"
    (comments / SEED).mkdir(parents=True)
    (comments / SEED / "isso-1.md").write_text(KEPT)
    return comments


def assert_nothing_changed(result, comments: Path, problem: str) -> None:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0], result.stderr
    assert [path.name for path in comments.rglob("*.md")] == ["isso-1.md"]
    assert (comments / SEED / "isso-1.md").read_text() == KEPT


def test_faults_of_a_real_isso(tmp_path, kept):
    with isso_for(tmp_path, "http://127.0.0.1:8000", general={"latest-enabled": "false"}) as isso:
        approve(isso, isso_comment(isso, f"/{SEED}/", author="A", text="Hello there.")["id"])
        switched_off = pull(kept, isso.url)
        url = isso.url
    assert_nothing_changed(switched_off, kept, "answered HTTP 404 NOT FOUND")
    assert_nothing_changed(
        pull(kept, url), kept, f"Isso at {url}/latest?limit=1000000: could not be read ("
    )


LATEST = b'[{"id": 2, "parent": null, "mode": 1, "created": 1795521600, "uri": "/x/", "text": "t"}]'
ANSWERS = {
    "/server-error": (500, b"oops"),
    "/rate-limited": (429, b"slow down"),
    "/not-json": (200, b"<html>not json</html>"),
    "/deep-json": (200, b"[" * 100_000),
    "/wrong-shape": (200, b'{"replies": "none"}'),
    "/bad-comment": (200, b'[{"id": -3, "mode": 1, "created": 0, "uri": "/x/"}]'),
}


class Misbehaving(http.server.BaseHTTPRequestHandler):
    """Isso gone wrong: errors, not JSON, the wrong JSON, too much, too slow."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        route = "/" + self.path.split("?")[0].split("/")[1]  # the fault; then Isso's own path
        if route.startswith("/thread-fails") and "/latest" not in self.path:
            return self.answer(503, b"down")
        if route.startswith("/thread-fails"):
            return self.answer(200, LATEST)
        if route in ANSWERS:
            return self.answer(*ANSWERS[route])
        if route == "/huge":  # 40 MB declared
            return self.answer(200, b"[" + b" " * 40 * 1024 * 1024 + b"]")
        if route == "/endless":  # no length: the reading stops at the limit
            self.send_response(200)
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b" " * 1024 * 1024)
            return None
        if route == "/to-a-file":  # a redirect to the machine's own files is not followed
            self.send_response(302)
            self.send_header("Location", f"file://{ROOT}/isso.cfg")
            self.end_headers()
            return None
        if route == "/silent":
            time.sleep(5)
            return self.answer(200, b"[]")
        if route == "/trickle":  # a byte a quarter second: each wait is short, the whole is not
            self.send_response(200)
            self.end_headers()
            for _ in range(120):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.25)
        return None

    def answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    """A client that gave up (the point of the trickle and the huge answers) is no error here."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def misbehaving():
    server = QuietServer(("127.0.0.1", 0), Misbehaving)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_without_an_isso_address_nothing_is_pulled(kept):
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "comments-pull", "--into", str(kept)],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "COMMENTS_ISSO_URL": ""},
    )  # fmt: skip
    assert_nothing_changed(
        result, kept, "No Isso to pull from: set COMMENTS_ISSO_URL or pass --isso."
    )


def test_an_address_that_is_not_http_is_refused(kept):
    result = pull(kept, f"file://{ROOT}")
    assert_nothing_changed(result, kept, "Isso's address is not an http(s) address")


@pytest.mark.parametrize(
    ("route", "problem"),
    [
        ("/server-error", "answered HTTP 500"),
        ("/rate-limited", "answered HTTP 429"),
        ("/not-json", "the answer is not JSON"),
        ("/deep-json", "the answer is not JSON"),
        ("/wrong-shape", "not what Isso answers"),
        ("/bad-comment", "not what Isso answers (0.id: Input should be greater than 0)"),
        ("/thread-fails", "answered HTTP 503"),
        ("/huge", "more than the limit (33,554,432)"),
        ("/endless", "is more than the limit (33,554,432 bytes)"),
        ("/silent", "could not be read (timed out)"),
        ("/trickle", "was not complete after 3 s"),
        ("/to-a-file", "answered HTTP 302"),
    ],
)
def test_faults_of_a_misbehaving_server(misbehaving, kept, route, problem):
    started = time.monotonic()
    result = pull(kept, misbehaving + route, "--timeout", "1")
    assert_nothing_changed(result, kept, problem)
    assert time.monotonic() - started < 15  # the trickle alone would take 30 s


# --- CI: the pull becomes a commit on main, comment files only ---------------------------------


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                          cwd=repo, capture_output=True, text=True, check=True)  # fmt: skip
    return done.stdout.strip()


def ci_comments(project: Path, isso_url: str, output: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "COMMENTS_ISSO_URL": isso_url,
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(output),
        "PYTHONPATH": f"{project}:{project / 'plugins'}",
    }
    env.pop("GITHUB_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "invoke", "ci-comments"], cwd=project, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip


def test_ci_commits_the_pulled_files_only_and_pushes_them_to_main(isso, tmp_path):
    project = copy_project(tmp_path / "project")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    git(project, "init", "--quiet", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "the site")
    git(project, "remote", "add", "origin", str(origin))
    git(project, "push", "--quiet", "origin", "main")
    approve(isso, isso_comment(isso, f"/{SEED}/", author="Ada", text="Kept in git.")["id"])
    post = project / "content" / "posts" / f"{SEED}.md"
    post.write_text(post.read_text() + "\nAn edit that is not CI's to commit.\n")
    output = tmp_path / "github-output"

    result = ci_comments(project, isso.url, output)
    assert result.returncode == 0, result.stderr
    commit = output.read_text().strip().removeprefix("commit=")
    assert git(origin, "rev-parse", "main") == commit
    changed = git(origin, "show", "--name-only", "--format=", commit).splitlines()
    assert changed == [f"content/comments/{SEED}/isso-1.md"]
    assert git(project, "status", "--porcelain") == f"M content/posts/{SEED}.md"

    again = ci_comments(project, isso.url, output)
    assert again.returncode == 0 and "committed" not in again.stdout
    assert git(origin, "rev-parse", "main") == commit


def test_ci_says_a_failed_pull_in_one_warning_and_goes_on(tmp_path):
    project = copy_project(tmp_path / "project")
    git(project, "init", "--quiet", "-b", "main")
    result = ci_comments(project, f"http://127.0.0.1:{free_port()}", tmp_path / "github-output")
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("::warning::")]
    assert warnings == ["::warning::comments were not pulled (see the line above); the site is "
                        "built with the comments already in the repository"]  # fmt: skip
    assert "could not be read (" in result.stderr
    assert not (tmp_path / "github-output").exists()


# --- The editors' mail: isso.cfg's notices carry the signed activation link ------------------


class SmtpSink(socketserver.StreamRequestHandler):
    """Just enough SMTP to receive Isso's notices (no TLS, no login), kept in server.mails."""

    def handle(self):
        self.wfile.write(b"220 sink\r\n")
        message, reading = [], False
        while line := self.rfile.readline():
            if reading and line.rstrip(b"\r\n") == b".":
                self.server.mails.append(
                    email.message_from_bytes(b"".join(message), policy=default)
                )
                message, reading = [], False
                self.wfile.write(b"250 kept\r\n")
            elif reading:
                message.append(line[1:] if line.startswith(b"..") else line)
            elif line[:4].upper() == b"DATA":
                reading = True
                self.wfile.write(b"354 go on\r\n")
            elif line[:4].upper() == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_the_editors_mail_carries_the_link_that_approves(tmp_path):
    sink = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpSink)
    sink.mails = []
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    smtp = {"host": "127.0.0.1", "port": str(sink.server_address[1]), "security": "none"}
    try:
        with isso_for(tmp_path, "http://127.0.0.1:8000", general={"notify": "smtp"},
                      smtp=smtp) as isso:  # fmt: skip
            sent = isso_comment(isso, f"/{SEED}/", author="Ada", email="ada@example.org",
                                text="Mail me the link.")  # fmt: skip
            for _ in range(100):
                if sink.mails:
                    break
                time.sleep(0.1)
            (mail,) = sink.mails
            assert mail["To"] == "comments@theconnectedprofessional.example"  # isso.cfg's
            body = mail.get_content()
            assert "Mail me the link." in body
            link = re.search(r"Activate comment: (\S+)", body)[1]
            assert link.startswith(f"{isso.url}/id/{sent['id']}/activate/")
            assert isso_call(link, method="POST") == (200, "Comment has been activated")
            status, thread = isso_call(f"{isso.url}/?uri=/{SEED}/")
            assert status == 200
            assert [reply["text"] for reply in thread["replies"]] == ["<p>Mail me the link.</p>"]
    finally:
        sink.shutdown()
        sink.server_close()
