"""The command line of a benchmark that measures the site at several sizes.

``--sizes``, ``--runs`` and ``--json``; each size measured in a fresh temporary folder,
summed up on the terminal as it ends, and every report written as one JSON list.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def run_sizes(
    description: str,
    measure: Callable[[int, int, Path], dict],
    summary: Callable[[int, dict], str],
    *,
    sizes: list[int],
    results_file: str,
) -> None:
    """Parse the command line, then ``measure(count, runs, folder)`` for each size."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=sizes)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=RESULTS / results_file)
    args = parser.parse_args()
    reports = []
    for count in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{count}-") as work:
            report = measure(count, args.runs, Path(work))
        reports.append(report)
        print(summary(count, report), flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(reports, indent=2) + "\n")
    print(f"results written to {args.json}")
