"""Heavy modules a plugin imports on first use, so that Pelican starts reading posts sooner.

A plugin writes ``catalog = lazy.module("event_listing.catalog")`` at the top of the module
that needs it, where a plain import would stand, and uses ``catalog.read_events`` as usual:
the import (pydantic, PyYAML, nh3, Markdown extensions...) happens on that first use.
parallel_build imports whatever is still deferred while the main process waits for its
workers (:func:`not_loaded`); without it, each module simply loads where it is first used.

A module only some builds need (``ahead=False``: NumPy and SciPy, for a build whose "Read next"
lists are not in the asset cache) is not loaded ahead of a build unless the plugin learns as
the build starts that it will be used (:func:`load_ahead`: the asset cache is cold), but a
long-lived builder (the dev server's) loads every deferred module between builds
(:func:`load_all`), so that the first save that needs one does not wait for it.
"""

from __future__ import annotations

import sys
from importlib import import_module

DEFERRED: list[str] = []  # loaded ahead of a build's use
ON_DEMAND: list[str] = []  # loaded ahead only between a long-lived builder's builds


class DeferredModule:
    """Stands for a module until an attribute of it is first read."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<deferred module {self._name!r}>"


def module(name: str, ahead: bool = True) -> DeferredModule:
    """A module to import where it is first used; named so it can be loaded ahead (by every
    build, or with ``ahead=False`` only by a long-lived builder between builds)."""
    names = DEFERRED if ahead else ON_DEMAND
    if name not in names:
        names.append(name)
    return DeferredModule(name)


def load_ahead(name: str) -> None:
    """The on-demand module ``name`` will be used by the build that starts (a plugin knows
    so as it starts: a cold asset cache), so it is loaded ahead like the others."""
    if name not in DEFERRED:
        DEFERRED.append(name)


def not_loaded() -> list[str]:
    """Deferred modules nothing has imported yet, in the order they were declared."""
    return [name for name in DEFERRED if name not in sys.modules]


def load_all() -> None:
    """Import every deferred module not imported yet, of either kind: between two builds of a
    long-lived builder, whose next build should not wait for an import."""
    for name in [*DEFERRED, *ON_DEMAND]:
        if name not in sys.modules:
            import_module(name)
