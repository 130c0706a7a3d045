"""view_counts: how often each post was read, from a data file the site owns.

The build only reads ``content/data/views.yaml`` (never the network); the
``invoke views-*`` tasks refresh that file from access logs, analytics exports
or analytics APIs, recording what they imported so nothing is counted twice.
"""

from .plugin import register

__all__ = ["register"]
