"""blog_core: what the theme needs from every post, computed once in Python.

Reading time, JSON-LD, the build date and the Jinja
filters the templates use to present counts and structured data.
"""

from .core import register

__all__ = ["register"]
