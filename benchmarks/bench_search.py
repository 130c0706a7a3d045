"""Search on the synthetic blog: what Pagefind's index costs a publish build, and a reader's
first search in local Chromium, against the budgets in docs/search.md.

For N posts (benchmarks/synthetic_blog.py) it builds the site with the publish settings but
without the index, then, on each build's output, alternating the order of the kinds of run:
- Pagefind alone (site_search's index_site with an empty cache): cold;
- the same again with the bundle it cached: warm (an unchanged site);
- Pagefind over the whole output folder, listings included (how the site indexed before it gave
  Pagefind the marked pages only);
Indexing is reported as a share of the build (budget: 15%), cold and warm, and of a whole
publish (the build, the index, then the link and feed checks, timed once). Every run's times
and load are in the report too. (benchmarks/bench_search_publish.py measures indexing beside
the checks instead of before them.)
It then serves the indexed site on 127.0.0.1 and, in a fresh Chromium profile each time,
opens /search/, types a word as a reader would, and measures the time from the last keystroke
to the results on screen (budget: 300 ms) and the bytes the search downloaded, compressed as a
host sends them: Pagefind's own files are already gzipped, text is gzipped at level 6 (budget:
150 KB). It also lists what each of Pagefind's ready-made UIs would add, for docs/search.md.

    python3 -m benchmarks.bench_search --posts 1000 --runs 3
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from benchmarks.bench_build import pelican  # noqa: E402
from benchmarks.synthetic_blog import write_posts, write_site_data  # noqa: E402
from blogkit.asset_cache import AssetCache  # noqa: E402
from blogkit.settings import ASSET_CACHE  # noqa: E402
from site_search.indexing import BUNDLE, index_site, pagefind_binary, run_pagefind  # noqa: E402
from site_tools.audit import CHROME_FLAGS, CHROMIUM  # noqa: E402
from site_tools.localhost import free_port, served  # noqa: E402
from site_tools.publishing import check_site  # noqa: E402

BUDGET = {"index_share": 0.15, "first_search_ms": 300, "first_search_kib": 150}
QUERY = "mentor"  # a word of the synthetic vocabulary: a search with many results
KEY_DELAY_MS = 90  # a steady typist
# Pagefind's files are compressed when written; a host sends them as they are.
PRECOMPRESSED = (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")
NO_INDEX_SETTINGS = f"""\
import runpy
globals().update((k, v) for k, v in runpy.run_path({str(ROOT / "publishconf.py")!r}).items()
                 if k.isupper())
THEME = {str(ROOT / "theme")!r}
PLUGIN_PATHS = [{str(ROOT / "plugins")!r}]
SEARCH_INDEX = False
"""
# Marks when the last keystroke reached the page and when the results were announced.
TIMING_JS = """() => {
  window.searchTiming = {};
  document.getElementById('search-q').addEventListener('input', () => {
    window.searchTiming.typed = performance.now();
  });
  new MutationObserver(() => { window.searchTiming.shown = performance.now(); })
    .observe(document.getElementById('search-status'), {childList: true, characterData: true,
                                                        subtree: true});
}"""


def sent_bytes(path: Path) -> int:
    """What a host sends for this file: Pagefind's as they are, text gzipped at level 6."""
    data = path.read_bytes()
    return len(data) if path.name.endswith(PRECOMPRESSED) else len(gzip.compress(data, 6))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(work, output: Path) -> dict:
    """Wall time, and CPU time of Pagefind and of this process, of ``work(output)``."""
    cpu, started = children_cpu() + time.process_time(), time.perf_counter()
    work(output)
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": children_cpu() + time.process_time() - cpu,
    }


def index_whole_output(output: Path) -> None:
    bundle = output.with_name(f"{output.name}-whole-bundle")
    run_pagefind(output, output, bundle)
    shutil.rmtree(bundle)


def search_cache(folder: Path) -> AssetCache:
    """One build's part of the bundles kept in ``folder``, as a publish build has it."""
    return AssetCache(folder, "search", ASSET_CACHE["ASSET_CACHE_KEEP_BUILDS"].default)


def median(runs: list[dict], key: str = "seconds") -> float:
    return round(statistics.median(run[key] for run in runs), 3)


def measure_indexing(content: Path, work: Path, runs: int) -> tuple[dict, Path]:
    settings = work / "publish_no_index.py"
    settings.write_text(NO_INDEX_SETTINGS)
    # Untimed: fills the asset cache (share cards), which every timed build then finds full.
    pelican(settings, content, work / "warm", work / "cache-warm")
    builds, times = [], {"cold": [], "warm": [], "whole": []}
    times["load"] = []  # the load average after each run
    pages = 0
    for run in range(runs):
        output = work / f"out-{run}"
        builds.append(pelican(settings, content, output, work / f"cache-{run}", "--ignore-cache"))
        cache = work / f"search-cache-{run}"

        def cold(output: Path, cache=cache) -> None:
            nonlocal pages
            index = index_site(output, search_cache(cache))
            assert not index.from_cache
            pages = sum(index.pages.values())

        def warm(output: Path, cache=cache) -> None:
            assert index_site(output, search_cache(cache)).from_cache

        ways = [("cold", cold), ("warm", warm), ("whole", index_whole_output)]
        for name, way in ways if run % 2 == 0 else ways[2:] + ways[:2]:  # drift hits all alike
            times[name].append(timed(way, output))
        times["load"].append(round(os.getloadavg()[0], 2))
    build_s = statistics.median(b.seconds for b in builds)
    started = time.perf_counter()
    assert check_site(output, os.environ["SITEURL"]) == []  # what a publish runs next
    check_s = time.perf_counter() - started
    report = {
        "build_seconds": round(build_s, 3),
        "build_cpu_seconds": round(statistics.median(b.cpu_seconds for b in builds), 3),
        "indexed_pages": pages,
        "index_seconds": median(times["cold"]),
        "index_cpu_seconds": median(times["cold"], "cpu_seconds"),
        "index_share": round(median(times["cold"]) / build_s, 3),
        "warm_index_seconds": median(times["warm"]),
        "warm_index_share": round(median(times["warm"]) / build_s, 3),
        "whole_output_index_seconds": median(times["whole"]),
        "whole_output_index_cpu_seconds": median(times["whole"], "cpu_seconds"),
        "check_seconds": round(check_s, 3),
        "index_share_of_publish": round(
            median(times["cold"]) / (build_s + median(times["cold"]) + check_s), 3
        ),
        "bundle_files": sum(1 for path in (output / BUNDLE).rglob("*") if path.is_file()),
        "runs": {
            "build_seconds": [round(b.seconds, 2) for b in builds],
            **{f"{name}_seconds": [round(t["seconds"], 2) for t in runs]
               for name, runs in times.items() if name != "load"},
            "load_average": times["load"],
        },
    }  # fmt: skip
    return report, output


