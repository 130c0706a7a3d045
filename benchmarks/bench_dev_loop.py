"""Save to fresh page: this site's dev server against Pelican's own, on the same posts, in one run.

For each N it copies the project twice with the same synthetic blog (benchmarks/synthetic_blog.py)
and runs (a) ``invoke livereload`` in one copy, (b) ``pelican --autoreload --listen`` (the same
settings, theme and plugins) in the other. Then, alternating between them, it makes each kind of
edit a few times: a post, a template (the footer), the stylesheet, the view counts (views.yaml),
the events (events.yaml) and a new post.
It times each from the save to the moment the server answers the open page with the change:
for the site, the page asked for as soon as livereload tells the browser to reload (which it
must then serve fresh); for Pelican, whose server cannot tell the browser, the page asked for
every 10 ms. Each server finishes its build before the next edit.

    python3 -m benchmarks.bench_dev_loop --sizes 100 1000 --runs 3
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from benchmarks.dev_session import Browser, DevServer, LoggedServer  # noqa: E402
from benchmarks.sweep import run_sizes  # noqa: E402
from benchmarks.synthetic_blog import post_slug, write_posts, write_site_data  # noqa: E402
from site_tools.building import pelican_arguments  # noqa: E402
from site_tools.localhost import fetch, free_port  # noqa: E402
from tests.helpers import copy_project  # noqa: E402

SOURCE_DATE_EPOCH = "1795521600"
ENV = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
KINDS = ("post", "template", "stylesheet", "views.yaml", "events.yaml", "new post")
PELICAN_DONE = "Done: Processed"
# Pelican's autoreload watches the files again only once a build has ended: a save before
# that is never seen (the run waits for a page that never comes). Not timed.
PELICAN_REARM = 1.0
STYLESHEET_SOURCE = "css/main.css"  # in the theme's static folder
STYLESHEET = f"/theme/{STYLESHEET_SOURCE}"
VIEWS, EVENTS = "content/data/views.yaml", "content/data/events.yaml"


@dataclass
class Edit:
    """One save: what it writes, the page that shows it, and the text that proves it."""

    page: str
    make: Callable[[Path], None]  # given the project folder
    proof: str


def append(path: str, text: str) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        with (project / path).open("a") as target:
            target.write(text)

    return make


def replace_line(path: str, pattern: str, line: str) -> Callable[[Path], None]:
    """Write ``line`` over the line that matches ``pattern`` (a regular expression)."""

    def make(project: Path) -> None:
        target = project / path
        target.write_text(re.sub(rf"^{pattern}$", line, target.read_text(), flags=re.M))

    return make


def edits(kind: str, number: int, count: int) -> Edit:
    """The ``number``-th edit of ``kind`` on an N-post blog, each one different."""
    slug = post_slug(count // 2)
    page = f"/{slug}/"
    if kind == "post":
        marker = f"Edited paragraph {number}."
        return Edit(page, append(f"content/posts/{slug}.md", f"\n{marker}\n"), marker)
    if kind == "template":
        marker = f"<!-- footer edit {number} -->"
        return Edit(page, append("theme/templates/partials/footer.html", marker), marker)
    if kind == "stylesheet":  # the browser reloads the stylesheet alone
        marker = f".stylesheet-edit-{number}{{order:{number}}}"  # a rule: minifying keeps it
        return Edit(STYLESHEET, append(f"theme/static/{STYLESHEET_SOURCE}", marker), marker)
    if kind == "views.yaml":
        views = 100_000 + number
        edit = replace_line(VIEWS, rf"{slug}: \d+", f"{slug}: {views}")
        return Edit(page, edit, f"{views:,} views")
    if kind == "events.yaml":  # the second event's place, on the events page
        place = f"Hall 1, edited {number}"
        edit = replace_line(EVENTS, "  location: Hall 1,.*", f"  location: {place}")
        return Edit("/events/", edit, place)
    title = f"Written during the benchmark {number}"
    new_post = (
        f"Title: {title}\nSlug: benchmark-{number}\nDate: 2030-01-{number + 1:02d} 09:00\n"
        "Author: The Editors\nCategory: Career Growth\nTags: network\n\nJust saved.\n"
    )
    return Edit("/", lambda project: (project / f"content/posts/b{number}.md").write_text(new_post),
                title)  # fmt: skip


class PelicanServer(LoggedServer):
    """``pelican --autoreload --listen`` with the site's settings, its log in a file."""

    def __init__(self, project: Path, port: int):
        command = [sys.executable, "-m", "site_tools.run_pelican",
                   *pelican_arguments("pelicanconf.py", "output"),
                   "--autoreload", "--listen", "--port", str(port)]  # fmt: skip
        super().__init__(project, command, "pelican.log", ENV)
        self.url = f"http://127.0.0.1:{port}"

    def builds(self) -> int:
        return self.log.read_text(errors="replace").count(PELICAN_DONE)

    def wait_page(self, path: str, proof: str, timeout: float = 300) -> None:
        """Ask every 10 ms: Pelican's server cannot tell a browser to reload."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                status, body = fetch(self.url + path)
            except (OSError, HTTPException):  # not listening yet, or a file half written
                status, body = 0, ""
            if status == 200 and proof in body:
                return
            if time.monotonic() > deadline:
                raise SystemExit(f"pelican never served {path} with {proof!r}")
            time.sleep(0.01)


def save_on_site(server: DevServer, browser: Browser, edit: Edit) -> tuple[float, bool]:
    """Seconds from the save to the fresh page, and whether the first answer was fresh."""
    browser.open(edit.page)
    settled = server.builds()
    browser.catch_up()
    started = time.perf_counter()
    edit.make(server.project)
    browser.wait_reload()
    status, body = browser.reload()
    seconds = time.perf_counter() - started
    server.wait_builds(settled + 1, timeout=300)
    return seconds, status == 200 and edit.proof in body


def save_on_pelican(pelican: PelicanServer, edit: Edit) -> float:
    done = pelican.builds()
    started = time.perf_counter()
    edit.make(pelican.project)
    pelican.wait_page(edit.page, edit.proof)
    seconds = time.perf_counter() - started
    pelican.wait_builds(done + 1)
    time.sleep(PELICAN_REARM)
    return seconds


def project_with_posts(folder: Path, count: int) -> Path:
    project = copy_project(folder)
    content = project / "content"
    shutil.rmtree(content / "posts")
    write_site_data(content, write_posts(content, count))
    return project


def measure(count: int, runs: int, work: Path) -> dict:
    site = DevServer(project_with_posts(work / "site", count), free_port(), env=ENV)
    pelican = PelicanServer(project_with_posts(work / "pelican", count), free_port())
    started = time.perf_counter()
    site.wait_builds(1, timeout=600)
    first_build = time.perf_counter() - started
    pelican.wait_builds(1, timeout=600)
    browser = Browser(site)
    times: dict[str, dict[str, list[float]]] = {k: {"site": [], "pelican": []} for k in KINDS}
    stale = 0
    try:
        for number in range(runs):
            for kind in KINDS:
                edit = edits(kind, number, count)
                order = ("site", "pelican") if number % 2 == 0 else ("pelican", "site")
                for name in order:
                    if name == "site":
                        seconds, fresh = save_on_site(site, browser, edit)
                        stale += not fresh
                    else:
                        seconds = save_on_pelican(pelican, edit)
                    times[kind][name].append(seconds)
    finally:
        browser.close()
        site.stop()
        pelican.stop()
    return summary(count, times, stale, first_build)


def summary(count: int, times: dict, stale: int, first_build: float) -> dict:
    report = {"posts": count, "first_build_seconds": round(first_build, 2),
              "stale_first_answers": stale, "edits": {}}  # fmt: skip
    for kind, by_server in times.items():
        row = {}
        for name, seconds in by_server.items():
            row[name] = {"median": round(statistics.median(seconds), 3),
                         "max": round(max(seconds), 3)}  # fmt: skip
        row["ratio"] = round(row["site"]["median"] / row["pelican"]["median"], 3)
        report["edits"][kind] = row
    return report


def summary_line(count: int, report: dict) -> str:
    lines = [f"N={count:>5}: first build {report['first_build_seconds']:.2f} s, "
             f"stale first answers: {report['stale_first_answers']}"]  # fmt: skip
    for kind, row in report["edits"].items():
        site, pelican = row["site"], row["pelican"]
        lines.append(f"  {kind:<11} site {site['median']:.3f} s (max {site['max']:.3f}) | "
                     f"pelican {pelican['median']:.3f} s (max {pelican['max']:.3f}) | "
                     f"ratio {row['ratio']:.3f}")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    description = __doc__.splitlines()[0]
    run_sizes(description, measure, summary_line, sizes=[100, 1000], results_file="dev_loop.json")


if __name__ == "__main__":
    main()
