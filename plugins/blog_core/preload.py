"""Heavy modules a plugin imports only where it uses them, named so they can load sooner.

Plugins keep pydantic, PyYAML, Markdown extensions and the like out of ``register()``, so
that Pelican starts reading posts sooner. parallel_build imports the modules named here
while the main process waits for its workers; without it (or on a small site) each one
loads where it is first used, as usual.
"""

from __future__ import annotations

MODULES: list[str] = []


def preload(*names: str) -> None:
    """Name modules worth importing before their first use; called from ``register()``."""
    MODULES.extend(name for name in names if name not in MODULES)
