"""What share_cards costs, against a baseline measured in the same run.

A synthetic blog of N posts (default 1,000) is built three ways, median of R runs, the order
of the kinds turned round each run so that drift hits each alike: without cards
(``SHARE_CARDS = False``, the baseline), cold (an empty asset cache: every card drawn, on
every CPU) and warm (the same cache again: nothing drawn). Reported: the drawing's own wall
time per card (the build's log line), the cold build's extra time per card, and the warm
build's extra time over the baseline, which should be about nothing.

    python3 -m benchmarks.bench_share_cards --posts 1000 --runs 3

``--one-process`` measures one drawing process instead, in CPU time (what a build's workers
share): half the cards, as one of two workers draws them, with the synthetic posts' titles
(40 words in all) and with titles cut from Python's own documentation (``pydoc_data``: real
English, where fewer words repeat), against Pillow's own cost for the same cards: each line
drawn whole with ``ImageDraw.text`` and the card PNG-encoded, nothing kept between cards.

    python3 -m benchmarks.bench_share_cards --posts 1000 --one-process
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import timedelta
from pathlib import Path
from pydoc_data.topics import topics

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from benchmarks.bench_build import SOURCE_DATE_EPOCH  # noqa: E402
from benchmarks.synthetic_blog import (  # noqa: E402
    AUTHORS,
    EPOCH,
    sentence,
    write_posts,
    write_site_data,
)
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


def post_cards(count: int, titles: str) -> list:
    """Posts' card jobs as the synthetic blog's: one post every 7 hours, two authors."""
    from share_cards.jobs import Colors, DrawnCard

    rng = random.Random(2026)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", " ".join(topics[name] for name in sorted(topics)))

    def title() -> str:
        if titles == "synthetic":
            return sentence(rng)[:-1][:70]
        start = rng.randrange(len(words) - 12)
        return " ".join(words[start : start + rng.randint(4, 11)]).capitalize()

    colors = Colors("#f3f6f8", "#1d2329", "#535d66", "#0b5c7d", "#ffffff")
    jobs = []
    for index in range(count):
        date = EPOCH + timedelta(hours=7 * index)
        byline = {"name": rng.choice(AUTHORS), "detail": f"{date:%B} {date.day}, {date:%Y}"}
        jobs.append(DrawnCard("", title(), "The Connected Professional", colors, **byline))
    return jobs


def lines_of(job) -> list:
    """The card's lines as this plugin sets them, each with its size."""
    from share_cards import drawing, layout

    title = layout.set_text(job.title, "bold", drawing.TITLE_SIZES, 1040, drawing.MAX_LINES)
    return [
        (layout.measure(job.site, "regular", 30), 30),
        *[(line, title.size) for line in title.lines],
        (layout.measure(job.name, "bold", 32), 32),
        (layout.measure(job.detail, "regular", 28), 28),
    ]


def pillow_alone(jobs: list) -> dict:
    """CPU milliseconds a card of Pillow's own work for these cards, nothing kept between
    them: each line drawn whole with ``ImageDraw.text`` on a blank card (the layout, this
    plugin's, done before the clock), then the card PNG-encoded at zlib's level 3 or Z_RLE."""
    from PIL import Image, ImageDraw

    from share_cards import fonts

    spent = {"draw": 0.0, "png_level_3": 0.0, "png_rle": 0.0}
    for lines in [lines_of(job) for job in jobs]:
        started = time.process_time()
        card = Image.new("L", (1200, 627))
        draw = ImageDraw.Draw(card)
        for number, (line, size) in enumerate(lines):
            x = 80.0
            for run in line.runs:
                font = fonts.font(run.font, size)
                draw.text((x, 90 + 90 * number), run.text, font=font, fill=47, anchor="ls")
                x += font.getlength(run.text)
        card.putpalette([level for level in range(256) for _ in "rgb"])
        drawn = time.process_time()
        card.save(io.BytesIO(), "PNG", compress_level=3)
        level_3 = time.process_time()
        card.save(io.BytesIO(), "PNG", compress_level=1, compress_type=zlib.Z_RLE)
        spent["draw"] += drawn - started
        spent["png_level_3"] += level_3 - drawn
        spent["png_rle"] += time.process_time() - level_3
    return {f"pillow_{name}_ms_per_card": round(1000 * value / len(jobs), 2)
            for name, value in spent.items()}  # fmt: skip


def one_process(posts: int) -> dict:
    """CPU milliseconds a card in one of two drawing processes, and Pillow's alone."""
    from share_cards import drawing, fonts, layout

    report = {"cards": posts // 2}
    for titles in ("synthetic", "prose"):
        jobs = post_cards(posts, titles)[::2]
        for kept in (drawing.base, drawing.inked, fonts.advance, layout.measure):
            kept.cache_clear()  # a worker starts with none of them
        drawing.prepare()
        started = time.process_time()
        size = sum(len(drawing.drawn(job)) for job in jobs)
        report[f"{titles}_ms_per_card"] = round(
            1000 * (time.process_time() - started) / len(jobs), 2
        )
        report[f"{titles}_kb_per_card"] = round(size / len(jobs) / 1024, 1)
        report[titles + "_titles"] = pillow_alone(jobs)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one-process", action="store_true")
    arguments = parser.parse_args()
    if arguments.one_process:
        print(json.dumps(one_process(arguments.posts), indent=2))
        return
    with tempfile.TemporaryDirectory() as scratch:
        print(json.dumps(measure(arguments.posts, arguments.runs, Path(scratch)), indent=2))


if __name__ == "__main__":
    main()