def first_search(browser, url: str, root: Path) -> dict:
    """One reader, cold cache: open /search/, type QUERY, wait for the results."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/search/", wait_until="networkidle")
    page.evaluate(TIMING_JS)
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.click("#search-q")
    page.keyboard.type(QUERY, delay=KEY_DELAY_MS)
    page.wait_for_function("window.searchTiming.shown > window.searchTiming.typed")
    page.wait_for_load_state("networkidle")
    timing = page.evaluate("window.searchTiming")
    shown = page.locator("#search-results > li").count()
    context.close()
    paths = [urlsplit(address).path.lstrip("/") for address in fetched]
    files = [root / path for path in paths if path.startswith(f"{BUNDLE}/")]
    return {
        "ms_after_last_key": round(timing["shown"] - timing["typed"], 1),
        "requests": len(files),
        "bytes": sum(sent_bytes(path) for path in files),
        "results_shown": shown,
        "files": sorted({path.relative_to(root).as_posix() for path in files}),
    }


def measure_searching(output: Path, port: int, readers: int) -> dict:
    from playwright.sync_api import sync_playwright

    flags = [flag for flag in CHROME_FLAGS if flag != "--headless"]
    with served(output, port) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=flags)
        searches = [first_search(browser, url, output) for _ in range(readers)]
        browser.close()
    page_bytes = sum(sent_bytes(output / name) for name in
                     ("search/index.html", "theme/css/main.css", "theme/favicon.svg"))  # fmt: skip
    return {
        "query": QUERY,
        "median_ms_after_last_key": statistics.median(s["ms_after_last_key"] for s in searches),
        "slowest_ms_after_last_key": max(s["ms_after_last_key"] for s in searches),
        "search_kib": round(statistics.median(s["bytes"] for s in searches) / 1024, 1),
        "most_search_kib": round(max(s["bytes"] for s in searches) / 1024, 1),
        "search_page_kib": round(page_bytes / 1024, 1),
        "requests": statistics.median(s["requests"] for s in searches),
        "results_shown": searches[0]["results_shown"],
        "files": searches[0]["files"],
    }


def ui_bundles(work: Path) -> dict:
    """The gzipped size of each of Pagefind's ready-made UIs (script and style sheet)."""
    site = work / "tiny"
    site.mkdir()
    page = '<html lang="en"><body><main data-pagefind-body><h1>A page</h1></main></body></html>'
    (site / "index.html").write_text(page)
    subprocess.run([pagefind_binary(), "--site", str(site), "--quiet"], check=True)
    bundle = site / "pagefind"
    return {
        name: round(sum(sent_bytes(bundle / f"{name}.{ext}") for ext in ("js", "css")) / 1024, 1)
        for name in ("pagefind-component-ui", "pagefind-ui", "pagefind-modular-ui")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--readers", type=int, default=5)
    parser.add_argument("--json", type=Path, default=HERE / "results" / "search.json")
    args = parser.parse_args()

    port = free_port()
    # The site is built for the address it is served at (SITEURL), as a publish build would be.
    os.environ["SITEURL"] = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix=f"bench-search-{args.posts}-") as scratch:
        work = Path(scratch)
        content = work / "content"
        write_site_data(content, write_posts(content, args.posts))
        indexing, output = measure_indexing(content, work, args.runs)
        searching = measure_searching(output, port, args.readers)
        report = {"posts": args.posts, "indexing": indexing, "first_search": searching,
                  "ui_bundles_kib": ui_bundles(work), "budget": BUDGET,
                  # The machine is shared: how busy it was, over the last minute.
                  "load_average": round(os.getloadavg()[0], 2)}  # fmt: skip
    print(json.dumps(report, indent=2))
    checks = {
        "indexing (cold) as a share of the publish build": (
            indexing["index_share"], BUDGET["index_share"]),
        "first search, ms after the last key": (
            searching["median_ms_after_last_key"], BUDGET["first_search_ms"]),
        "first search, KiB transferred": (searching["search_kib"], BUDGET["first_search_kib"]),
    }  # fmt: skip
    for name, (value, limit) in checks.items():
        print(f"{'met ' if value <= limit else 'OVER'} {name}: {value} (budget {limit})")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"results written to {args.json}")


if __name__ == "__main__":
    main()
