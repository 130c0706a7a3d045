"""Pagefind over a built site: the binary from the pinned wheel, one run, one-line failures.

Pagefind indexes the pages marked with ``data-pagefind-body`` into ``<output>/pagefind/``. Run
over the output folder, it would read and parse every other HTML file too (listings, archives,
drafts: a third of a large site's HTML) to find them unmarked, so it is run over a folder of
links to the marked pages only, at the same paths (so with the same addresses). The new bundle
is written beside the old one and swapped in when complete, so a dev server keeps answering
searches while it runs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from blogkit.outputs import place

BUNDLE = "pagefind"  # the bundle's folder in the output, as the search page loads it
BODY_MARK = b"data-pagefind-body"  # Pagefind leaves a page without it out of the index
# Pagefind also writes its ready-made search UIs and a web worker; the search page uses its API
# on the page's own thread (search.js) and the site's style sheet, so these would be published
# unused.
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


class IndexingFailed(Exception):
    """Pagefind could not index the site; the message is one line."""


@dataclass(frozen=True)
class SearchIndex:
    """What one run indexed: pages per language, as Pagefind's entry file lists them."""

    bundle: Path
    pages: dict[str, int]

    @property
    def summary(self) -> str:
        languages = ", ".join(f"{count} {lang}" for lang, count in sorted(self.pages.items()))
        return f"Search index: {sum(self.pages.values())} pages ({languages}) in {self.bundle}"


def pagefind_binary() -> str:
    """The Pagefind binary inside the installed wheel (pagefind-bin-extended)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    binary = get_executable() if get_executable else None
    if binary is None:
        raise IndexingFailed(
            "Pagefind is not installed: python3 -m pip install -r requirements.txt"
        )
    return str(binary)


def run_pagefind(site: Path, pages: Path, bundle: Path) -> None:
    """Index ``pages`` (the marked pages of ``site``) into ``bundle``."""
    binary = pagefind_binary()
    try:
        completed = subprocess.run(
            [binary, "--site", str(pages), "--output-path", str(bundle), "--quiet"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise IndexingFailed(f"Pagefind could not run ({binary}): {error.strerror}") from None
    if completed.returncode:
        lines = (completed.stderr or completed.stdout).strip().splitlines()
        reason = " ".join(line.strip() for line in lines[-2:]) or f"exit {completed.returncode}"
        raise IndexingFailed(f"Pagefind could not index {site}: {reason}")


def marked_pages(output: Path) -> list[str]:
    """The HTML files of the output Pagefind would index, relative to it."""
    pages = (path for path in output.rglob("*.html") if BODY_MARK in path.read_bytes())
    return [path.relative_to(output).as_posix() for path in pages]


def link_pages(output: Path, pages: list[str], folder: Path) -> None:
    """``folder`` holding ``pages`` of ``output`` at the same paths (links, not copies)."""
    for relative in pages:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        place(str(output / relative), str(target))


def indexed_pages(bundle: Path) -> dict[str, int]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {lang: data["page_count"] for lang, data in entry["languages"].items()}


def swap_in(new: Path, bundle: Path) -> None:
    """Replace ``bundle`` with ``new``: two renames, then the old files go."""
    old = bundle.with_name(f".{bundle.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if bundle.exists():
        bundle.rename(old)
    new.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)


def index_site(output: Path) -> SearchIndex:
    """Index the site built in ``output`` into ``output/pagefind/``, replacing the old index."""
    output = Path(output).resolve()
    if not output.is_dir():
        raise IndexingFailed(f"{output} is not a built site: build it first")
    bundle = output / BUNDLE
    new, pages = output / f".{BUNDLE}-new", output / f".{BUNDLE}-pages"
    for folder in (new, pages):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        pages.mkdir()
        link_pages(output, marked_pages(output), pages)
        run_pagefind(output, pages, new)
        for name in UNUSED_FILES:
            (new / name).unlink(missing_ok=True)
        swap_in(new, bundle)
    finally:
        for folder in (new, pages):
            shutil.rmtree(folder, ignore_errors=True)
    return SearchIndex(bundle, indexed_pages(bundle))
