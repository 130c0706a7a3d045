"""Processor time of a save in the dev server's builder: from a post edit to the open page.

For each N it writes the synthetic blog (benchmarks/synthetic_blog.py) into a copy of the
project and runs the dev server's builder (site_tools.dev_builder) in a process of its own: one
full build, then ``--runs`` saves of a paragraph added to the middle post, the browser showing
that post. Then the same for the floor: Pelican alone (no plugins, its own theme, the same
posts and addresses) in the same builder. Each save is timed from the change to the open page
written (the builder's "ready": what the browser then reloads), in processor time, which other
work on the machine disturbs far less than wall time, and in wall time; the first save is left
out (it warms what the builder keeps). Where the site's time went: each receiver of Pelican's
signals (a plugin's work on every post), the builder's planning of the output and its fresh
copies of kept posts, each exclusive of the others; the rest is Pelican's own (reading, the
context, the page itself). bench_dev_loop times the same save end to end, file event and
browser included.

    python3 -m benchmarks.bench_save_cpu --sizes 1000 --runs 6
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import statistics
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from blinker import Signal
from pelican import get_instance, parse_arguments

from benchmarks.bench_dev_loop import ENV, project_with_posts
from benchmarks.sweep import run_sizes
from benchmarks.synthetic_blog import post_slug
from blogkit.pelican_internals import keeping
from site_tools import dev_builder
from site_tools.run_pelican import prepare

SHOWN = 15  # the costliest parts printed
PELICAN_ALONE = """
# The floor: Pelican alone (no plugins, its own theme), the same posts and addresses.
PLUGINS = []
del THEME
DIRECT_TEMPLATES = [name for name in DIRECT_TEMPLATES if name != "sitemap"]
TEMPLATE_PAGES = {}
"""


class Spans:
    """Processor time of named calls, each exclusive of the named calls inside it."""

    def __init__(self):
        self.totals: dict[str, float] = defaultdict(float)
        self.inner: list[float] = []

    def timed(self, name: str, call, *args, **kwargs):
        started = time.process_time()
        self.inner.append(0.0)
        try:
            return call(*args, **kwargs)
        finally:
            spent = time.process_time() - started
            self.totals[name] += spent - self.inner.pop()
            if self.inner:
                self.inner[-1] += spent

    def wrap(self, owner, attribute: str, name: str) -> None:
        call = getattr(owner, attribute)
        setattr(owner, attribute, lambda *a, **k: self.timed(name, call, *a, **k))

    def watch_signals(self) -> None:
        """Every receiver of every signal, named ``signal: module.receiver``."""

        def send(signal, sender=None, /, **kwargs):
            return [
                (receiver, self.timed(f"{signal.name}: {receiver.__module__}."
                                      f"{receiver.__qualname__}", receiver, sender, **kwargs))
                for receiver in signal.receivers_for(sender)
            ]  # fmt: skip

        Signal.send = send


class StandIn:
    """The server's end of the builder's connection: notes when the open page is written."""

    def __init__(self, on_ready):
        self.on_ready = on_ready

    def send(self, message) -> None:
        if message[0] == "ready":
            self.on_ready()

    def poll(self) -> bool:
        return False


def measure(count: int, runs: int, work: Path) -> dict:
    """The site's saves, then Pelican's alone, each in a new interpreter (signals stay
    connected to the plugins a process has loaded)."""
    floor = project_with_posts(work / "pelican", count)
    with (floor / "pelicanconf.py").open("a") as settings:
        settings.write(PELICAN_ALONE)
    report = {"posts": count}
    for name, project in (("site", project_with_posts(work / "site", count)), ("pelican", floor)):
        spawned = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=spawned) as process:
            report[name] = process.submit(measure_saves, project, count, runs).result()
    return report


def measure_saves(project: Path, count: int, runs: int) -> dict:
    spans = Spans()
    spans.watch_signals()
    spans.wrap(dev_builder, "stage_output", "builder: planning the output")
    spans.wrap(keeping, "fresh_copy", "builder: fresh copies of kept posts")
    os.environ.update(ENV)
    os.chdir(project)
    return saves(project, count, runs, spans)


def saves(project: Path, count: int, runs: int, spans: Spans) -> dict:
    arguments = prepare(["content", "--settings", "pelicanconf.py", "--output", "output"])
    for handler in logging.getLogger().handlers:  # the warnings of every build, as a log file
        handler.setStream((project / "builder.log").open("w"))
    pelican_instance, _settings = get_instance(parse_arguments(arguments))
    marks: dict[str, object] = {}

    def ready() -> None:
        marks.update(cpu=time.process_time(), wall=time.perf_counter(), spans=dict(spans.totals))

    builder = dev_builder.Builder(StandIn(ready), pelican_instance)
    builder.first_build()
    slug = post_slug(count // 2)
    source = project / f"content/posts/{slug}.md"
    builder.open = [f"{slug}/index.html"]
    cpu, wall, parts = [], [], defaultdict(float)
    for number in range(runs + 1):
        with source.open("a") as post:
            post.write(f"\nEdited paragraph {number}.\n")
        spans.totals.clear()
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        builder.rebuild({str(source)})
        if f"Edited paragraph {number}." not in (project / "output" / builder.open[0]).read_text():
            raise SystemExit(f"save {number} is not on {builder.open[0]}")
        if number:  # the first save warms what the builder keeps
            cpu.append(marks["cpu"] - started_cpu)
            wall.append(marks["wall"] - started_wall)
            for name, seconds in marks["spans"].items():
                parts[name] += seconds / runs
    ranked = sorted(parts.items(), key=lambda item: -item[1])
    return {
        "cpu_to_open_page": {"median": round(statistics.median(cpu), 3), "min": round(min(cpu), 3)},
        "wall_to_open_page": {
            "median": round(statistics.median(wall), 3),
            "max": round(max(wall), 3),
        },
        "load_average": round(os.getloadavg()[0], 2),
        "parts": {name: round(seconds, 4) for name, seconds in ranked},
    }


def summary_line(count: int, report: dict) -> str:
    site, floor = report["site"], report["pelican"]
    lines = [f"N={count:>5}: processor time to the open page, median (least) of the saves",
             f"  this site      {times(site)}", f"  Pelican alone  {times(floor)}",
             "  this site's parts:"]  # fmt: skip
    parts = list(site["parts"].items())
    for name, seconds in parts[:SHOWN]:
        lines.append(f"  {seconds * 1000:7.1f} ms  {name}")
    rest = site["cpu_to_open_page"]["median"] - sum(seconds for _, seconds in parts)
    lines.append(f"  {rest * 1000:7.1f} ms  the rest: Pelican's own, the page itself")
    return "\n".join(lines)


def times(report: dict) -> str:
    cpu, wall = report["cpu_to_open_page"], report["wall_to_open_page"]
    return (f"{cpu['median']:.3f} s ({cpu['min']:.3f}); wall {wall['median']:.3f} s "
            f"(max {wall['max']:.3f}); load average {report['load_average']}")  # fmt: skip


def main() -> None:
    description = __doc__.splitlines()[0]
    run_sizes(description, measure, summary_line, sizes=[1000], results_file="save_cpu.json")


if __name__ == "__main__":
    main()
