"""blog_core: what the theme needs from every post, computed once in Python.

Reading time, JSON-LD, the build date, every page's head (``head.py``), the presenters that
decide what every page shows (the templates only show it), the site's own settings the theme
reads (``settings.py``) and the theme's scripts, inlined into the pages that use them.
"""

from .core import register

__all__ = ["register"]
