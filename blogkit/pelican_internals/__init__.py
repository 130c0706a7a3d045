"""Every place the site relies on Pelican beyond its documented settings and signals.

One module per user, each opening with what it assumes (``Assumed:``) and declaring in
``CALLED`` the Pelican functions it calls with the parameters it passes:

- ``lifecycle``: blogkit.lifecycle (the signal that starts every build);
- ``plugins`` and ``reading``: build_guard (plugins that did not load; sources Pelican could
  not read or would skip);
- ``contents``: the text of a post as read (responsive_images, blog_core);
- ``authors``: an author page for a person no post names (author_profiles);
- ``caching``: Pelican's file-stamp cache (comment_threads);
- ``static_files``: photos Pelican need not read (responsive_images);
- ``parallel``: reading and writing shared with other processes (parallel_build);
- ``staging`` and ``keeping``: the dev server's builder (site_tools.staged_build,
  site_tools.kept_contents).

Everything was checked against ``PELICAN_VERSION`` (pinned in requirements.txt).
:func:`broken_assumptions` re-checks what can be checked in a few milliseconds (parallel_build
turns itself off if anything fails), and ``tests/test_pelican_internals.py`` checks every
assumption against the installed Pelican, so an upgrade that breaks one fails that test by
name. No other module of the site touches Pelican's internals (tests/test_architecture.py).
"""

from __future__ import annotations

import inspect
from functools import reduce
from importlib import import_module

import pelican

from . import (
    authors,
    caching,
    contents,
    keeping,
    lifecycle,
    parallel,
    plugins,
    reading,
    staging,
    static_files,
)

PELICAN_VERSION = "4.12.0"
MODULES = (lifecycle, plugins, reading, contents, authors, caching, static_files, parallel, staging,
           keeping)  # fmt: skip


def declared_calls() -> list[tuple[str, str, tuple[str, ...]]]:
    """``(module, Pelican function, parameters)`` for every call each module declares."""
    return [
        (module.__name__.rsplit(".", 1)[1], name, parameters)
        for module in MODULES
        for name, parameters in module.CALLED
    ]


def declaration_problems() -> list[str]:
    """A function declared twice by one module: one of the two would go unchecked."""
    seen: set[tuple[str, str]] = set()
    problems = []
    for module, name, _ in declared_calls():
        if (module, name) in seen:
            problems.append(f"{module} declares {name} twice")
        seen.add((module, name))
    return problems


def broken_assumptions() -> list[str]:
    """One line for each assumption the installed Pelican does not meet, of what can be checked
    in a few milliseconds without a build: the version, every declared call, the writer."""
    problems = [version_problem(), parallel.writer_problem(), *declaration_problems()]
    problems += [signature_problem(name, expected) for _, name, expected in declared_calls()]
    return list(dict.fromkeys(problem for problem in problems if problem))


def version_problem() -> str | None:
    installed = pelican.__version__
    if installed == PELICAN_VERSION:
        return None
    return f"Pelican {installed} is installed, its internals were checked on {PELICAN_VERSION}"


def signature_problem(name: str, expected: tuple[str, ...]) -> str | None:
    """Whether ``module:function`` still exists and takes the ``expected`` parameters first."""
    module, _, qualified_name = name.partition(":")
    try:
        function = reduce(getattr, qualified_name.split("."), import_module(module))
        parameters = tuple(inspect.signature(function).parameters)
    except (AttributeError, ImportError):
        return f"{name} no longer exists"
    if parameters[: len(expected)] == expected:
        return None
    return f"{name} takes ({', '.join(parameters)}), not ({', '.join(expected)}, ...)"
