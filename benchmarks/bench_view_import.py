"""Access-log import speed and memory, against GoAccess on the same log (not run by pytest).

    python3 -m benchmarks.bench_view_import [--sizes 100M,1G] [--workdir /tmp/views-bench]

For each size: generate the log (seeded, see generate_access_log.py), import it with the
view_counts importer and parse it with GoAccess (Debian's ``goaccess``, COMBINED format, JSON
report), each in its own process. Prints MB/s, the ratio of wall times (goal: at most 2) and
of CPU times, and each one's peak memory; across sizes, peak memory should stay flat.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POSTS = 1000


def run_importer(log: str) -> None:
    """Child process: import ``log`` into an empty ledger; print seconds, lines, views."""
    from blogkit.posts import PostIndex
    from view_counts.importing.ledger import Ledger
    from view_counts.importing.logs import LogCounter

    index = PostIndex()
    for number in range(POSTS):
        index.add(f"post-{number:04d}", f"post-{number:04d}/", {})
    start = time.perf_counter()
    summary = LogCounter(index, Ledger()).count_files([log])
    print(json.dumps({"seconds": time.perf_counter() - start, "summary": summary.lines()}))


def measured(command: list[str]) -> dict:
    """Wall time, CPU time and peak memory (MiB) of one child process (``wait4``: its own)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    stdout = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"{command[0]} failed with exit code {child.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"wall": wall, "cpu": cpu, "peak_mib": usage.ru_maxrss / 1024, "stdout": stdout}


def bench(log: Path) -> dict:
    size_mb = log.stat().st_size / 1e6
    ours = measured([sys.executable, "-m", "benchmarks.bench_view_import", "--child", str(log)])
    report = log.with_suffix(".goaccess.json")
    theirs = measured(
        [
            "goaccess", str(log), "--log-format=COMBINED", "--no-global-config",
            "--no-progress", "-o", str(report),
        ]
    )  # fmt: skip
    report.unlink(missing_ok=True)
    return {"size_mb": size_mb, "ours": ours, "goaccess": theirs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100M,1G")
    parser.add_argument("--workdir", default="/tmp/views-bench")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_importer(args.child)
        return
    if not shutil.which("goaccess"):
        sys.exit("goaccess is not installed (Debian package goaccess)")
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    for size in args.sizes.split(","):
        log = workdir / f"access-{size}.log"
        if not log.exists():
            subprocess.run(
                [sys.executable, "-m", "benchmarks.generate_access_log", str(log), "--size", size],
                check=True,
            )
        result = bench(log)
        ours, theirs = result["ours"], result["goaccess"]
        summary = json.loads(ours["stdout"])["summary"]
        print(f"== {size}: {result['size_mb']:.0f} MB, {summary[0]}, {summary[1]}")
        for name, run in (("view_counts", ours), ("goaccess", theirs)):
            speed = result["size_mb"] / run["wall"]
            print(
                f"  {name:12s} wall {run['wall']:7.1f} s ({speed:6.1f} MB/s)"
                f"  cpu {run['cpu']:7.1f} s  peak memory {run['peak_mib']:6.0f} MiB"
            )
        print(
            f"  ratio view_counts/goaccess: wall {ours['wall'] / theirs['wall']:.2f}, "
            f"cpu {ours['cpu'] / theirs['cpu']:.2f} (goal: wall <= 2)"
        )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
