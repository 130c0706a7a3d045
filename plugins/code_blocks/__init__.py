"""code_blocks: the colours of code, light and dark, only on the pages that show code.

Pygments (through Markdown's codehilite) marks each token with a class; the rules for them
are generated from Pygments' own styles (``site_tools/code_styles.py``) into
``theme/static/css/code.css``. A post or page with a code block gets ``code_style_url``, which
``partials/code_style.html`` links; every other page (the seed article) loads nothing more.
"""

from .plugin import register

__all__ = ["register"]
