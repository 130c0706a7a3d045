"""The search bundle of a built site: the pages Pagefind is given, and the bundle swapped in.

Pagefind indexes only the pages marked with ``data-pagefind-body`` (published posts and pages,
the events page). It would parse every other HTML file of the output for nothing (listings,
archives, drafts: two thirds of a large site's files), so it is given the marked pages only,
through its service (``service.py``), in the order of their paths. The new bundle is written
beside the old one and swapped in when complete, so a dev server keeps answering searches
while it runs.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from .service import IndexingFailed, PagefindService

BUNDLE = "pagefind"  # the bundle's folder in the output, as the search page loads it
BODY_MARK = b"data-pagefind-body"  # a page without it is left out of the index by Pagefind
# Pagefind also makes its ready-made search UIs and a web worker; the search page uses its API
# on the page's own thread (search.js) and the site's style sheet, so these are left out.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
)

# Pagefind 1.5.2 writes each filter's values in hash-map order, so two indexes of the same site
# differ in these files (and in the two that name them by hash); every other file of the bundle
# is byte-identical. Fixed upstream after 1.5.2 (pagefind#1124); PyPI has no later release yet.
NOT_REPRODUCIBLE = ("filter/*.pf_filter", "pagefind.*.pf_meta", "pagefind-entry.json")


@dataclass(frozen=True)
class SearchIndex:
    """What one run indexed: pages per language, as Pagefind's entry file lists them."""

    bundle: Path
    pages: dict[str, int]

    @property
    def summary(self) -> str:
        languages = ", ".join(f"{count} {lang}" for lang, count in sorted(self.pages.items()))
        return f"Search index: {sum(self.pages.values())} pages ({languages}) in {self.bundle}"


def site_pages(output: Path) -> list[str]:
    """Every HTML file of the output, relative to it, in the order of their paths."""
    return sorted(path.relative_to(output).as_posix() for path in output.rglob("*.html"))


def send_marked(service: PagefindService, output: Path, pages: list[str]) -> None:
    """Give Pagefind those of ``pages`` it would index, in the order given."""
    for relative in pages:
        html = (output / relative).read_bytes()
        if BODY_MARK in html:
            service.add(relative, html)


def indexed_pages(bundle: Path) -> dict[str, int]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {lang: data["page_count"] for lang, data in entry["languages"].items()}


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        if relative not in UNUSED_FILES:
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def swap_in(new: Path, bundle: Path) -> None:
    """Replace ``bundle`` with ``new``: two renames, then the old files go."""
    old = bundle.with_name(f".{bundle.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if bundle.exists():
        bundle.rename(old)
    new.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)


def publish(service: PagefindService, output: Path) -> SearchIndex:
    """Write the index of the pages sent into ``output/pagefind/``, replacing the old one."""
    bundle = output / BUNDLE
    new = output / f".{BUNDLE}-new"
    shutil.rmtree(new, ignore_errors=True)
    try:
        write_files(new, service.bundle_files())
        swap_in(new, bundle)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    return SearchIndex(bundle, indexed_pages(bundle))


def index_site(output: Path) -> SearchIndex:
    """Index the site built in ``output`` into ``output/pagefind/``, replacing the old index."""
    output = Path(output).resolve()
    if not output.is_dir():
        raise IndexingFailed(f"{output} is not a built site: build it first")
    service = PagefindService(output)
    send_marked(service, output, site_pages(output))
    return publish(service, output)
