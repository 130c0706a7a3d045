"""Work spread over every CPU: forked processes, each taking the next job when it is done.

Used for the build's derived files (image variants, share cards): the pool is forked once
the jobs are known, before any page is written (and before parallel_build forks its
writers), and closed before the build goes on. Without ``fork``, or with one job or one
CPU, the jobs run in the build's own process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def run_all(task: Callable, jobs: list, workers: int | None, crashed) -> list:
    """``task(job)`` for every job, in the order given; ``crashed`` where a worker died
    (killed when out of memory, or a native library crashed in it)."""
    count = min(len(jobs), workers or cpu_count())
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [task(job) for job in jobs]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as executor:
        futures = [executor.submit(task, job) for job in jobs]
        return [_result(future, crashed) for future in futures]


def _result(future, crashed):
    try:
        return future.result()
    except BrokenProcessPool:
        return crashed
