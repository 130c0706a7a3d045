"""``python -m site_tools.run_pelican ARGS``: Pelican's CLI with one plain line per message.

Pelican's own ``--log-handler plain`` installs no handler at all, so messages below WARNING
vanish and the rest lose their level; this sets the format first, and keeps every message on
one line. Everything else is ``pelican content``: the same build, the same output.
"""

import logging
import sys

from pelican import main

VERBOSITY = {
    "-D": logging.DEBUG,
    "--debug": logging.DEBUG,
    "-v": logging.INFO,
    "--verbose": logging.INFO,
}


class OneLine(logging.Formatter):
    """``LEVEL: message`` with the message's own line breaks turned into ``: ``."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return super().formatMessage(record).replace("\n", ": ")


def log_level(arguments: list[str]) -> int:
    """Pelican sets only its own logger's level; plugins' loggers follow the root's."""
    levels = [VERBOSITY[flag] for flag in arguments if flag in VERBOSITY]
    return min(levels, default=logging.WARNING)


def prepare(arguments: list[str]) -> list[str]:
    """One plain line per message; Pelican's arguments to use."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine("%(levelname)s: %(message)s"))
    logging.basicConfig(handlers=[handler], level=log_level(arguments))
    return [*arguments, "--log-handler", "plain"]


if __name__ == "__main__":
    main(prepare(sys.argv[1:]))
