"""What the build's link check costs: warm builds of the same synthetic blog with and without
it (``LINK_CHECK``), alternating, in one run; and the check's own time, which the plugin logs.

Every post gets a paragraph of links, as a real blog has: five to other posts, a tag, a
category, the about page, an image and two other sites'. Warm: the content cache and the asset
cache are filled by an untimed build first, and every timed build reads them.

    python3 -m benchmarks.bench_link_check --sizes 1000 --runs 5
"""

from __future__ import annotations

import random
import re
import statistics
import subprocess
import time
from pathlib import Path

from benchmarks.bench_build import ROOT, build_env, pelican_command
from benchmarks.sweep import run_sizes
from benchmarks.synthetic_blog import write_posts, write_site_data

CHECK_TIME = re.compile(r"link_check: (\d+) links checked in ([\d.]+) s")


def add_links(content: Path, slugs: list[str], seed: int = 7) -> None:
    rng = random.Random(seed)
    (content / "pages").mkdir(exist_ok=True)
    (content / "pages" / "about.md").write_text("Title: About\nSlug: about\n\nAbout us.\n")
    for slug in slugs:
        others = " ".join(f"[a post](/{other}/)" for other in rng.sample(slugs, 5))
        links = (
            f"\n\nRead on: {others}, [a tag](/tag/leadership/), [the archives](/archives/), "
            "[about](/about/), [the feed](/feeds/all.atom.xml), "
            "[elsewhere](https://example.org/a/) and [more](https://example.com/b/).\n"
        )
        path = content / "posts" / f"{slug}.md"
        path.write_text(path.read_text() + links)


def timed_build(content: Path, output: Path, cache: Path, check: bool) -> tuple[float, str]:
    command = pelican_command(
        ROOT / "pelicanconf.py", content, output, cache, "--verbose",
        "-e", f"LINK_CHECK={'true' if check else 'false'}",
    )  # fmt: skip
    command.remove("--quiet")
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=build_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"build failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds, done.stdout + done.stderr


def measure(count: int, runs: int, work: Path) -> dict:
    content = work / "content"
    slugs = write_posts(content, count)
    write_site_data(content, slugs)
    add_links(content, slugs)
    cache = work / "cache"
    timed_build(content, work / "out-warm-up", cache, True)
    walls: dict[bool, list[float]] = {True: [], False: []}
    check_seconds, links = [], 0
    for run in range(runs):
        for check in (True, False) if run % 2 == 0 else (False, True):
            seconds, log = timed_build(content, work / f"out-{check}-{run}", cache, check)
            walls[check].append(seconds)
            found = CHECK_TIME.search(log)
            if check and found:
                links, _ = int(found.group(1)), check_seconds.append(float(found.group(2)))
    with_check, without = statistics.median(walls[True]), statistics.median(walls[False])
    check = statistics.median(check_seconds)
    return {
        "posts": count,
        "links": links,
        "warm_build_with_check_seconds": round(with_check, 3),
        "warm_build_without_check_seconds": round(without, 3),
        "wall_difference_percent": round(100 * (with_check - without) / without, 1),
        "check_seconds": round(check, 3),
        "check_percent_of_warm_build": round(100 * check / without, 1),
    }


def summary(count: int, report: dict) -> str:
    with_check = report["warm_build_with_check_seconds"]
    without = report["warm_build_without_check_seconds"]
    return (
        f"{count} posts, {report['links']} links: warm build {with_check} s with the check, "
        f"{without} s without ({report['wall_difference_percent']:+} %); the check itself "
        f"{report['check_seconds']} s ({report['check_percent_of_warm_build']} % of the build)"
    )


def main() -> None:
    run_sizes(__doc__.splitlines()[0], measure, summary, sizes=[1000],
              results_file="link_check.json")  # fmt: skip


if __name__ == "__main__":
    main()
