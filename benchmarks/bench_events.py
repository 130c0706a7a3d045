"""What the events cost a build: 100 events (their pages, cards and calendars) against none.

A synthetic blog of N posts (default 1,000) is built with 100 events and with an empty events
file, both with the share cards already in the asset cache (one build of each first, not
measured): the cost is the events' own work, not drawing. Median of R runs, the order of the
two kinds turned round each run so that drift hits each alike. Reported: each kind's seconds
and the events' extra time as a share of the build without them (the goal: at most 10 %).

    python3 -m benchmarks.bench_events --posts 1000 --events 100 --runs 5
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
from pathlib import Path

from benchmarks.bench_share_cards import pelican
from benchmarks.synthetic_blog import write_events, write_posts, write_site_data
from blogkit import processes

KINDS = ("without", "with")


def content_of(work: Path, posts: int, events: int, kind: str) -> Path:
    """The same posts and data; the events file empty or holding ``events`` events."""
    content = work / f"content-{kind}"
    write_site_data(content, write_posts(content, posts))
    events_file = content / "data" / "events.yaml"
    if kind == "with":
        write_events(events_file, random.Random(2026), events)
    else:
        events_file.write_text("# no events\n", encoding="utf-8")
    return content


def measure(posts: int, events: int, runs: int, work: Path) -> dict:
    cache = ("-e", f'ASSET_CACHE_PATH="{work / "assets"}"')
    contents = {kind: content_of(work, posts, events, kind) for kind in KINDS}
    for kind in KINDS:  # the cards drawn once, into the cache both kinds share
        pelican(contents[kind], work / f"warm-up-{kind}", *cache)
    seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for run in range(runs):
        for kind in KINDS[run % 2 :] + KINDS[: run % 2]:
            wall, log = pelican(contents[kind], work / f"out-{kind}-{run}", *cache)
            assert "share_cards: drew" not in log, "a measured build drew cards"
            seconds[kind].append(wall)
    pages = len(list((work / "out-with-0" / "events").glob("*/index.html")))
    median = {kind: statistics.median(values) for kind, values in seconds.items()}
    return {
        "posts": posts,
        "events": events,
        "event_pages": pages,
        "cpus": processes.cpu_count(),
        "seconds": {kind: [round(v, 2) for v in values] for kind, values in seconds.items()},
        "median": {kind: round(value, 2) for kind, value in median.items()},
        "extra_percent": round(100 * (median["with"] / median["without"] - 1), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        result = measure(arguments.posts, arguments.events, arguments.runs, Path(scratch))
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
