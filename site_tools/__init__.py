"""Helpers behind tasks.py: the dev server, new posts, and checks of a built site.

They share blogkit with the plugins (settings, slugs, safe paths), so its folder is importable.
"""

import sys
from pathlib import Path

PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if PLUGINS not in sys.path:
    sys.path.insert(0, PLUGINS)
