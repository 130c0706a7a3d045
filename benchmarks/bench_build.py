"""Build speed of this site against plain Pelican on the same synthetic posts, in one run.

For each N it builds (a) this site: its theme and all its plugins, and (b) plain Pelican:
the default theme and no plugins, alternating runs, cold (no content cache). It prints the
median wall time of each, their ratio, their CPU time (the site shares its work with worker
processes: see plugins/parallel_build), peak memory and ms per post, then the time of a
rebuild after one post changes with Pelican's content cache on, against the full build.

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
    command = pelican_command(settings, content, output, cache, *extra)
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

    results: dict[str, list[Run]] = {"site": [], "plain": []}
    for run in range(runs):  # alternate, so drift in the machine hits both alike
        for name, settings in (("site", site), ("plain", plain)):
            output, cache = work / f"out-{name}-{run}", work / f"cache-{name}-{run}"
            results[name].append(pelican(settings, content, output, cache, "--ignore-cache"))

    def summary(name: str) -> dict:
        seconds = statistics.median(r.seconds for r in results[name])
        return {
            "median_seconds": round(seconds, 3),
            "median_cpu_seconds": round(statistics.median(r.cpu_seconds for r in results[name]), 3),
            "peak_mib": round(max(r.peak_mib for r in results[name]), 1),
            "ms_per_post": round(1000 * seconds / count, 2),
        }

    report = {"posts": count, "site": summary("site"), "plain": summary("plain")}
    report["ratio_site_to_plain"] = round(
        report["site"]["median_seconds"] / report["plain"]["median_seconds"], 3
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
    site, plain, rebuild = report["site"], report["plain"], report["one_post_rebuild"]
    return (
        f"N={count:>5}: site {site['median_seconds']:.2f} s "
        f"(CPU {site['median_cpu_seconds']:.2f} s, {site['peak_mib']:.0f} MiB, "
        f"{site['ms_per_post']:.1f} ms/post) | "
        f"plain {plain['median_seconds']:.2f} s (CPU {plain['median_cpu_seconds']:.2f} s, "
        f"{plain['peak_mib']:.0f} MiB, {plain['ms_per_post']:.1f} ms/post) | "
        f"ratio {report['ratio_site_to_plain']:.3f} | "
        f"one-post rebuild {rebuild['seconds']:.2f} s "
        f"({rebuild['ratio_to_full_build']:.2f} of the full build)"
    )


def main() -> None:
    description = __doc__.splitlines()[0]
    run_sizes(
        description, measure, summary_line, sizes=[100, 1000, 5000], results_file="build.json"
    )


if __name__ == "__main__":
    main()
