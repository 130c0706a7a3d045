"""Settings: each plugin's defaults and checks in one table, and the site's settings files.

A plugin describes every setting it reads once, as a :class:`Setting` (default, what a valid
value is); :func:`plugin_settings` returns the values to use, and a value that is not valid
is one problem (``NAME is 'x': it must be ...; using ...``) and falls back to the default.
Tasks that need the site's settings outside a build read them with :func:`read_site_settings`,
Pelican's own reader, so they see exactly what a build sees.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pelican.settings import read_settings

from .problems import report

_UNSET = object()
# Settings files import each other by module name (publishconf.py: ``from pelicanconf import *``).
SETTINGS_MODULES = ("pelicanconf", "publishconf")


@dataclass(frozen=True)
class Setting:
    """One setting: its default, and (optionally) what a valid value is."""

    default: object
    must_be: str = ""  # finishes "it must be ..." in the one-line problem
    valid: Callable[[object], bool] | None = None
    fallback: object = field(default=_UNSET)  # what a refused value becomes (the default)


def plugin_settings(settings: Mapping, table: Mapping[str, Setting]) -> dict:
    """Every setting of ``table``: the site's value, or the default; refused values reported."""
    values = {}
    for name, rule in table.items():
        value = settings.get(name, rule.default)
        if rule.valid is not None and not rule.valid(value):
            fallback = rule.default if rule.fallback is _UNSET else rule.fallback
            report("", f"{name} is {value!r}: it must be {rule.must_be}; using {fallback!r}")
            value = fallback
        values[name] = value
    return values


def whole_number(value) -> bool:
    """A count: an int (not a bool) of zero or more."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def positive_number(value) -> bool:
    return whole_number(value) and value > 0


def text(value) -> bool:
    return isinstance(value, str)


def output_folder(value) -> bool:
    """A folder of the output, named relative to it: nothing there can be written elsewhere."""
    if not isinstance(value, str) or not value.strip("/") or value.startswith("/"):
        return False
    return ".." not in value.replace("\\", "/").split("/")


def one_of(*choices) -> Callable[[object], bool]:
    """One of ``choices`` (text or numbers: a switch is :func:`switch`)."""
    return lambda value: any(value == choice and type(value) is type(choice) for choice in choices)


def true_or_false(value) -> bool:
    """The one rule for every on/off setting: ``True`` or ``False``, nothing that merely looks
    like one (``1``, ``"no"``, ``None``)."""
    return isinstance(value, bool)


def switch(default: bool) -> Setting:
    """An on/off setting: ``True`` or ``False`` only; anything else is one problem."""
    return Setting(default, "True or False", true_or_false)


def text_matching(pattern: str) -> Callable[[object], bool]:
    compiled = re.compile(pattern)
    return lambda value: isinstance(value, str) and bool(compiled.fullmatch(value))


def optional(check: Callable[[object], bool]) -> Callable[[object], bool]:
    """None or empty text, or what ``check`` accepts."""
    return lambda value: value is None or value == "" or check(value)


# The asset cache (blogkit.asset_cache): derived files (image variants, share cards, the search
# index) kept between builds by content key, in the table of each plugin that makes them.
ASSET_CACHE = {
    # One folder for every kind, relative to the working folder.
    "ASSET_CACHE_PATH": Setting(".cache/assets", "text (a folder)", text),
    # An entry no build of its kind used in this many builds is removed.
    "ASSET_CACHE_KEEP_BUILDS": Setting(10, "a number of builds", positive_number),
}


class SettingsError(Exception):
    """A settings file that cannot be read: one line naming it."""


@contextlib.contextmanager
def _environment(overrides: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _without_pelican_warnings() -> Iterator[None]:
    """Pelican warns about settings (feeds without SITEURL...) as it reads them: the build shows
    those; a task that only reads the settings would print them before its own one line."""
    pelican_settings = logging.getLogger("pelican.settings")
    level = pelican_settings.level
    pelican_settings.setLevel(logging.ERROR)
    try:
        yield
    finally:
        pelican_settings.setLevel(level)


def read_site_settings(
    settings_file: str | os.PathLike,
    *,
    env: Mapping[str, str] | None = None,
    override: dict | None = None,
) -> dict:
    """The settings a build with ``settings_file`` would use (Pelican's ``read_settings``).

    Read in the file's folder with ``env`` set, and without any earlier copy of the settings
    modules, since publishconf.py reads the environment and imports pelicanconf.py. A file
    that cannot be read is a SettingsError in one line.
    """
    path = Path(settings_file).resolve()
    with _environment(env or {}), contextlib.chdir(path.parent), _without_pelican_warnings():
        for name in SETTINGS_MODULES:
            sys.modules.pop(name, None)
        try:
            return read_settings(str(path), override=override)
        except Exception as error:  # any error in a settings file: say which, in one line
            raise SettingsError(f"{path.name}: {type(error).__name__}: {error}") from None
        finally:
            for name in SETTINGS_MODULES:
                sys.modules.pop(name, None)
