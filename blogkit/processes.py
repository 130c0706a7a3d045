"""Work shared by every CPU: one pool of forked worker processes, one count of them.

``BUILD_WORKERS`` is how many processes a build may use (None: one per CPU this process may
run on; 1: everything in the build's own process); blogkit.lifecycle reads it as each build
starts (``Build.workers``). Every plugin that shares work uses :class:`WorkerPool`: image
variants and share cards (:func:`run_all`), posts' Markdown and the output's pages
(parallel_build). Workers are forked, so they start as copies of the build; what exists when
they are forked is frozen out of the garbage collector's sight until the pool ends, so that
no collection in a worker copies the memory it shares with the build.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext

from .progress import stage
from .settings import Setting, optional, plugin_settings, positive_number

SETTINGS = {
    # Processes a build may use; None means one per CPU, 1 builds in one process.
    "BUILD_WORKERS": Setting(
        None, "a number of processes or None", optional(positive_number), fallback=1
    ),
}


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def worker_count(settings: Mapping) -> int:
    """``BUILD_WORKERS`` (a refused value is one problem and means 1), or one per CPU; 1
    where processes cannot be forked."""
    value = plugin_settings(settings, SETTINGS)["BUILD_WORKERS"]
    if not can_fork():
        return 1
    return cpu_count() if value is None else value


class WorkerPool:
    """Forked processes, each taking the next job as it is done; a ``with`` block ends them.

    ``initializer(*initargs)`` runs in each worker as it starts.
    """

    def __init__(self, workers: int, initializer: Callable | None = None, initargs=()):
        gc.freeze()
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=initializer,
            initargs=initargs,
        )

    def submit(self, task: Callable, *args) -> Future:
        return self.executor.submit(task, *args)

    def close(self) -> None:
        """Wait for the jobs under way, drop those not started, end the workers."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_exception) -> None:
        self.close()


def results_or(future: Future, crashed, size: int) -> list:
    """A batch's results, or ``crashed`` for each of its jobs where its worker died (killed when
    out of memory, or a native library crashed in it)."""
    try:
        return future.result()
    except BrokenProcessPool:
        return [crashed] * size


def run_all(task: Callable, jobs: list, workers: int, crashed, what: str = "", batch: int = 1):
    """``task(job)`` for every job, in the order given; in this process when there is one job
    or one worker. With ``what`` ("responsive_images: encoding images"), its progress is shown
    (blogkit.progress). ``batch`` jobs travel to a worker together: for many small jobs (a
    share card is a few milliseconds), where each trip's own cost, a fraction of a
    millisecond in both processes, would count."""
    count = min(len(jobs), workers)
    with stage(what, len(jobs)) if what else nullcontext(lambda: None) as advance:
        if count < 2:
            results = []
            for job in jobs:
                results.append(task(job))
                advance()
            return results
        batches = [jobs[first : first + batch] for first in range(0, len(jobs), batch)]
        with WorkerPool(count) as pool:
            futures = {pool.submit(run_batch, task, each): len(each) for each in batches}
            for done in as_completed(futures):
                for _job in range(futures[done]):
                    advance()
            return [result for future, size in futures.items()
                    for result in results_or(future, crashed, size)]  # fmt: skip


def run_batch(task: Callable, jobs: list) -> list:
    """In a worker: each job's result, in order."""
    return [task(job) for job in jobs]
