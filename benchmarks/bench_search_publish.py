"""Does indexing beside the checks shorten a publish? The end of a publish, two ways, back to back.

For N posts (benchmarks/synthetic_blog.py) it builds the site once with the publish settings but
without the index, then times, in alternating order, run by run:
- serial: the index (cold: an empty cache), then the checks (links, feeds), as a publish ran
  before site_tools.publishing indexed beside its checks;
- beside: publishing.index_while_checking, as a publish runs now (cold too).
The load changes by more than the index costs within a minute, so the two are compared pair by
pair: the median of what ``beside`` saved is the result.

    python3 benchmarks/bench_search_publish.py --posts 1000 --pairs 10
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench_build import pelican
from bench_search import NO_INDEX_SETTINGS  # also puts the project and its plugins on sys.path
from synthetic_blog import write_posts, write_site_data

from site_search.indexing import index_site
from site_tools.publishing import check_site, index_while_checking

SITEURL = "http://127.0.0.1:8000"


def serial(output: Path, cache: Path) -> None:
    assert not index_site(output, cache).from_cache
    assert check_site(output, SITEURL) == []


def beside(output: Path, cache: Path) -> None:
    problems, index = index_while_checking(output, SITEURL, cache)
    assert problems == [] and not index.from_cache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=10)
    args = parser.parse_args()
    os.environ["SITEURL"] = SITEURL
    with tempfile.TemporaryDirectory(prefix=f"bench-search-publish-{args.posts}-") as scratch:
        work = Path(scratch)
        write_site_data(work / "content", write_posts(work / "content", args.posts))
        settings = work / "publish_no_index.py"
        settings.write_text(NO_INDEX_SETTINGS)
        output = work / "output"
        pelican(settings, work / "content", output, work / "cache", "--ignore-cache")
        pairs = []
        for number in range(args.pairs):
            ways = [("serial", serial), ("beside", beside)]
            pair = {"load_average": round(os.getloadavg()[0], 2)}
            for name, way in ways if number % 2 == 0 else ways[::-1]:
                cache = work / f"search-cache-{name}"
                shutil.rmtree(cache, ignore_errors=True)
                started = time.perf_counter()
                way(output, cache)
                pair[f"{name}_seconds"] = round(time.perf_counter() - started, 2)
            pair["saved_seconds"] = round(pair["serial_seconds"] - pair["beside_seconds"], 2)
            pairs.append(pair)
            print(json.dumps(pair), flush=True)
    saved = statistics.median(pair["saved_seconds"] for pair in pairs)
    print(f"median saved by indexing beside the checks: {saved:.2f} s over {len(pairs)} pairs")


if __name__ == "__main__":
    main()
