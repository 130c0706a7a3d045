"""What share_cards costs, against a baseline measured in the same run.

A synthetic blog of N posts (default 1,000) is built three ways, alternating, median of R:
without cards (``SHARE_CARDS = False``, the baseline), cold (an empty asset cache: every
card drawn, on every CPU) and warm (the same cache again: nothing drawn). Reported: the
cold build's extra time per card (wall, and CPU summed over processes), and the warm
build's extra time over the baseline, which should be about nothing.

    python3 benchmarks/bench_share_cards.py --posts 1000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "plugins")]

from bench_build import pelican  # noqa: E402
from synthetic_blog import write_posts, write_site_data  # noqa: E402

from blogkit import processes  # noqa: E402


def measure(posts: int, runs: int, work: Path) -> dict:
    content = work / "content"
    write_site_data(content, write_posts(content, posts))
    settings = ROOT / "pelicanconf.py"
    assets = work / "assets"
    cache = ("-e", f'ASSET_CACHE_PATH="{assets}"')
    seconds: dict[str, list[float]] = {"baseline": [], "cold": [], "warm": []}
    cpu: dict[str, list[float]] = {"baseline": [], "cold": [], "warm": []}
    for run in range(runs):  # alternate, so drift in the machine hits every kind alike
        shutil.rmtree(assets / "cards", ignore_errors=True)
        for kind in ("baseline", "cold", "warm"):
            extra = ("-e", "SHARE_CARDS=false") if kind == "baseline" else ()
            result = pelican(settings, content, work / f"out-{kind}-{run}",
                             work / f"cache-{kind}-{run}", "--ignore-cache", *cache,
                             *extra)  # fmt: skip
            seconds[kind].append(result.seconds)
            cpu[kind].append(result.cpu_seconds)
    cards = len(list((work / "out-cold-0" / "cards").iterdir()))
    median = {kind: statistics.median(values) for kind, values in seconds.items()}
    median_cpu = {kind: statistics.median(values) for kind, values in cpu.items()}
    return {
        "posts": posts,
        "cards": cards,
        "cpus": processes.cpu_count(),
        "median_baseline_s": round(median["baseline"], 2),
        "median_cold_s": round(median["cold"], 2),
        "median_warm_s": round(median["warm"], 2),
        "cold_ms_per_card": round(1000 * (median["cold"] - median["baseline"]) / cards, 1),
        "cold_cpu_ms_per_card": round(
            1000 * (median_cpu["cold"] - median_cpu["baseline"]) / cards, 1
        ),
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
