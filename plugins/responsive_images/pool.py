"""Encoding on every CPU (``blogkit.processes``, ``BUILD_WORKERS``): each worker takes the next
source when it is done, forked once the sources are known so no image is encoded twice."""

from __future__ import annotations

from blogkit.processes import run_all

from . import encoding

CRASHED = encoding.Outcome(problem="could not be encoded: its encoding process stopped")


def run(jobs: list[encoding.Job], workers: int) -> list[encoding.Outcome]:
    """Every job's outcome, in the order given."""
    return run_all(encoding.run, jobs, workers, CRASHED, "responsive_images: encoding images")
