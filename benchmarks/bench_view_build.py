"""What view counts add to the build of a 1,000-post site (goal: under 2%); not run by pytest.

    python3 -m benchmarks.bench_view_build [--posts 1000] [--rounds 4]

Generates a synthetic blog (seeded) with a count for every post, then builds it with and
without the view_counts plugin in alternating order (fresh processes, no content cache) and
compares the fastest wall and CPU times. On a shared machine those differ by more than 2% from
one run to the next, so a third run adds up the plugin's own costs inside one build: importing
it, its signal handler, and the "N views" labels the templates render (counted in the output,
each timed by rendering the post_meta partial with and without a count).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE_PLUGINS = ["pelican.plugins.neighbors", "build_guard", "blog_core"]
WITH_PLUGINS = ["pelican.plugins.neighbors", "build_guard", "view_counts", "blog_core"]
WORDS = [
    *("network", "mentor", "career", "coffee", "conference", "follow", "up", "introduction"),
    *("leader", "team", "trust", "community", "event", "skill", "growth", "habit", "contact"),
    *("referral", "colleague", "industry", "story"),
]


def make_blog(content: Path, posts: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    (content / "posts").mkdir(parents=True)
    (content / "data").mkdir()
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    counts = []
    for number in range(posts):
        slug = f"post-{number:04d}"
        body = "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(5)
        )
        tags = ", ".join(sorted({rng.choice(WORDS) for _ in range(3)}))
        (content / "posts" / f"{slug}.md").write_text(
            f"Title: Post {number}: {rng.choice(WORDS).title()}\nSlug: {slug}\n"
            f"Date: {2020 + number % 6}-{1 + number % 12:02d}-{1 + number % 28:02d} 09:00\n"
            f"Author: The Editors\nCategory: {rng.choice(WORDS).title()}\nTags: {tags}\n"
            f"Summary: A synthetic post for the build benchmark.\n\n{body}\n"
        )
        key = f"/{slug}/" if number % 10 == 0 else slug
        counts.append(f"{key}: {rng.randrange(0, 5000)}\n")
    (content / "data" / "views.yaml").write_text("".join(counts))


def pelican_args(content: Path, output: Path, plugins: list[str]) -> list[str]:
    return [
        str(content), "--settings", str(ROOT / "pelicanconf.py"), "--output", str(output),
        "--cache-path", str(output.parent / "cache"), "--log-handler", "plain", "-q",
        "-e", f"PLUGINS={json.dumps(plugins)}", "LOAD_CONTENT_CACHE=false", "CACHE_CONTENT=false",
    ]  # fmt: skip


def timed_build(content: Path, output: Path, plugins: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one build in a fresh process (Pelican's own command, which
    loads the plugins named: the first post's page says whether view_counts ran)."""
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", *pelican_args(content, output, plugins)]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit("a benchmark build failed")
    seconds = time.perf_counter() - start, usage.ru_utime + usage.ru_stime
    shown = " views</span>" in (output / "post-0000" / "index.html").read_text(encoding="utf-8")
    if shown != ("view_counts" in plugins):
        sys.exit(f"view_counts {'ran' if shown else 'did not run'} in a build with {plugins}")
    return seconds


def label_cost(repeats: int = 20_000) -> float:
    """Extra seconds one "N views" label costs a template: post_meta rendered with and without."""
    from types import SimpleNamespace

    import jinja2

    from blog_core.filters import FILTERS
    from blogkit.labels import count_label

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    template = env.get_template("partials/post_meta.html")
    from datetime import datetime

    def item(views):
        return SimpleNamespace(
            date=datetime(2026, 1, 1), locale_date="January 1, 2026", modified=None,
            authors=[SimpleNamespace(name="The Editors", url="author/the-editors/")],
            category=SimpleNamespace(name="Career", url="category/career/"),
            reading_time=3, view_count=views, comment_count=None, url="post/",
            view_label=None if views is None else count_label(views, "view"),
            comment_label=None,
        )  # fmt: skip

    best = {}
    for views in (None, 1234, None, 1234):
        context = {"item": item(views), "SITEURL": "", "SHOW_READING_TIME": True}
        start = time.perf_counter()
        for _ in range(repeats):
            template.render(context)
        elapsed = (time.perf_counter() - start) / repeats
        best[views] = min(best.get(views, elapsed), elapsed)
    return max(0.0, best[1234] - best[None])


def handler_share(content: str, output: str) -> None:
    """Child process: one build with the plugin's handler timed; prints the plugin's costs."""
    os.chdir(ROOT)
    from pelican import main as pelican_main

    import build_guard  # noqa: F401  loaded by every build anyway: not the plugin's cost

    start = time.perf_counter()
    from view_counts import plugin

    imported = time.perf_counter() - start
    spent = []
    original = plugin.attach_view_counts

    def attach_timed(generator):
        start = time.perf_counter()
        original(generator)
        spent.append(time.perf_counter() - start)

    plugin.attach_view_counts = attach_timed

    start = time.perf_counter()
    pelican_main(pelican_args(Path(content), Path(output), WITH_PLUGINS))
    build = time.perf_counter() - start
    labels = sum(
        page.read_text(encoding="utf-8").count(" views</span>")
        + page.read_text(encoding="utf-8").count(" view</span>")
        for page in Path(output).rglob("*.html")
    )
    result = {"build": build, "import": imported, "handler": sum(spent), "labels": labels}
    print(json.dumps({**result, "label_seconds": label_cost()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        handler_share(*args.child)
        return
    with tempfile.TemporaryDirectory() as scratch:
        content, output = Path(scratch) / "content", Path(scratch) / "output"
        make_blog(content, args.posts)
        times = {"without": [], "with": []}
        kinds = [("without", BASE_PLUGINS), ("with", WITH_PLUGINS)]
        for round_number in range(args.rounds):  # ABBA order: neither kind always goes first
            for kind, plugins in kinds if round_number % 2 == 0 else kinds[::-1]:
                times[kind].append(timed_build(content, output, plugins))
        shutil.rmtree(output, ignore_errors=True)
        inner = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_view_build", "--child", str(content),
             str(output)],
            cwd=ROOT,
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        share = json.loads(inner.stdout.strip().splitlines()[-1])
    print(f"{args.posts} posts, {args.rounds} rounds each (fresh process, no content cache)")
    for kind, runs in times.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(
            f"  {kind:8s} view_counts: wall min {min(walls):6.2f} s median "
            f"{statistics.median(walls):6.2f} s; cpu min {min(cpus):6.2f} s"
        )
    for index, label in ((0, "wall"), (1, "cpu")):
        base = min(run[index] for run in times["without"])
        extra = min(run[index] for run in times["with"]) - base
        print(f"  added by view_counts ({label}, fastest runs): {100 * extra / base:+.2f}%")
    templates = share["labels"] * share["label_seconds"]
    own = share["import"] + share["handler"] + templates
    print(
        f"  the plugin's own costs in one {share['build']:.2f} s build: import "
        f"{share['import'] * 1000:.1f} ms, handler {share['handler'] * 1000:.1f} ms, "
        f"{share['labels']} labels x {share['label_seconds'] * 1e6:.1f} us = "
        f"{templates * 1000:.1f} ms of templates"
    )
    print(f"  total {own * 1000:.1f} ms = {100 * own / share['build']:.2f}% (goal: under 2%)")


if __name__ == "__main__":
    main()
