"""Comment bodies: Markdown without raw HTML, then an nh3 allowlist: no reader text can run."""

from __future__ import annotations

from functools import cache

import markdown
import nh3
from markupsafe import Markup

from .model import clean_url

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
# What nh3 leaves of a link whose URL it refused: rel without href is not valid HTML.
_LINK_WITHOUT_HREF = f'<a rel="{LINK_REL}">'


@cache
def _markdown_without_html() -> markdown.Markdown:
    """Python-Markdown with its raw-HTML block and inline parsers removed: ``<tag>`` stays text."""
    converter = markdown.Markdown(output_format="html5")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def _clean_href(element: str, attribute: str, value: str) -> str:
    return clean_url(value) if attribute == "href" else value


def sanitize(html: str) -> Markup:
    """Keep only the allowlisted tags, attributes and URL schemes; every link gets LINK_REL."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_clean_href,
    )
    return Markup(cleaned.replace(_LINK_WITHOUT_HREF, "<a>"))


def render_body(text: str) -> Markup:
    """The HTML of one comment body, safe to put in a page as it is."""
    converter = _markdown_without_html()  # one per build: creating it costs more than a comment
    return sanitize(converter.reset().convert(text))
