"""Serving a built site on 127.0.0.1, for the audit and the browser tests."""

from __future__ import annotations

import contextlib
import functools
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def free_port() -> int:
    """A port nothing listens on now, for a site that must be built for its own address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def served(root: Path, port: int) -> Iterator[str]:
    """Serve a built site on 127.0.0.1:port while the block runs."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str, timeout: float = 60) -> tuple[int, str]:
    """Status and text of one answer, an error status included (no answer raises OSError)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
