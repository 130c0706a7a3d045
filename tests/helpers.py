"""Reading a built site back: parsed pages, JSON-LD, text."""

from __future__ import annotations

import json
import sys
from fnmatch import fnmatch
from pathlib import Path

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from site_search.indexing import BUNDLE, NOT_REPRODUCIBLE


def page(site: Path, relative: str) -> BeautifulSoup:
    path = site / relative
    if relative.endswith("/") or relative == "":
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def jsonld(soup: BeautifulSoup) -> list[dict]:
    return [
        json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")
    ]


def inline_scripts(soup: BeautifulSoup) -> list[str]:
    """The page's own scripts (not its JSON-LD), as the browser reads them."""
    return [script.string.strip() for script in soup.find_all("script", type=None)]


def reproducible(relative: str) -> bool:
    """Whether two builds of one commit write this file byte for byte (all but a few of the
    search index's files: site_search.indexing.NOT_REPRODUCIBLE says which and why)."""
    return not any(fnmatch(relative, f"{BUNDLE}/{pattern}") for pattern in NOT_REPRODUCIBLE)
