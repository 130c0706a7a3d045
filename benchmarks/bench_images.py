"""What responsive_images costs, against baselines measured in the same run.

1. Cold encoding: each of N phone photos (4000 x 3000, EXIF, GPS, profile) encoded to
   every variant (AVIF, WebP and JPEG at each width) by the plugin's own job, one process,
   against Pillow's plain resize-and-save of the same photo (one 1600 px JPEG): ms per
   image, ms per megapixel, and the ratio. Then the same jobs on every CPU (wall time).
2. Cached build: a 200-post synthetic blog whose every post shows one photo of its own,
   built with the images already in the asset cache, against the same blog without the
   images (alternating runs, best and median): the extra ms, which the issue wants at most 50.
   A third blog splits that cost (markup_only.py): the blog with photos, each image swapped
   as Pelican reads it for the very ``<picture>`` the plugin made, with nothing processed or
   published: what Markdown, Pelican and the theme pay for the images and their markup; the
   rest is the plugin's own work (finding, checking, writing pictures, linking 1,800 files).
   ``--instructions`` also counts each blog's build in instructions (valgrind), which do not
   move with the machine's load as time does.

    python3 -m benchmarks.bench_images --photos 8 --posts 200 --runs 5
    python3 -m benchmarks.bench_images --photos 0 --runs 15 --keep /tmp/bench-images

``--photos 0`` leaves part 1 out; ``--keep`` keeps the three blogs and the asset cache in a
folder, so the cold build that fills the cache is paid once over several invocations (the
synthetic photos differ from one run of the generator to the next).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from PIL import Image  # noqa: E402

import pelicanconf  # noqa: E402
from benchmarks.bench_build import SOURCE_DATE_EPOCH, build_env, pelican, pelican_command  # noqa: E402
from benchmarks.synthetic_blog import post_slug, write_posts, write_site_data  # noqa: E402
from benchmarks.synthetic_photos import phone_jpeg, photo  # noqa: E402
from blogkit import processes  # noqa: E402
from responsive_images import encoding, pool  # noqa: E402
from responsive_images.settings import SETTINGS  # noqa: E402

PHONE = (4000, 3000)


def job(source: Path, folder: Path) -> encoding.Job:
    defaults = {name: setting.default for name, setting in SETTINGS.items()}
    return encoding.Job(
        source=str(source),
        folder=str(folder),
        widths=tuple(defaults["IMAGE_WIDTHS"]),
        max_width=defaults["IMAGE_MAX_WIDTH"],
        quality=dict(defaults["IMAGE_QUALITY"]),
        avif_speed=defaults["IMAGE_AVIF_SPEED"],
        max_pixels=defaults["IMAGE_MAX_PIXELS"],
    )


def plain_resize_and_save(source: Path, target: Path) -> None:
    """The baseline: what a hand-written script does for one web-sized copy."""
    with Image.open(source) as image:
        height = round(image.height * 1600 / image.width)
        image.resize((1600, height), Image.Resampling.LANCZOS).save(target, quality=80)


def cold_encoding(count: int, work: Path) -> dict:
    sources = [phone_jpeg(work / f"phone-{n}.jpg", photo(*PHONE, n), 6) for n in range(count)]
    megapixels = PHONE[0] * PHONE[1] / 1e6
    ours, plain = [], []
    for index, source in enumerate(sources):
        started = time.perf_counter()
        outcome = encoding.run(job(source, work / "one" / str(index)))
        ours.append(time.perf_counter() - started)
        assert outcome.manifest, outcome.problem
        started = time.perf_counter()
        plain_resize_and_save(source, work / f"plain-{index}.jpg")
        plain.append(time.perf_counter() - started)
    started = time.perf_counter()
    pool.run([job(source, work / "all" / str(n)) for n, source in enumerate(sources)], None)
    every_cpu = time.perf_counter() - started
    variants = len(outcome.manifest.variants)
    ms_ours, ms_plain = 1000 * statistics.median(ours), 1000 * statistics.median(plain)
    return {
        "photos": count,
        "megapixels_each": megapixels,
        "files_per_photo": variants,
        "ours_ms_per_image": round(ms_ours),
        "ours_ms_per_megapixel": round(ms_ours / megapixels),
        "plain_ms_per_image": round(ms_plain),
        "plain_ms_per_megapixel": round(ms_plain / megapixels),
        "ratio_ours_to_plain": round(ms_ours / ms_plain, 1),
        "every_cpu_ms_per_image": round(1000 * every_cpu / count),
        "cpus": processes.cpu_count(),
    }


def photo_address(index: int) -> str:
    """Where post ``index`` shows its photo from (the blog with photos, the markup-only blog)."""
    return f"/images/photo-{index:04d}.jpg"


def blog_with_photos(content: Path, count: int) -> None:
    """Every post gets one photo of its own after its first paragraph."""
    for index in range(count):
        address = photo_address(index)
        phone_jpeg(content / address.lstrip("/"), photo(1200, 800, index))
        post = content / "posts" / f"{post_slug(index)}.md"
        header, first, rest = post.read_text().split("\n\n", 2)
        post.write_text(f"{header}\n\n{first}\n\n![Photo {index}]({address})\n\n{rest}")


PICTURE = re.compile(r"<picture>.*?</picture>", re.S)


def markup_only(work: Path, photos: Path, built: Path, count: int) -> tuple[Path, tuple]:
    """The blog with photos less its photos, and the settings that give each post, as it is
    read, the ``<picture>`` built from its photo (markup_only.py), its addresses moved to
    another host (the site's own would be processed again)."""
    content = work / "markup" / "content"
    shutil.rmtree(content.parent, ignore_errors=True)
    shutil.copytree(photos, content, ignore=shutil.ignore_patterns("images"))
    pictures = {}
    for index in range(count):
        page = (built / post_slug(index) / "index.html").read_text(encoding="utf-8")
        picture = PICTURE.search(page).group().replace("/images/", "https://img.example/images/")
        pictures[photo_address(index)] = picture
    (content.parent / "pictures.json").write_text(json.dumps(pictures))
    plugins = [*pelicanconf.PLUGINS, "markup_only"]
    paths = [str(ROOT / "plugins"), str(HERE)]
    return content, (f"PLUGINS={json.dumps(plugins)}", f"PLUGIN_PATHS={json.dumps(paths)}",
                     f'MARKUP_ONLY_PICTURES="{content.parent / "pictures.json"}"')  # fmt: skip


def fresh(work: Path, name: str) -> tuple[Path, Path]:
    """An empty output folder and Pelican cache folder (one left by a kept run is removed)."""
    folders = work / f"out-{name}", work / f"cache-{name}"
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    return folders


def cached_build(posts: int, runs: int, work: Path, count_instructions: bool = False) -> dict:
    sites = {}
    for name in ("with", "without"):
        content = work / name / "content"
        if not (work / name / "complete").exists():  # written by an earlier run (--keep)
            write_site_data(content, write_posts(content, posts))
            if name == "with":
                blog_with_photos(content, posts)
            (work / name / "complete").write_text(f"{posts} posts\n")
        sites[name] = content
    settings = ROOT / "pelicanconf.py"
    assets = ("-e", f'ASSET_CACHE_PATH="{work / "assets"}"')  # one -e: a second replaces it
    cold = not (work / "assets").exists()
    started = time.perf_counter()
    warm = fresh(work, "warm")
    pelican(settings, sites["with"], *warm, "--ignore-cache", *assets)
    warming = time.perf_counter() - started
    sites["markup"], swapping = markup_only(work, sites["with"], warm[0], posts)
    options = {"with": assets, "without": assets, "markup": (*assets, *swapping)}
    # the other blogs' share cards (the same for all, unless the synthetic posts change)
    for name in ("without", "markup"):
        pelican(settings, sites[name], *fresh(work, "warm"), "--ignore-cache", *options[name])
    load = os.getloadavg()
    runs_of: dict[str, list] = {name: [] for name in sites}
    for run in range(runs):  # alternate, so drift in the machine hits all alike
        for name, content in sites.items():
            output = fresh(work, f"{name}-{run}")
            build = pelican(settings, content, *output, "--ignore-cache", *options[name])
            runs_of[name].append(build)
    files = sum(1 for _ in (work / "out-with-0" / "images").iterdir())
    report = {"posts": posts, "photos": posts, "image_files_written": files,
              "first_build_s": round(warming, 1), "first_build_encoded": cold,
              "load_average_before_and_after": [load, os.getloadavg()]}  # fmt: skip
    for than, label in (("without", "extra_ms"), ("markup", "plugin_ms")):
        pairs = zip(runs_of["with"], runs_of[than], strict=True)
        paired = [with_images.seconds - other.seconds for with_images, other in pairs]
        report[f"median_of_paired_{label}"] = round(1000 * statistics.median(paired))
    if count_instructions:
        report["instructions"] = instructions(settings, sites, options, work)
    # Wall and CPU time (the build and its workers), median and best of the runs: on a
    # shared machine the best run is the one least disturbed by others.
    for measure in ("seconds", "cpu_seconds"):
        for pick in (statistics.median, min):
            picked = {name: pick(getattr(r, measure) for r in runs_of[name]) for name in sites}
            ms = {name: round(1000 * seconds) for name, seconds in picked.items()}
            report[f"{pick.__name__}_{measure}"] = {
                "with_cached_images": round(picked["with"], 3),
                "without_images": round(picked["without"], 3),
                "markup_only": round(picked["markup"], 3),
                "extra_ms": ms["with"] - ms["without"],
                "of_which_markup_ms": ms["markup"] - ms["without"],
                "of_which_plugin_ms": ms["with"] - ms["markup"],
            }
    return report


def instructions(settings: Path, sites: dict, options: dict, work: Path) -> dict:
    """Each blog's build counted in instructions by valgrind's callgrind, in one process:
    unlike time, a count does not move with other work on the machine (it leaves out the
    kernel's share, such as making the 1,800 links). Instructions are turned into
    milliseconds at the rate of the same one-process build of the blog without photos."""
    counts = {}
    for name, content in sites.items():
        build = pelican_command(
            settings,
            content,
            *fresh(work, f"counted-{name}"),
            "--ignore-cache",
            *options[name],
            "BUILD_WORKERS=1",
        )
        command = ["valgrind", "--tool=callgrind",
                   f"--callgrind-out-file={work / 'callgrind.out'}", *build]  # fmt: skip
        result = subprocess.run(command, cwd=ROOT, env=build_env(PYTHONHASHSEED="0"),
                                capture_output=True, text=True)  # fmt: skip
        counted = re.search(r"Collected : (\d+)", result.stderr)
        if result.returncode != 0 or counted is None:
            raise SystemExit(f"callgrind build failed: {result.stderr[-2000:]}")
        counts[name] = int(counted.group(1))
    one_process = [*options["without"], "BUILD_WORKERS=1"]
    timed = [pelican(settings, sites["without"], *fresh(work, "timed"), "--ignore-cache",
                     *one_process) for _ in range(3)]  # fmt: skip
    seconds = min(build.cpu_seconds for build in timed)  # the least disturbed: the machine's rate
    per_ms = counts["without"] / seconds / 1000
    differences = {
        "extra": counts["with"] - counts["without"],
        "of_which_markup": counts["markup"] - counts["without"],
        "of_which_plugin": counts["with"] - counts["markup"],
    }
    return {
        "counts": counts,
        **differences,
        "as_ms_of_one_process": {name: round(n / per_ms, 1) for name, n in differences.items()},
        "one_process_cpu_s_without": round(seconds, 3),
    }


def pieces(runs: int, work: Path) -> dict:
    """responsive_images' own steps in each blog's cached build, best of ``runs`` (alternating),
    timed inside one-process builds (image_pieces.py)."""
    env = build_env()
    best: dict[str, dict] = {"with": {}, "without": {}}
    for _ in range(runs):
        for name in best:
            output = fresh(work, f"pieces-{name}")[0]
            command = [sys.executable, "-m", "benchmarks.image_pieces",
                       str(work / name / "content"), str(output), str(work / "assets")]  # fmt: skip
            result = subprocess.run(
                command, cwd=ROOT, env=env, capture_output=True, text=True, check=True
            )
            for label, ms in json.loads(result.stdout.splitlines()[-1]).items():
                best[name][label] = min(ms, best[name].get(label, ms))
    return {"runs": runs, "best_ms": best, "load_average_after": os.getloadavg()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=8, help="part 1's photos; 0: no part 1")
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="part 2's blogs and asset cache, kept here")
    parser.add_argument(
        "--pieces",
        type=int,
        default=0,
        help="also time the plugin's steps inside builds, best of N",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each blog's build in instructions (valgrind; minutes per build)",
    )
    parser.add_argument("--json", type=Path, default=HERE / "results" / "images.json")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    encoding_report = None
    if args.photos:
        with tempfile.TemporaryDirectory(prefix="bench-images-") as work:
            encoding_report = cold_encoding(args.photos, Path(work))
            print(json.dumps(encoding_report), flush=True)
    with contextlib.ExitStack() as stack:
        work = args.keep or stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-images-"))
        build_report = cached_build(args.posts, args.runs, Path(work), args.instructions)
        print(json.dumps(build_report), flush=True)
        if args.pieces:
            build_report["pieces"] = pieces(args.pieces, Path(work))
            print(json.dumps(build_report["pieces"]), flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    report = {"cold_encoding": encoding_report, "cached_build": build_report}
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"results written to {args.json}")


if __name__ == "__main__":
    main()
