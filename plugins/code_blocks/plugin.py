"""Which posts and pages show code, and the style sheet they link."""

from __future__ import annotations

from functools import lru_cache

from pelican import signals

from blogkit import lifecycle
from blogkit.content import contents_of
from blogkit.pelican_internals.contents import html_of, replace_html

from .settings import code_settings

CODE_BLOCK = 'class="highlight"'  # what codehilite writes around every code block
# A long line scrolls inside its box; a box that scrolls must take the keyboard's focus, so a
# keyboard reader can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
BOX, FOCUSABLE_BOX = '<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">'
STYLE_SHEET = "css/code.css"
# Every post's text is made focusable on every build, mostly as the build before did it.
TEXTS_KEPT = 4096


class CodeStyles:
    def start(self, build) -> None:
        self.options = code_settings(build.settings)

    def attach(self, generator) -> None:
        settings = generator.settings
        url = f"{settings.get('SITEURL', '')}/{settings['THEME_STATIC_DIR']}/{STYLE_SHEET}"
        for content in contents_of(generator):
            html = html_of(content)
            shows_code = self.options["CODE_STYLES"] and CODE_BLOCK in html
            content.code_style_url = url if shows_code else None
            if shows_code:
                replace_html(content, focusable(html))


@lru_cache(maxsize=TEXTS_KEPT)
def focusable(html: str) -> str:
    """``html`` with each code box able to take the keyboard's focus."""
    return html.replace(BOX, FOCUSABLE_BOX)


code_styles = CodeStyles()


def register():
    lifecycle.on_start(code_styles.start)
    signals.article_generator_finalized.connect(code_styles.attach)
    signals.page_generator_finalized.connect(code_styles.attach)
