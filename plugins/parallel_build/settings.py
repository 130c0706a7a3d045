"""The one setting of parallel_build, and the process count each build uses (0: alone)."""

from __future__ import annotations

import multiprocessing
import os

from blogkit import lifecycle, pelican_internals
from blogkit.problems import warn
from blogkit.settings import Setting, optional, plugin_settings, whole_number

SETTINGS = {
    # Processes sharing the work; None means one per CPU this process may use. 0 or 1 builds
    # the way Pelican does alone, one file after another.
    "PARALLEL_BUILD_WORKERS": Setting(
        None, "a whole number of processes or None", optional(whole_number), fallback=0
    ),
}
# Below this many posts, starting processes costs more than sharing the work saves.
MIN_POSTS = 8


def read_worker_count(settings) -> int:
    """``PARALLEL_BUILD_WORKERS``, or 0 (one problem) when it is not a process count.

    Always 0 where processes cannot be forked: workers start as copies of the build.
    """
    value = plugin_settings(settings, SETTINGS)["PARALLEL_BUILD_WORKERS"]
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    if value is None:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return value


class Workers:
    """This build's process count, read from the settings as each build starts; 0 for a staged
    build (blogkit.lifecycle: its host writes the output in its own order)."""

    count = 0

    def configure(self, build: lifecycle.Build) -> None:
        self.count = 0 if build.staged else read_worker_count(build.settings)
        broken = pelican_internals.broken_assumptions() if self.count > 1 else []
        if broken:
            self.turn_off(broken)

    def turn_off(self, broken: list[str]) -> None:
        """Pelican no longer does what sharing the build relies on: say what, build alone."""
        warn("", f"parallel_build is off for this build: {'; '.join(broken)}")
        self.count = 0


workers = Workers()
