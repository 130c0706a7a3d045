"""Comment bodies: Markdown without raw HTML, then an nh3 allowlist: no reader text can run."""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"


def _markdown_without_html() -> markdown.Markdown:
    """Python-Markdown with its raw-HTML block and inline parsers removed: ``<tag>`` stays text."""
    converter = markdown.Markdown(output_format="html5")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def sanitize(html: str) -> Markup:
    """Keep only the allowlisted tags, attributes and URL schemes; every link gets LINK_REL."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return Markup(cleaned)


def render_body(text: str) -> Markup:
    """The HTML of one comment body, safe to put in a page as it is."""
    return sanitize(_markdown_without_html().convert(text))
