"""What the build will write, known before it writes anything: the paths (in the output) a
link inside the site may lead to (link_check), and an old address may not take (old_addresses).

Pelican's own pages (posts, pages and their translations, tag, category, author and period
archive pages, direct templates, template pages, feeds), the static files, the theme's static
files, and what plugins say they write: their derived files (``blogkit.outputs``), their own
pages (``blogkit.pages.OWN_PAGES``) and any other file (``blogkit.outputs.also_written``).
A paginated list's every page is listed (``/page/2/``), as Pelican's pagination names it.
"""

from __future__ import annotations

import os
from urllib.parse import unquote

from .content import contents_of
from .outputs import ALSO_WRITTEN, DERIVED_FILES_KEYS
from .pages import OWN_PAGES
from .pelican_internals import staging

FEED_SETTINGS = ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS")
SLUG_FEED_SETTINGS = {
    "categories": ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"),
    "tags": ("TAG_FEED_ATOM", "TAG_FEED_RSS"),
    "authors": ("AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS"),
}


def path_of_url(url: str) -> str:
    """The file a site-relative address is served from: ``a/b/`` is ``a/b/index.html``."""
    path = unquote(url).lstrip("/")
    return f"{path}index.html" if not path or path.endswith("/") else path


def is_written(url: str, written: set[str]) -> bool:
    """Whether the site-relative address ``url`` leads to a file of ``written``: the file it
    names, or ``a/b`` served as ``a/b/index.html``."""
    path = path_of_url(url)
    return path in written or f"{path}/index.html" in written


PELICAN_WRITES = "PELICAN_WRITES"  # the context entry: what Pelican's generators write


def written_paths(generators, context, settings) -> set[str]:
    """Every path (relative to the output, ``/``-separated) the build will write, once the
    static files are listed. Pelican's own are found once a build; what plugins say they
    write is added at each call."""
    if PELICAN_WRITES not in context:
        context[PELICAN_WRITES] = frozenset(_pelican_writes(generators, context, settings))
    paths = set(context[PELICAN_WRITES])
    for key in DERIVED_FILES_KEYS:
        paths.update(context.get(key) or {})
    paths.update(path_of_url(page.url) for page in (context.get(OWN_PAGES) or {}).values())
    paths.update(context.get(ALSO_WRITTEN) or ())
    return {path.replace(os.sep, "/").lstrip("/") for path in paths}


def _pelican_writes(generators, context, settings) -> set[str]:
    paths: set[str] = set()
    for generator in generators:
        paths.update(content.save_as for content in contents_of(generator) if content.save_as)
    for kind, feeds in SLUG_FEED_SETTINGS.items():
        for wrapper, articles in context.get(kind) or []:
            paths.update(_listing(settings, wrapper.save_as, wrapper.url, articles, kind))
            paths.update(settings[name].format(slug=wrapper.slug) for name in feeds
                         if settings.get(name))  # fmt: skip
    for periods in (context.get("period_archives") or {}).values():
        for period in periods:
            paths.update(_listing(settings, period["save_as"], period["url"], period["articles"],
                                  "period_archives"))  # fmt: skip
    for name in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        url = settings.get(f"{name.upper()}_URL", f"{name}.html")
        paths.update(_listing(settings, save_as, url, context.get("articles") or [], name))
    paths.update((settings.get("TEMPLATE_PAGES") or {}).values())
    paths.update(settings[name] for name in FEED_SETTINGS if settings.get(name))
    paths.update(static.save_as for static in context.get("staticfiles", []))
    paths.update(staging.theme_static_files(settings))
    return paths


TEMPLATE_OF = {"categories": "category", "tags": "tag", "authors": "author"}


def _listing(settings, save_as: str, url: str, articles: list, kind: str) -> list[str]:
    """The files of one list of posts: its first page and, when its template is paginated,
    every other (as ``Writer.write_file`` writes them); none where it is switched off."""
    if not save_as:
        return []
    template = TEMPLATE_OF.get(kind, kind)
    pages = staging.pages_written(settings, save_as, url, {"articles": articles}, template, {})
    return [file for file, _ in pages]
