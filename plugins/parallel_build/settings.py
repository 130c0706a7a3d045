"""The one setting of parallel_build, its default and its validation."""

from __future__ import annotations

import logging
import multiprocessing
import os

logger = logging.getLogger(__name__)

# Processes sharing the work; None means one per CPU this process may use. 0 or 1 builds
# the way Pelican does alone, one file after another.
DEFAULT_WORKERS = None
# Below this many posts, starting processes costs more than sharing the work saves.
MIN_POSTS = 8


def read_worker_count(settings) -> int:
    """``PARALLEL_BUILD_WORKERS``, or 0 (with one log line) when it is not a process count.

    Always 0 where processes cannot be forked: workers start as copies of the build.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    value = settings.get("PARALLEL_BUILD_WORKERS", DEFAULT_WORKERS)
    if value is None:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        logger.error(
            "PARALLEL_BUILD_WORKERS is %r; it must be a whole number of processes or None "
            "(building with one process)",
            value,
        )
        return 0
    return value


class Workers:
    """This build's process count, read from the settings once when Pelican starts."""

    count = 0

    def configure(self, pelican) -> None:
        self.count = read_worker_count(pelican.settings)


workers = Workers()
