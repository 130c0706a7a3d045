"""build_guard: turn broken content into one clear line, and stop a strict build.

Every problem is logged as ``<file>[:<line>]: <problem>``. With
``BUILD_GUARD_STRICT = True`` (publishconf.py) the build stops before any page
is written; otherwise the pages are built and the problems are also handed to
the theme so that the dev server shows them on every page.
"""

from .guard import StrictBuildStopped, register, stop_build
from .problems import ContentError, format_problem, metadata_line

__all__ = [
    "ContentError",
    "StrictBuildStopped",
    "format_problem",
    "metadata_line",
    "register",
    "stop_build",
]
