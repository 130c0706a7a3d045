"""Work left until it is used: heavy modules a plugin imports on first use, so that Pelican
starts reading posts sooner, and values a page shows, worked out when it is written
(:class:`Deferred`).

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
from collections.abc import Callable
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


class Deferred:
    """A value a page shows, worked out when a template first reads it, then kept.

    A plugin attaches what every post's page shows before any page is written; the dev
    server's builder then writes only the open page before the browser reloads, so a value
    worked out ahead for every post (a head, JSON-LD, share links) would be made 1,000 times
    for one page. It reads as the value does in a template: its attributes, truth and items
    (``.value`` is the value itself, for a filter or a dump that needs it whole).
    """

    __slots__ = ("_make", "_value")
    _NOT_YET = object()

    def __init__(self, make: Callable[[], object]):
        self._make = make
        self._value = self._NOT_YET

    @property
    def value(self):
        if self._value is self._NOT_YET:
            self._value = self._make()
            self._make = None
        return self._value

    def __getattr__(self, name: str):
        return getattr(self.value, name)

    def __bool__(self) -> bool:
        return bool(self.value)

    def __iter__(self):
        return iter(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __getitem__(self, key):
        return self.value[key]

    def __repr__(self) -> str:
        return f"<deferred {self._value!r}>" if self._value is not self._NOT_YET else "<deferred>"


def resolved(value):
    """``value``, or the value a :class:`Deferred` stands for."""
    return value.value if isinstance(value, Deferred) else value


def either(first, second):
    """``first or second``; read when a template reads it if either is a :class:`Deferred`
    (a page's own card or the site's, neither worked out until a page shows one)."""
    if isinstance(first, Deferred) or isinstance(second, Deferred):
        return Deferred(lambda: resolved(first) or resolved(second))
    return first or second
