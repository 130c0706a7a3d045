"""The author's dev server: a saved change on the page the browser shows, at once.

A long-lived builder process (site_tools.dev_builder) keeps Pelican loaded. On each change
(watchfiles: the operating system's file events) the server tells it what changed and which
pages the browser showed last; the builder writes those pages and the changed posts' first,
the server reloads the browser (livereload's protocol), and the builder writes the rest.
A page asked for while the builder is not done with it waits until it is written, so no
page served after a save is stale. An edited settings file or plugin starts a new builder.

Static files are served by WhiteNoise. While the last build failed, every HTML request gets
an error page naming the problem, and livereload's script in it reloads the page once a
fixed build succeeds.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from collections import deque
from multiprocessing.connection import Connection
from pathlib import Path

import watchfiles
from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from whitenoise import WhiteNoise

logger = logging.getLogger(__name__)

WATCHED = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py")
# A change to these needs a new builder: Python code the builder has loaded.
RESTARTS = ("plugins", "pelicanconf.py", "publishconf.py")
OPEN_PAGES = 3  # the HTML pages asked for last: what the browser (or its tabs) shows
PAGE_WAIT = 60.0  # seconds a request waits for its page before it is served as it is
# Milliseconds without a new file event before a save's events are passed on (watchfiles'
# ``step``, 50 by default: a sixth of the 0.3 s a save may take): an editor's save (a write,
# or a new file renamed over the old) makes its events within a millisecond or two.
WATCH_STEP = 10


def output_file(url_path: str) -> str:
    """The output file a URL path is served from: ``/post/`` is ``post/index.html``."""
    relative = url_path.lstrip("/")
    return f"{relative}index.html" if relative.endswith("/") or not relative else relative


def reload_path(changed: list[str]) -> str:
    """What livereload.js reloads: only the stylesheet when stylesheets alone changed."""
    if all(path.endswith(".css") for path in changed):
        return changed[0]
    return "*"


class BuilderProcess:
    """The builder, seen from the server: started, told of changes, asked for pages."""

    def __init__(self, arguments: list[str]):
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "site_tools.dev_builder", *arguments,
             "--connection", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            start_new_session=True,  # its own process group: it and its workers stop together
        )  # fmt: skip
        theirs.close()
        self.connection = Connection(ours.detach())
        self.sending = threading.Lock()

    def listen(self, on_message) -> None:
        """Pass each message to ``on_message(builder, kind, body)``, in a thread of its own."""
        threading.Thread(target=self._read, args=(on_message,), daemon=True).start()

    def send(self, kind: str, body) -> None:
        """Send, unless the builder has gone: its reading thread then says so."""
        with self.sending, contextlib.suppress(OSError):
            self.connection.send((kind, body))

    def _read(self, on_message) -> None:
        while True:
            try:
                kind, body = self.connection.recv()
            except (EOFError, OSError):
                on_message(self, "stopped", self.process.wait())
                return
            on_message(self, kind, body)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """It and the worker processes of its first build (the group it leads)."""
        self.connection.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait()


class DevLoop:
    """What the server knows of the build: running or not, failed or not, which pages are fresh."""

    def __init__(self, arguments: list[str], output: Path, watched: tuple[str, ...] = WATCHED):
        self.arguments = arguments
        self.output = output
        self.watched = [Path(path).resolve() for path in watched if Path(path).exists()]
        self.restarts = [Path(path).resolve() for path in RESTARTS]
        self.state = threading.Condition()
        self.building = True
        self.failed: list[str] = []
        self.fresh: set[str] = set()
        self.open_pages: deque[str] = deque(maxlen=OPEN_PAGES)
        self.reload = lambda path: None  # set once the server runs
        self.reload_with = "*"
        self.builder: BuilderProcess | None = None

    def start(self) -> None:
        """Start the builder and wait for its first build."""
        self.restart()
        with self.state:
            self.state.wait_for(lambda: not self.building)

    # --- from the file watcher ---

    def on_changes(self, paths: list[str]) -> None:
        logger.info("Changed: %s", ", ".join(sorted(paths)))
        with self.state:
            self.building, self.fresh = True, set()
            self.reload_with = reload_path(paths)
        if self.builder is None or not self.builder.alive or self.needs_restart(paths):
            self.restart()
        else:
            self.builder.send("changed", {"paths": paths, "open": list(self.open_pages)})

    def needs_restart(self, paths: list[str]) -> bool:
        return any(
            Path(path) == root or root in Path(path).parents
            for path in paths
            for root in self.restarts
        )

    def restart(self) -> None:
        stopping, self.builder = self.builder, None  # its last words are not this build's
        if stopping is not None:
            stopping.stop()
        self.builder = BuilderProcess(self.arguments)
        self.builder.listen(self.on_message)

    # --- from the builder ---

    def on_message(self, builder: BuilderProcess, kind: str, body) -> None:
        if builder is not self.builder:
            return  # one this server stopped
        with self.state:
            if kind == "ready":
                self.failed = []
                self.fresh.update(body["fresh"])
                self.reload(self.reload_with)
            elif kind == "fresh":
                self.fresh.add(body)
            elif kind == "settled":
                self.building = False
            elif kind == "failed":
                self.failed, self.building = body, False
                self.reload("*")
            elif kind == "stopped" and self.building:
                self.failed = self.failed or [f"The builder stopped (exit status {body})"]
                self.building = False
            self.state.notify_all()

    # --- from the web server ---

    def fresh_page(self, path: str) -> None:
        """Remember ``path`` as shown; while a build runs, wait until it has written it."""
        page = output_file(path)
        with self.state:
            if page in self.open_pages:
                self.open_pages.remove(page)
            self.open_pages.appendleft(page)
            if not self.building or page in self.fresh:
                return
        builder = self.builder
        if builder is not None:  # else a new one is starting: it answers once it has built
            builder.send("want", page)
        with self.state:
            self.state.wait_for(lambda: not self.building or page in self.fresh, PAGE_WAIT)


def error_page(problems: list[str]) -> bytes:
    items = "".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in problems)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Build failed</title></head><body style='font-family:system-ui;margin:2rem'>"
        "<h1>The build failed</h1>"
        "<p>Fix the problem below and save: this page reloads by itself.</p>"
        f"<ul>{items}</ul></body></html>"
    ).encode()


def make_app(loop: DevLoop):
    """WSGI app: the built site, each page as the sources make it, or the error page."""

    def not_found(environ, start_response):
        page = loop.output / "404.html"
        body = page.read_bytes() if page.exists() else b"Not found"
        start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
        return [body]

    static = WhiteNoise(not_found, root=str(loop.output), autorefresh=True, index_file=True)

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if path.endswith("/") or path.endswith(".html"):
            loop.fresh_page(path)
            if loop.failed:
                start_response("500 Build Failed", [("Content-Type", "text/html; charset=utf-8")])
                return [error_page(loop.failed)]
        return static(environ, start_response)

    return app


class FileEvents(Watcher):
    """livereload's watcher, fed by watchfiles instead of polling every file each 0.8 s."""

    def __init__(self, loop: DevLoop):
        super().__init__()
        self.loop = loop
        self.stopping = threading.Event()
        for path in loop.watched:  # livereload watches the working folder when given nothing
            self.watch(str(path))

    def start(self, callback) -> bool:
        """Called by livereload as it starts; True: it need not poll."""
        threading.Thread(target=self._watch, daemon=True).start()
        return True

    def _watch(self) -> None:
        watching = watchfiles.watch(*self.loop.watched, step=WATCH_STEP, stop_event=self.stopping)
        for changes in watching:
            self.loop.on_changes(sorted({path for _, path in changes}))


def serve(arguments: list[str], output: Path, host: str, port: int) -> None:
    """Build once, then serve with live reload until interrupted.

    ``arguments`` are Pelican's command-line arguments (content folder, settings, output).
    """
    output.mkdir(parents=True, exist_ok=True)
    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # the server names the change
    loop = DevLoop(arguments, output)
    loop.start()
    ioloop = IOLoop.current()
    loop.reload = lambda path: ioloop.add_callback(LiveReloadHandler.reload_waiters, path)
    watcher = FileEvents(loop)
    server = Server(app=make_app(loop), watcher=watcher)
    # Stopped like Ctrl-C (livereload then returns), so the builder is stopped with it.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        # debug=False: no tornado autoreload polling the server's own modules.
        server.serve(host=host, port=port, open_url_delay=None, restart_delay=0, debug=False)
    finally:
        watcher.stopping.set()
        loop.builder.stop()
