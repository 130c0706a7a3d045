"""What view counts add to the build of a 1,000-post site (goal: under 2%); not run by pytest.

    python3 benchmarks/bench_view_build.py [--posts 1000] [--rounds 4]

Generates a synthetic blog (seeded) with a count for every post, then builds it with and
without the view_counts plugin in alternating order (fresh processes, no content cache) and
compares the fastest wall and CPU times. A third kind of run times the plugin's own signal
handler inside a build, which is the cost free of the noise of a shared machine.
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
    """Wall and CPU seconds of one build in a fresh process."""
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", *pelican_args(content, output, plugins)]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit("a benchmark build failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def handler_share(content: str, output: str) -> None:
    """Child process: one build with the plugin's handler timed; prints both times."""
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "plugins"))
    from view_counts import plugin

    spent = []
    original = plugin.attach_view_counts

    def attach_timed(generator):
        start = time.perf_counter()
        original(generator)
        spent.append(time.perf_counter() - start)

    plugin.attach_view_counts = attach_timed
    from pelican import main as pelican_main

    start = time.perf_counter()
    pelican_main(pelican_args(Path(content), Path(output), WITH_PLUGINS))
    print(json.dumps({"build": time.perf_counter() - start, "plugin": sum(spent)}))


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
            [sys.executable, __file__, "--child", str(content), str(output)],
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
    print(
        f"  the plugin's own handler: {share['plugin'] * 1000:.1f} ms of a {share['build']:.2f} s "
        f"build = {100 * share['plugin'] / share['build']:.2f}% (goal: under 2%)"
    )


if __name__ == "__main__":
    main()
