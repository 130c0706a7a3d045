"""What "Read next" costs: the site's build with and without related_posts, in one run.

For each N it writes the synthetic blog (benchmarks/synthetic_blog.py) and builds it with the
site's settings (a) as they are, the lists kept in the asset cache by an earlier build (warm),
(b) the same with the lists worked out (cold: the cache's ``related`` folder removed before each
run) and (c) without related_posts in PLUGINS, alternating runs, each with a cold content cache
(``--ignore-cache``). The asset cache is the site's own (``.cache/assets``) linked into a folder
of the run, and warmed by an untimed build first (image variants, share cards, search index), as
bench_build does. It prints the median wall and CPU time of each and their ratios to (c), and the
time of working the lists out alone (``related_posts.scoring.most_alike`` over every post, words
counted, in this process, NumPy and SciPy loaded, the posts' HTML made by Python-Markdown).

    python3 -m benchmarks.bench_related --sizes 1000 --runs 3
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path
from types import SimpleNamespace

import markdown

from benchmarks.bench_build import pelican_command, timed
from benchmarks.sweep import run_sizes
from benchmarks.synthetic_blog import write_posts, write_site_data
from blogkit.asset_cache import INDEX, LOCK, USES

ROOT = Path(__file__).resolve().parent.parent
WITHOUT = """\
import runpy
globals().update((k, v) for k, v in runpy.run_path({site!r}).items() if k.isupper())
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
PLUGINS = [name for name in PLUGINS if name != "related_posts"]
"""


def synthetic_posts(content: Path) -> list[SimpleNamespace]:
    """The written posts as the scoring sees them: source, tags, category, HTML."""
    posts = []
    for path in sorted((content / "posts").glob("*.md")):
        header, _, body = path.read_text().partition("\n\n")
        fields = dict(line.split(": ", 1) for line in header.splitlines())
        posts.append(SimpleNamespace(
            source_path=str(path),
            tags=[SimpleNamespace(name=tag.strip()) for tag in fields["Tags"].split(",")],
            category=SimpleNamespace(name=fields["Category"]),
            html=markdown.markdown(body, extensions=["extra"]),
        ))  # fmt: skip
    return posts


def scoring_seconds(content: Path, runs: int) -> float:
    """Median time of choosing every post's list (word counts not cached between runs)."""
    from related_posts import scoring, words

    posts = synthetic_posts(content)
    times = []
    for _ in range(runs):
        words.word_counts.cache_clear()
        started = time.perf_counter()
        described = [words.Described.of(post, post.html) for post in posts]
        scoring.most_alike(described, list(range(len(described))), 3)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(count: int, runs: int, work: Path) -> dict:
    content = work / "content"
    slugs = write_posts(content, count)
    write_site_data(content, slugs)
    without = work / "without_related.py"
    site, theme, plugins = (str(ROOT / name) for name in ("pelicanconf.py", "theme", "plugins"))
    without.write_text(WITHOUT.format(site=site, theme=theme, plugins=plugins))
    builds = {
        "with_related": ROOT / "pelicanconf.py",
        "with_related_cold": ROOT / "pelicanconf.py",
        "without_related": without,
    }
    assets = linked_asset_cache(work / "assets")

    def command(name: str, output: Path, run: int) -> list[str]:
        cache = work / f"cache-{name}-{run}"
        return pelican_command(builds[name], content, output, cache, "--ignore-cache",
                               "-e", f'ASSET_CACHE_PATH="{assets}"')  # fmt: skip

    for name in ("with_related", "without_related"):  # the asset cache warm for both
        timed(command(name, work / f"out-warm-up-{name}", runs))
    results: dict[str, list] = {name: [] for name in builds}
    names = list(builds)
    for run in range(runs):  # alternate, each run in another order
        for name in names[run % 3 :] + names[: run % 3]:
            if name == "with_related_cold":
                shutil.rmtree(assets / "related", ignore_errors=True)
            results[name].append(timed(command(name, work / f"out-{name}-{run}", run)))
    report: dict = {"posts": count}
    for name, runs_of in results.items():
        report[name] = {
            "median_seconds": round(statistics.median(r.seconds for r in runs_of), 3),
            "median_cpu_seconds": round(statistics.median(r.cpu_seconds for r in runs_of), 3),
        }
    for name in ("with_related", "with_related_cold"):
        for measure_name in ("median_seconds", "median_cpu_seconds"):
            report[f"ratio_{measure_name}" + name.removeprefix("with_related")] = round(
                report[name][measure_name] / report["without_related"][measure_name], 3
            )
    report["scoring_seconds"] = round(scoring_seconds(content, runs), 3)
    report["scoring_share_of_build"] = round(
        report["scoring_seconds"] / report["without_related"]["median_seconds"], 3
    )
    return report


def linked_asset_cache(folder: Path) -> Path:
    """A copy of the site's asset cache (none when it has none), its entries' files linked, its
    own files (lock, record, memo) copied so that no other build's lock holds these up: the
    builds use it as warm as the site's, and the cold runs remove its lists alone."""

    def link_entries(source: str, target: str) -> None:
        if Path(source).name in (LOCK, USES, INDEX):
            shutil.copy2(source, target)
        else:
            os.link(source, target)

    site_cache = ROOT / ".cache" / "assets"
    if site_cache.is_dir():
        shutil.copytree(site_cache, folder, copy_function=link_entries,
                        ignore=shutil.ignore_patterns("related"))  # fmt: skip
    return folder


def summary_line(count: int, report: dict) -> str:
    def timing(name: str) -> str:
        wall, cpu = report[name]["median_seconds"], report[name]["median_cpu_seconds"]
        return f"{wall:.2f} s (CPU {cpu:.2f} s)"

    def ratios(suffix: str) -> str:
        return (
            f"wall {report['ratio_median_seconds' + suffix]:.3f}, "
            f"CPU {report['ratio_median_cpu_seconds' + suffix]:.3f}"
        )

    share = 100 * report["scoring_share_of_build"]
    return (
        f"N={count:>5}: without related_posts {timing('without_related')} | with, lists from the "
        f"asset cache {timing('with_related')}, ratio {ratios('')} | with, lists worked out "
        f"{timing('with_related_cold')}, ratio {ratios('_cold')} | working them out alone "
        f"{report['scoring_seconds']:.3f} s ({share:.1f} % of the build without it)"
    )


def main() -> None:
    run_sizes(__doc__.splitlines()[0], measure, summary_line, sizes=[1000],
              results_file="related.json")  # fmt: skip


if __name__ == "__main__":
    main()
