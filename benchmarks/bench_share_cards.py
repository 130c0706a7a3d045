"""What share_cards costs, against a baseline measured in the same run.

A synthetic blog of N posts (default 1,000) is built three ways, median of R runs, the order
of the kinds turned round each run so that drift hits each alike: without cards
(``SHARE_CARDS = False``, the baseline), cold (an empty asset cache: every card drawn, on
every CPU) and warm (the same cache again: nothing drawn). Reported: the drawing's own wall
time per card (the build's log line), the cold build's extra time per card, and the warm
build's extra time over the baseline, which should be about nothing.

    python3 -m benchmarks.bench_share_cards --posts 1000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from benchmarks.bench_build import SOURCE_DATE_EPOCH  # noqa: E402
from benchmarks.synthetic_blog import write_posts, write_site_data  # noqa: E402
from blogkit import processes  # noqa: E402

DREW = re.compile(r"share_cards: drew (\d+) card\(s\) in ([\d.]+) s")
KINDS = ("baseline", "cold", "warm")


def pelican(content: Path, output: Path, *extra: str) -> tuple[float, str]:
    """One build in a fresh interpreter: its wall time and its log."""
    command = [
        sys.executable, "-m", "site_tools.run_pelican", str(content),
        "--settings", str(ROOT / "pelicanconf.py"), "--output", str(output),
        "--ignore-cache", "--cache-path", str(output.with_name(output.name + "-cache")),
        "--verbose", *extra,
    ]  # fmt: skip
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stderr


def measure(posts: int, runs: int, work: Path) -> dict:
    content = work / "content"
    write_site_data(content, write_posts(content, posts))
    assets = work / "assets"
    cache = ("-e", f'ASSET_CACHE_PATH="{assets}"')
    seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}
    drawing: list[float] = []
    for run in range(runs):
        shutil.rmtree(assets / "cards", ignore_errors=True)
        order = [KINDS[(run + k) % 3] for k in range(3)]
        if order.index("warm") < order.index("cold"):  # warm needs the cold run's cards
            order.remove("warm")
            order.insert(order.index("cold") + 1, "warm")
        for kind in order:
            extra = ("-e", "SHARE_CARDS=false") if kind == "baseline" else ()
            wall, log = pelican(content, work / f"out-{kind}-{run}", *cache, *extra)
            seconds[kind].append(wall)
            drew = DREW.search(log)
            if kind == "cold":
                drawing.append(1000 * float(drew.group(2)) / int(drew.group(1)))
            elif kind == "warm":
                assert drew is None, "a warm build drew cards"
    cards = len(list((work / "out-cold-0" / "cards").iterdir()))
    median = {kind: statistics.median(values) for kind, values in seconds.items()}
    return {
        "posts": posts,
        "cards": cards,
        "cpus": processes.cpu_count(),
        "seconds": {kind: [round(v, 2) for v in values] for kind, values in seconds.items()},
        "drawing_ms_per_card": round(statistics.median(drawing), 1),
        "cold_extra_ms_per_card": round(1000 * (median["cold"] - median["baseline"]) / cards, 1),
        "warm_extra_ms": round(1000 * (median["warm"] - median["baseline"])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        print(json.dumps(measure(arguments.posts, arguments.runs, Path(scratch)), indent=2))


if __name__ == "__main__":
    main()
