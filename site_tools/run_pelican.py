"""``python -m site_tools.run_pelican ARGS``: Pelican's CLI with one plain line per message.

Pelican's own ``--log-handler plain`` installs no handler at all, so messages
below WARNING vanish and the rest lose their level; this sets the format first.
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


def log_level(arguments: list[str]) -> int:
    """Pelican sets only its own logger's level; plugins' loggers follow the root's."""
    levels = [VERBOSITY[flag] for flag in arguments if flag in VERBOSITY]
    return min(levels, default=logging.WARNING)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    logging.basicConfig(
        format="%(levelname)s: %(message)s", stream=sys.stderr, level=log_level(arguments)
    )
    main([*arguments, "--log-handler", "plain"])
