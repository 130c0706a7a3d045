"""How many processes share this build: blogkit's ``BUILD_WORKERS`` (blogkit.processes), or
this process alone for a staged build and where Pelican is not what sharing relies on."""

from __future__ import annotations

from blogkit import lifecycle, pelican_internals
from blogkit.problems import warn

# Below this many posts, starting processes costs more than sharing the work saves.
MIN_POSTS = 8


class Workers:
    """This build's process count, set as each build starts; 1 for a staged build
    (blogkit.lifecycle: its host writes the output in its own order)."""

    count = 1

    def configure(self, build: lifecycle.Build) -> None:
        self.count = 1 if build.staged else build.workers
        broken = pelican_internals.broken_assumptions() if self.count > 1 else []
        if broken:
            self.turn_off(broken)

    def turn_off(self, broken: list[str]) -> None:
        """Pelican no longer does what sharing the build relies on: say what, build alone."""
        warn("", f"parallel_build is off for this build: {'; '.join(broken)}")
        self.count = 1


workers = Workers()
