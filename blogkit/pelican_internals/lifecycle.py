"""The start of every build, for blogkit.lifecycle.

Assumed: ``Pelican.run`` sends ``get_generators`` (with the Pelican object) once per run,
before it makes any generator, whether the Pelican object is new or ran before (``pelican
--autoreload``); the dev server's builder reaches it the same way
(``staging.computed_generators`` calls ``Pelican._get_generator_classes``). A receiver that
returns None adds no generator. ``pelican.log.LimitFilter`` keeps, for the life of the
process, the warnings it has shown and how often each group of them was shown.
"""

from __future__ import annotations

from collections.abc import Callable

from pelican import signals
from pelican.log import LimitFilter

CALLED = (("pelican:Pelican._get_generator_classes", ("self",)),)


def on_every_build(start: Callable[[object], None]) -> None:
    """``start(pelican)`` at the start of every run of every Pelican object; call it once."""

    def starting(pelican_instance) -> None:  # adds no generator
        start(pelican_instance)

    signals.get_generators.connect(starting, weak=False)


def forget_logged_warnings() -> None:
    """Let a warning shown by an earlier build in this process be shown again."""
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
