"""``python -m site_tools.run_pelican ARGS``: Pelican's CLI with one plain line per message.

Pelican's own ``--log-handler plain`` installs no handler at all, so messages
below WARNING vanish and the rest lose their level; this sets the format first.
"""

import logging
import sys

from pelican import main

if __name__ == "__main__":
    logging.basicConfig(format="%(levelname)s: %(message)s", stream=sys.stderr, level=logging.INFO)
    main([*sys.argv[1:], "--log-handler", "plain"])
