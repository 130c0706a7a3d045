"""Pagefind's service mode: one process that takes pages one at a time, then writes the bundle.

Pagefind's own Python wrapper (``pagefind.index``) waits 0.1 s before reading each answer, so
a thousand pages would take 100 s; this client speaks the same protocol (each message JSON,
base64-encoded, then a comma) without waiting: pages are sent as they come and the answers are
read once, when the bundle is written. Pagefind indexes pages in the order they are sent, so
callers send them in an order that does not change between two builds.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import tempfile
from pathlib import Path

INDEX_ID = 0  # the first index a fresh service makes (its first message asks for it)


class IndexingFailed(Exception):
    """Pagefind could not index the site; the message is one line."""


def pagefind_binary() -> str:
    """The Pagefind binary inside the installed wheel (pagefind-bin-extended)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    binary = get_executable() if get_executable else None
    if binary is None:
        raise IndexingFailed(
            "Pagefind is not installed: python3 -m pip install -r requirements.txt"
        )
    return str(binary)


class PagefindService:
    """A running ``pagefind --service`` indexing pages of ``site`` (paths relative to it)."""

    def __init__(self, site: Path):
        self.site = site
        binary = pagefind_binary()
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (read if Pagefind fails)
        try:
            self.process = subprocess.Popen(
                [binary, "--service"],
                cwd=site,  # Pagefind makes each page's URL from its path relative to here
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
            )
        except OSError as error:
            raise IndexingFailed(f"Pagefind could not run ({binary}): {error.strerror}") from None
        self.sent = 0
        self.stopped = False  # Pagefind has gone: what it said is read when the bundle is due
        self.send({"type": "NewIndex", "config": None})

    def send(self, payload: dict) -> None:
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode()
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()  # nothing left in the buffer a forked process copies
        except BrokenPipeError:
            self.stopped = True

    def add(self, relative: str, html: bytes) -> None:
        """Index one page of the site, as Pagefind would read it from ``site/relative``."""
        if self.stopped:
            return
        self.send(
            {
                "type": "AddFile",
                "index_id": INDEX_ID,
                "file_path": relative,
                "url": None,
                "file_contents": html.decode("utf-8", errors="replace"),
            }
        )

    def bundle_files(self) -> dict[str, bytes]:
        """The index of every page sent: the bundle's files by path; the first error fails it.

        Asked for in memory, not written by Pagefind: its service answers before the files it
        writes are complete, and stops when its input closes, unfinished writes or not."""
        self.send({"type": "GetFiles", "index_id": INDEX_ID})
        answers = self.answers()
        with contextlib.suppress(BrokenPipeError):  # what a gone Pagefind was not sent
            self.process.stdin.close()
        self.process.wait()
        if len(answers) < self.sent:
            raise IndexingFailed(f"Pagefind could not index {self.site}: {self.last_words()}")
        refused = [answer for answer in answers if answer["type"] == "Error"]
        if refused:
            reason = " ".join(refused[0]["message"].split())
            raise IndexingFailed(f"Pagefind could not index {self.site}: {reason}")
        return {file["path"]: base64.b64decode(file["content"]) for file in answers[-1]["files"]}

    def answers(self) -> list[dict]:
        """Every answer, up to the last message's (fewer if Pagefind stopped)."""
        answers, pending = [], b""
        while len(answers) < self.sent:
            chunk = self.process.stdout.read1(1 << 16)
            if not chunk:
                break
            *messages, pending = (pending + chunk).split(b",")
            answers += [json.loads(base64.b64decode(m))["payload"] for m in messages]
        return answers

    def last_words(self) -> str:
        self.errors.seek(0)
        lines = self.errors.read().decode(errors="replace").strip().splitlines()
        return " ".join(line.strip() for line in lines[-2:]) or f"exit {self.process.returncode}"

    def stop(self) -> None:
        """Leave without a bundle (a build that did not finish)."""
        self.process.kill()
        self.process.wait()
