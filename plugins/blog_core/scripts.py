"""The theme's scripts (``static/js/*.js``), written into the pages that use them.

Inline, a script costs a page no request of its own (the budget is three: the page, the style
sheet and the icon); as files, they are read, linted and edited as JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup, escape

SCRIPTS_FOLDER = Path("static", "js")  # inside the theme
_END_OF_SCRIPT = re.compile(r"</script", re.IGNORECASE)


class ThemeScripts:
    """Every script of the theme, read once per build."""

    def __init__(self, theme: str):
        self.folder = Path(theme) / SCRIPTS_FOLDER
        self.scripts = {path.name: read_script(path) for path in sorted(self.folder.glob("*.js"))}

    def inline(self, name: str, data: Mapping[str, str] | None = None) -> Markup:
        """``<script>`` with the file's text, on lines of its own as if written in the page;
        ``data`` become its ``data-*`` attributes (the script reads document.currentScript)."""
        if name not in self.scripts:
            raise LookupError(f"the theme has no script {name!r} in {self.folder}")
        data = data or {}
        attributes = "".join(f' data-{key}="{escape(value)}"' for key, value in data.items())
        return Markup(f"<script{attributes}>\n{self.scripts[name]}</script>")


def read_script(path: Path) -> str:
    """A script's text; one that would end its ``<script>`` element early is refused."""
    text = path.read_text(encoding="utf-8")
    if _END_OF_SCRIPT.search(text):
        raise ValueError(f"{path}: '</script' would end the inlined script early")
    return text
