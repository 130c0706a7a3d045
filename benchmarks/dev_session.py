"""An author's session with the dev server, as the dev-loop benchmark and tests live it.

``DevServer`` runs ``invoke livereload`` in a project folder, its log in a file;
``Browser`` is what a browser tab is to the server: it asks for pages over HTTP and keeps
livereload's WebSocket open (the same handshake as livereload.js), so the server knows the
page it shows and tells it when to reload.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tornado.websocket import websocket_connect

from site_tools.localhost import fetch

# What the dev server logs once a build has written every file.
SETTLED = ("Built the whole site in", "Rebuilt in")
FAILED = "CRITICAL:"
# What livereload logs as it tells the tabs it knows to reload ("Reload 1 waiters: None").
RELOAD = re.compile(r"^Reload (\d+) waiters")


class LoggedServer:
    """A server started in ``project`` with its log in a file, which says when it has built."""

    def __init__(self, project: Path, command: list[str], log: str, env: dict | None = None):
        self.project = project
        self.log = project / log
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                command, cwd=project, stdout=output, stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {})}, start_new_session=True,
            )  # fmt: skip

    def builds(self) -> int:
        """How many builds it has finished so far, as its log says."""
        raise NotImplementedError

    def wait_builds(self, count: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while self.builds() < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{self.log.name}: no build finished:\n{self.log.read_text()}")
            time.sleep(0.05)

    def stop(self) -> None:
        """It and every process it started (the group it leads)."""
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


class DevServer(LoggedServer):
    """``invoke livereload --port PORT`` in ``project``, until ``stop``."""

    def __init__(self, project: Path, port: int, env: dict | None = None):
        command = [sys.executable, "-m", "invoke", "livereload", f"--port={port}"]
        super().__init__(project, command, "livereload.log", env)
        self.url = f"http://127.0.0.1:{port}"

    def builds(self) -> int:
        """Builds that have written every file (the output folder is then complete), or failed."""
        lines = self.log.read_text(errors="replace").splitlines()
        return sum(line.startswith(FAILED) or any(mark in line for mark in SETTLED)
                   for line in lines)  # fmt: skip

    def reloads_sent(self) -> int:
        """Reload messages livereload has sent so far, to every tab it knows."""
        lines = self.log.read_text(errors="replace").splitlines()
        return sum(int(found[1]) for line in lines if (found := RELOAD.match(line)))

    def get(self, path: str) -> tuple[int, str]:
        return fetch(self.url + path)


class Browser:
    """One tab showing a page of ``server``, told by livereload when to reload."""

    def __init__(self, server: DevServer):
        self.server = server
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.socket = self._run(self._connect())
        self.page = "/"
        self.reloads = 0  # reload messages received

    def _run(self, coroutine, timeout: float = 60):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _connect(self, timeout: float = 30):
        """The server logs its first build a moment before it listens: ask until it does."""
        address = self.server.url.replace("http://", "ws://") + "/livereload"
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket = await websocket_connect(address)
                break
            except ConnectionRefusedError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.05)
        hello = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
        await socket.write_message(json.dumps(hello))
        await socket.read_message()
        return socket

    async def _send(self, message: dict) -> None:
        await self.socket.write_message(json.dumps(message))

    async def _receive(self) -> dict:
        return json.loads(await self.socket.read_message())

    def open(self, path: str) -> str:
        """Show ``path``: the server learns it from the request, as from a real browser."""
        self.page = path
        status, body = self.server.get(path)
        info = {"command": "info", "url": self.server.url + path, "plugins": {}}
        self._run(self._send(info))
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        return body

    def wait_reload(self, timeout: float = 60) -> dict:
        """The next reload livereload sends."""
        while True:
            message = self._run(self._receive(), timeout)
            if message.get("command") == "reload":
                self.reloads += 1
                return message

    def catch_up(self) -> None:
        """Receive every reload the server has sent so far: a build may send two (the open
        page is written again once the whole-site work after the first is done), and the
        next save's reload must not be taken for a late one of the last save."""
        while self.reloads < self.server.reloads_sent():
            self.wait_reload()

    def reload(self) -> tuple[int, str]:
        return self.server.get(self.page)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.socket.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
