"""What "Read next" costs: the site's build with and without related_posts, in one run.

For each N it writes the synthetic blog (benchmarks/synthetic_blog.py) and builds it with the
site's settings (a) as they are and (b) without related_posts in PLUGINS, alternating runs, each
cold (``--ignore-cache``; the asset cache warmed by an untimed build first, as bench_build
does). It prints the median wall and CPU time of each and their ratio, and the time of the
scoring alone (``related_posts.scoring.most_alike`` over every post, in this process, the
posts' HTML made by Python-Markdown): the part of the difference the build spends choosing.

    python3 -m benchmarks.bench_related --sizes 1000 --runs 3
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from types import SimpleNamespace

import markdown

from benchmarks.bench_build import pelican_command, timed
from benchmarks.sweep import run_sizes
from benchmarks.synthetic_blog import write_posts, write_site_data

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
        described = [scoring.Described.of(post, words.word_counts(post.html)) for post in posts]
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
        "without_related": without,
    }

    def command(name: str, output: Path, run: int) -> list[str]:
        cache = work / f"cache-{name}-{run}"
        return pelican_command(builds[name], content, output, cache, "--ignore-cache")

    timed(command("with_related", work / "out-warm-up", runs))  # the asset cache warm
    results: dict[str, list] = {name: [] for name in builds}
    names = list(builds)
    for run in range(runs):  # alternate, each run in the other order
        for name in names[run % 2 :] + names[: run % 2]:
            results[name].append(timed(command(name, work / f"out-{name}-{run}", run)))
    report: dict = {"posts": count}
    for name, runs_of in results.items():
        report[name] = {
            "median_seconds": round(statistics.median(r.seconds for r in runs_of), 3),
            "median_cpu_seconds": round(statistics.median(r.cpu_seconds for r in runs_of), 3),
        }
    for measure_name in ("median_seconds", "median_cpu_seconds"):
        report[f"ratio_{measure_name}"] = round(
            report["with_related"][measure_name] / report["without_related"][measure_name], 3
        )
    report["scoring_seconds"] = round(scoring_seconds(content, runs), 3)
    report["scoring_share_of_build"] = round(
        report["scoring_seconds"] / report["without_related"]["median_seconds"], 3
    )
    return report


def summary_line(count: int, report: dict) -> str:
    with_, without = report["with_related"], report["without_related"]
    wall, cpu = report["ratio_median_seconds"], report["ratio_median_cpu_seconds"]
    share = 100 * report["scoring_share_of_build"]
    return (
        f"N={count:>5}: with related_posts {with_['median_seconds']:.2f} s "
        f"(CPU {with_['median_cpu_seconds']:.2f} s) | without {without['median_seconds']:.2f} s "
        f"(CPU {without['median_cpu_seconds']:.2f} s) | ratio wall {wall:.3f}, CPU {cpu:.3f} | "
        f"scoring alone {report['scoring_seconds']:.3f} s ({share:.1f} % of the build without it)"
    )


def main() -> None:
    run_sizes(__doc__.splitlines()[0], measure, summary_line, sizes=[1000],
              results_file="related.json")  # fmt: skip


if __name__ == "__main__":
    main()
