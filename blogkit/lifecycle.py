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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import processes
from .pelican_internals import lifecycle as internals
from .problems import PROBLEMS


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
        self.count = 0
        self.staged = False

    def on_start(self, handler: Callable[[Build], None]) -> None:
        if not self.handlers:
            internals.on_every_build(self.start)
        if handler not in self.handlers:
            self.handlers.append(handler)

    def start(self, pelican_instance) -> None:
        self.count += 1
        PROBLEMS.clear()
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
