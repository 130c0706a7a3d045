"""build_guard: decides what the build's content problems do.

Plugins report problems through ``blogkit.problems`` (one line each, ``file:line: problem``);
Pelican's own reading errors, and plugins it could not load, reach it through
``blogkit.pelican_internals``. With ``BUILD_GUARD_STRICT = True`` (publishconf.py) a build
with any error stops before anything is written; otherwise the pages are built and the
problems shown on every page (the red box).
"""

from blogkit.pelican_internals.plugins import LOADING

from .guard import register

__all__ = ["register"]

# Pelican loads the plugins listed after this one from here on: note any it cannot load.
LOADING.watch()
