"""One build's life: what every plugin's per-build state starts on, whoever runs the build.

Pelican sends ``initialized`` once per Pelican object, but one object may run many builds:
``pelican --autoreload`` runs it again after every change, and so does the dev server's
builder (site_tools.dev_builder). So no per-build state starts on ``initialized``. A plugin
asks here, in its ``register()``, to be told when each build starts::

    lifecycle.on_start(guard.start)  # guard.start(build) as every build starts

and its handler receives the :class:`Build`. Each build starts with no problems reported and
no warning remembered as already shown, and with its count of worker processes
(``BUILD_WORKERS``, blogkit.processes); then the handlers run in the order they were asked for
(the order of ``PLUGINS``). What Pelican sends first in every run is in
``blogkit.pelican_internals.lifecycle``.

Whole-site work that no page shows but as problems (every link checked, every old address
claimed) a plugin hands to :func:`after_reload`: a staged build (the dev server's) does it
once the page the author looks at is written and the browser reloads, before any plugin's
generator writes; any other build does it at once. A plugin whose pages show problems asks
:func:`on_settled` to hear what that work found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import processes
from .pelican_internals import lifecycle as internals
from .problems import PROBLEMS, Problem


@dataclass(frozen=True)
class Build:
    """The build that is starting, as every plugin sees it."""

    pelican: object  # the Pelican object that runs it
    number: int  # 1 for the first build of this process
    workers: int  # the processes it may use (blogkit.processes); 1: its own only
    staged: bool  # its output is written by a host in its own order (the dev server's builder):
    #               nothing may share the writing of it with other processes

    @property
    def settings(self) -> dict:
        return self.pelican.settings


class Lifecycle:
    """The builds of this process and the handlers that start each one."""

    def __init__(self) -> None:
        self.handlers: list[Callable[[Build], None]] = []
        self.settled_handlers: list[Callable[[list[Problem]], bool]] = []
        self.later: list[Callable[[], None]] = []  # this build's work for after the reload
        self.found: list[Problem] = []  # what that work reported, done or not yet
        self.count = 0
        self.staged = False

    def on_start(self, handler: Callable[[Build], None]) -> None:
        if not self.handlers:
            internals.on_every_build(self.start)
        if handler not in self.handlers:
            self.handlers.append(handler)

    def do(self, work: Callable[[], None]) -> None:
        """Work for after the reload, done now: what it reports is kept apart."""
        before = len(PROBLEMS.problems)
        work()
        self.found += PROBLEMS.problems[before:]

    def settle(self) -> bool:
        """Log the problems held back, do the work left for after the reload; whether a page
        written before shows less than it found (a ``settled`` handler says so)."""
        PROBLEMS.release()
        while self.later:
            self.do(self.later.pop(0))
        stale = [handler(self.found) for handler in self.settled_handlers]
        return any(stale)

    def start(self, pelican_instance) -> None:
        self.count += 1
        self.later, self.found = [], []
        PROBLEMS.clear()
        if self.staged:  # logged once the open page is written (settle)
            PROBLEMS.hold()
        internals.forget_logged_warnings()
        workers = processes.worker_count(pelican_instance.settings)
        build = Build(pelican_instance, self.count, workers, self.staged)
        for handler in self.handlers:
            handler(build)


LIFECYCLE = Lifecycle()


def on_start(handler: Callable[[Build], None]) -> None:
    """``handler(build)`` as every build of this process starts (a plugin's ``register()``)."""
    LIFECYCLE.on_start(handler)


def stage_builds() -> None:
    """The builds that follow are staged: written by this process's host in its own order
    (site_tools.dev_builder's rebuilds), so no plugin may share their output with others."""
    LIFECYCLE.staged = True


def after_reload(work: Callable[[], None]) -> None:
    """``work()`` once the open page is written, in a staged build; now in any other.

    For whole-site work that no page needs but for the problems it reports: a staged build's
    browser reloads without waiting for it, and the pages it finds problems for are written
    again (:func:`on_settled`)."""
    if LIFECYCLE.staged:
        LIFECYCLE.later.append(work)
    else:
        LIFECYCLE.do(work)


def found_after_reload() -> list[Problem]:
    """The problems the work for after the reload reported so far in this build (all of
    them, in a build that is not staged, once the static files are listed)."""
    return list(LIFECYCLE.found)


def on_settled(handler: Callable[[list[Problem]], bool]) -> None:
    """``handler(problems)`` once a staged build did the work left for after the reload, with
    the problems that work reported; it returns whether the pages written before it ran show
    less than they now would (they are written again)."""
    if handler not in LIFECYCLE.settled_handlers:
        LIFECYCLE.settled_handlers.append(handler)


def settle() -> bool:
    """The host of a staged build: do the work left for after the reload, before any plugin's
    generator writes; True when the pages written so far must be written again."""
    return LIFECYCLE.settle()
