"""Pagefind over a built site: the binary from the pinned wheel, one run, one-line failures.

Pagefind indexes the pages marked with ``data-pagefind-body`` into ``<output>/pagefind/``. Run
over the output folder, it would read and parse every other HTML file too (listings, archives,
drafts: a third of a large site's HTML) to find them unmarked, so it is run over a folder of
links to the marked pages only, at the same paths (so with the same addresses). The new bundle
is written beside the old one and swapped in when complete, so a dev server keeps answering
searches while it runs.

Given the asset cache (``blogkit.asset_cache``, kind ``search``), the bundle is also kept there
under the key of everything Pagefind reads (the marked pages' paths and bytes, and the binary),
so a site whose indexed pages did not change is not indexed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from blogkit.asset_cache import AssetCache, key_of, make_entry
from blogkit.outputs import place_files

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
    from_cache: bool = False  # the pages had not changed since the cached bundle was made

    @property
    def summary(self) -> str:
        languages = ", ".join(f"{count} {lang}" for lang, count in sorted(self.pages.items()))
        source = ", unchanged pages: from the cache" if self.from_cache else ""
        return (
            f"Search index: {sum(self.pages.values())} pages ({languages}) in {self.bundle}{source}"
        )


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


def marked_pages(output: Path) -> tuple[list[str], str]:
    """The HTML files of the output Pagefind would index, relative to it, and the hash of their
    paths and bytes."""
    digest = hashlib.sha256()
    pages = []
    for path in sorted(output.rglob("*.html")):
        data = path.read_bytes()
        if BODY_MARK in data:
            relative = path.relative_to(output).as_posix()
            pages.append(relative)
            digest.update(f"\0{relative}\0{len(data)}\0".encode())
            digest.update(data)
    return pages, digest.hexdigest()


def bundle_key(binary: str, pages: str) -> str:
    """The key of a bundle: the hash of the marked ``pages``, the binary (its path, size and
    time) and what the cached bundle lacks."""
    binary_file = os.stat(binary)
    return key_of([binary, binary_file.st_size, binary_file.st_mtime_ns, UNUSED_FILES, pages])


def link_files(source: Path, files: list[str], folder: Path) -> None:
    """``folder`` holding ``files`` of ``source`` at the same paths (links, not copies)."""
    place_files((str(source / relative), str(folder / relative)) for relative in files)


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


def keep(new: Path, cache: AssetCache, key: str) -> None:
    """The bundle in ``new`` kept as ``key``'s entry, its manifest listing its files."""

    def link(folder: Path) -> list[str]:
        files = sorted(path.relative_to(new).as_posix() for path in new.rglob("*")
                       if path.is_file())  # fmt: skip
        link_files(new, files, folder)
        return files

    cache.remember(key, make_entry(cache.folder_of(key), link))


def from_cache(cache: AssetCache, key: str, new: Path) -> bool:
    """``new`` holding the bundle kept as ``key``, if there is one (another build may remove
    it meanwhile: then linking fails, and there is none)."""
    files = cache.look_up([key])[key]
    if files is None:
        return False
    try:
        link_files(Path(cache.folder_of(key)), files, new)
    except OSError:
        shutil.rmtree(new, ignore_errors=True)
        return False
    return True


def index_site(output: Path, cache: AssetCache | None = None) -> SearchIndex:
    """Index the site built in ``output`` into ``output/pagefind/``, replacing the old index.

    With ``cache`` (one build's), a bundle kept there for the same pages is used instead of
    running Pagefind.
    """
    output = Path(output).resolve()
    if not output.is_dir():
        raise IndexingFailed(f"{output} is not a built site: build it first")
    bundle = output / BUNDLE
    new, pages = output / f".{BUNDLE}-new", output / f".{BUNDLE}-pages"
    for folder in (new, pages):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        marked, digest = marked_pages(output)
        key = bundle_key(pagefind_binary(), digest)
        cached = cache is not None and from_cache(cache, key, new)
        if not cached:
            pages.mkdir()
            link_files(output, marked, pages)
            run_pagefind(output, pages, new)
            for name in UNUSED_FILES:
                (new / name).unlink(missing_ok=True)
            if cache is not None:
                keep(new, cache, key)
        swap_in(new, bundle)
    finally:
        for folder in (new, pages):
            shutil.rmtree(folder, ignore_errors=True)
    if cache is not None:
        cache.finish()
    return SearchIndex(bundle, indexed_pages(bundle), cached)
