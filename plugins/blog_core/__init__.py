"""blog_core: what the theme needs from every post, computed once in Python.

Reading time, JSON-LD, the build date, the presenters that decide what every page shows (the
templates only show it) and the theme's scripts, inlined into the pages that use them.
"""

from .core import register

__all__ = ["register"]
