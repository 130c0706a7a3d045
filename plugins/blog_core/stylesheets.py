"""The theme's style sheets published minified: the same rules in fewer bytes.

``theme/static/css/main.css`` stays readable in the repository; every page loads it, so the
copy a reader downloads is minified (rcssmin) once the build has copied it.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin


def minify_stylesheets(pelican) -> None:
    """Every ``.css`` the theme published, minified in place (same text, same bytes)."""
    folder = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"] / "css"
    for path in sorted(folder.glob("*.css")):
        text = path.read_text(encoding="utf-8")
        minified = rcssmin.cssmin(text)
        if minified != text:
            path.write_text(minified, encoding="utf-8")
