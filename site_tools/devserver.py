"""The author's dev server: rebuild on every change, reload the browser, show build errors.

Static files are served by WhiteNoise. While the last build failed, every HTML
request gets an error page naming the problem instead, and livereload's script
in it reloads the page as soon as a fixed build succeeds.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from livereload import Server
from whitenoise import WhiteNoise

from .building import BuildResult, run_pelican

logger = logging.getLogger(__name__)

WATCHED = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py")


class DevBuild:
    """Builds the site and remembers whether the last build stopped."""

    def __init__(self, settings: str, output: Path):
        self.settings = settings
        self.output = output
        self.last: BuildResult | None = None

    def __call__(self) -> None:
        self.last = run_pelican(self.settings, self.output)
        for problem in self.last.problems:
            logger.error(problem)
        if self.last.ok:
            logger.info("Rebuilt %s", self.output)
        else:
            logger.error("Build failed; the dev server shows the error until it is fixed")

    @property
    def failed(self) -> bool:
        return self.last is not None and not self.last.ok


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


def make_app(build: DevBuild):
    """WSGI app: the built site, or the error page while the last build failed."""

    def not_found(environ, start_response):
        page = build.output / "404.html"
        body = page.read_bytes() if page.exists() else b"Not found"
        start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
        return [body]

    static = WhiteNoise(not_found, root=str(build.output), autorefresh=True, index_file=True)

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        wants_page = path.endswith("/") or path.endswith(".html")
        if build.failed and wants_page:
            start_response("500 Build Failed", [("Content-Type", "text/html; charset=utf-8")])
            return [error_page(build.last.problems)]
        return static(environ, start_response)

    return app


def serve(settings: str, output: Path, host: str, port: int) -> None:
    """Build once, then serve with live reload until interrupted."""
    output.mkdir(parents=True, exist_ok=True)
    build = DevBuild(settings, output)
    build()
    server = Server(app=make_app(build))
    for path in WATCHED:
        server.watch(path, build, delay=0.2)
    server.serve(host=host, port=port, open_url_delay=None, restart_delay=0)
