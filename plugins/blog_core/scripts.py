"""The theme's scripts and page-specific styles, minified into the pages that use them.

Inline, a script or a style sheet costs a page no request of its own (the budget is three: the
page, the shared style sheet and the icon); as files (``static/js/*.js``, ``static/css/*.css``)
they are read, linted and edited as what they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

import rcssmin
import rjsmin
from markupsafe import Markup, escape


class InlinedFiles:
    """The theme's files of one kind, read and minified once per build, each in an ``<element>``."""

    def __init__(self, folder: Path, element: str, suffix: str, minify: Callable[[str], str]):
        self.folder = folder
        self.element = element
        end = re.compile(f"</{element}", re.IGNORECASE)
        self.texts = {
            path.name: minify(read_inlined(path, end)) for path in sorted(folder.glob(suffix))
        }

    def inline(self, name: str, data: Mapping[str, str] | None = None) -> Markup:
        """The file's text in its element, on lines of its own as if written in the page;
        ``data`` become ``data-*`` attributes (a script reads them from document.currentScript)."""
        if name not in self.texts:
            raise LookupError(f"the theme has no {self.element} {name!r} in {self.folder}")
        data = data or {}
        attributes = "".join(f' data-{key}="{escape(value)}"' for key, value in data.items())
        return Markup(f"<{self.element}{attributes}>\n{self.texts[name]}</{self.element}>")


def read_inlined(path: Path, end: re.Pattern) -> str:
    """A file's text; one that would end its element early is refused."""
    text = path.read_text(encoding="utf-8")
    if end.search(text):
        raise ValueError(f"{path}: '{end.pattern}' would end the inlined element early")
    return text


def theme_inliners(theme: str) -> dict:
    """The Jinja globals ``inline_script("x.js")`` and ``inline_style("x.css")``."""
    static = Path(theme) / "static"
    return {
        "inline_script": InlinedFiles(static / "js", "script", "*.js", minified_script).inline,
        "inline_style": InlinedFiles(static / "css", "style", "*.css", rcssmin.cssmin).inline,
    }


def minified_script(text: str) -> str:
    """The script in fewer bytes, ending with a line break as the file does."""
    return rjsmin.jsmin(text) + "\n"
