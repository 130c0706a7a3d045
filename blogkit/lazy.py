"""Heavy modules a plugin imports on first use, so that Pelican starts reading posts sooner.

A plugin writes ``catalog = lazy.module("event_listing.catalog")`` at the top of the module
that needs it, where a plain import would stand, and uses ``catalog.read_events`` as usual:
the import (pydantic, PyYAML, nh3, Markdown extensions...) happens on that first use.
parallel_build imports whatever is still deferred while the main process waits for its
workers (:func:`not_loaded`); without it, each module simply loads where it is first used.
"""

from __future__ import annotations

import sys
from importlib import import_module

DEFERRED: list[str] = []


class DeferredModule:
    """Stands for a module until an attribute of it is first read."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<deferred module {self._name!r}>"


def module(name: str) -> DeferredModule:
    """A module to import where it is first used; named so it can be loaded ahead."""
    if name not in DEFERRED:
        DEFERRED.append(name)
    return DeferredModule(name)


def not_loaded() -> list[str]:
    """Deferred modules nothing has imported yet, in the order they were declared."""
    return [name for name in DEFERRED if name not in sys.modules]
