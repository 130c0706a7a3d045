"""Reading a built site back: parsed pages, JSON-LD, text."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup


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
