"""Photos Pelican need not read, and the links that may name them: responsive_images.

Assumed: ``StaticGenerator.generate_context`` reads, as a ``Static`` kept in ``staticfiles``
and in ``context["static_content"]``, every file of its ``get_files(STATIC_PATHS,
exclude=STATIC_EXCLUDES, extensions=False)`` (a set of paths relative to the content folder)
and every path of ``context["static_links"]`` (what ``Content.get_static_links()`` found in
posts' and pages' texts); nothing else reads ``static_links``. Pelican looks a file up in
``static_content`` only for a ``{static}``, ``{attach}`` or ``{filename}`` link of a post's
or page's text or of one of its ``FORMATTED_FIELDS`` values, the summary taken from
``_summary`` (``refresh_metadata_intersite_links``), each with ``Content._update_content``
and the expression ``Content._get_intrasite_link_regex()`` returns, which names the link's
kind ``what`` and its address ``value``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

CALLED = (
    ("pelican.generators:Generator.get_files", ("self", "paths", "exclude")),
    ("pelican.generators:StaticGenerator.generate_context", ("self",)),
    ("pelican.contents:Content._update_content", ("self", "content", "siteurl")),
    ("pelican.contents:Content._get_intrasite_link_regex", ("self",)),
    ("pelican.contents:Content.get_static_links", ("self",)),
)

STATIC_LOOKUPS = {"static", "attach", "filename"}  # kinds of links resolved to static files


def withhold_static_files(generator, withheld: Callable[[], set[str]]) -> None:
    """The StaticGenerator ``generator`` neither lists nor reads the files ``withheld()``
    names (asked as it starts), even those a post links to: it does not publish them, and
    no link can be resolved to one of them."""
    generate_context, get_files = generator.generate_context, generator.get_files

    def generate_context_without():
        files, context = withheld(), generator.context
        links = context["static_links"]
        context["static_links"] = links - files
        generator.get_files = lambda *args, **kwargs: get_files(*args, **kwargs) - files
        try:
            generate_context()
        finally:
            context["static_links"], generator.get_files = links, get_files

    generator.generate_context = generate_context_without


def links_to_static_files(content, text: str) -> list[str]:
    """Addresses Pelican will resolve to a static file in ``text`` (``content``'s text as it
    will be written) and in ``content``'s ``FORMATTED_FIELDS`` values (a summary).

    A text that does not even hold the kind of such a link is not searched.
    """
    links, expression = [], content._get_intrasite_link_regex()
    for value in [text, *_formatted_values(content)]:
        links += _static_links_in(value, expression)
    return links


# Every post's text is searched on every build (the dev server's): the same texts, mostly.
TEXTS_KEPT = 4096


@lru_cache(maxsize=TEXTS_KEPT)
def _static_links_in(value: str, expression: re.Pattern) -> tuple[str, ...]:
    if not any(kind in value for kind in STATIC_LOOKUPS):
        return ()
    found = expression.finditer(value)
    return tuple(link.group("value") for link in found if link.group("what") in STATIC_LOOKUPS)


def static_links(content) -> set[str]:
    """The static files ``content``'s text links to (``{static}``, ``{attach}``), as paths
    relative to the content folder: what Pelican reads for it even outside STATIC_PATHS."""
    return content.get_static_links()


def _formatted_values(content) -> list[str]:
    """What ``refresh_metadata_intersite_links`` formats: the summary from ``_summary``."""
    metadata, names = content.metadata, content.settings["FORMATTED_FIELDS"]
    values = [metadata.get(name) for name in names if name != "summary"]
    if "summary" in names:
        values.append(getattr(content, "_summary", metadata.get("summary")))
    return [value for value in values if isinstance(value, str)]
