"""Encoding on every CPU: one process per CPU, each taking the next source when it is done.

The pool is forked from the build once its sources are known, before any page is written
(and before parallel_build forks its writers), so no image is encoded twice; it is closed
before the build goes on. Without ``fork`` (or with one job) the build encodes in place.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from . import encoding


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def run(jobs: list[encoding.Job], workers: int | None) -> list[encoding.Outcome]:
    """Every job's outcome, in the order given."""
    count = min(len(jobs), workers or cpu_count())
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [encoding.run(job) for job in jobs]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as executor:
        futures = [executor.submit(encoding.run, job) for job in jobs]
        return [_outcome(future) for future in futures]


def _outcome(future) -> encoding.Outcome:
    try:
        return future.result()
    except BrokenProcessPool:  # a worker was killed (out of memory) or its encoder crashed
        return encoding.Outcome(problem="could not be encoded: its encoding process stopped")
