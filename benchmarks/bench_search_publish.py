"""Would indexing beside a publish's checks shorten it? The end of a publish, two ways, in pairs.

The checks a publish runs after the build (site_tools.publishing.check_site: links, feeds) are
single-threaded and take longer than Pagefind, so the index could be made while they run, on
another core. This measures that option, which the site does not use (docs/search.md, Measured):
for N posts (benchmarks/synthetic_blog.py) it builds the site once with the publish settings but
without the index, then times, in alternating order, pair by pair:
- serial: the index (cold: an empty cache), then the checks, as a publish runs them;
- beside: the index in a forked process (in a thread, its file operations wait behind the
  checker for the GIL) while the checks read the pages, the links looked up once it is done.
The load changes by more than the index costs within a minute, so the two are compared pair by
pair: the median of what ``beside`` saved is the result.

    python3 -m benchmarks.bench_search_publish --posts 1000 --pairs 10
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.bench_build import pelican
from benchmarks.bench_search import NO_INDEX_SETTINGS, search_cache
from benchmarks.synthetic_blog import write_posts, write_site_data
from site_search.indexing import index_site
from site_tools.publishing import check_site
from site_tools.sitecheck import data_file_problems, internal_links

SITEURL = "http://127.0.0.1:8000"


def serial(output: Path, cache: Path) -> None:
    assert not index_site(output, search_cache(cache)).from_cache
    assert check_site(output, SITEURL) == []


def beside(output: Path, cache: Path) -> None:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        indexing = pool.submit(index_site, output, search_cache(cache))
        links = list(internal_links(output, SITEURL))
        assert data_file_problems(output)[1] == []
        assert not indexing.result().from_cache
    assert [link for _, link, target in links if not target.is_file()] == []


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
