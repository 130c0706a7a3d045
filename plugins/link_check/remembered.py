"""The addresses each post's HTML holds, remembered by the HTML's hash between builds: a warm
build reads only the posts that changed with the tokenizer (docs/migrating.md measures it)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os

from blogkit.paths import write_atomically

from .links import addresses_in_html

FILE_NAME = "link_check_addresses.json"
VERSION = 1  # raise it when what is remembered changes


class RememberedAddresses:
    """``{hash of the HTML: its addresses}``: loaded as a build starts, saved as it ends with
    only what that build used; kept in memory by a process that builds again."""

    def __init__(self):
        self.known: dict[str, list[str]] = {}
        self.used: dict[str, list[str]] = {}
        self.path = ""

    def start(self, cache_path: str) -> None:
        path = os.path.join(cache_path, FILE_NAME)
        if path != self.path or not self.known:
            self.path, self.known = path, self._load(path)
        self.used = {}

    def of(self, html: str) -> list[str]:
        key = hashlib.blake2b(html.encode(), digest_size=16).hexdigest()
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = addresses_in_html(html)
        self.used[key] = found
        return found

    def save(self) -> None:
        """What this build used, for the next one (a cache that cannot be written is none)."""
        if self.used != self.known or not os.path.isfile(self.path):
            with contextlib.suppress(OSError):
                write_atomically(self.path, json.dumps({"version": VERSION, "html": self.used}))
        self.known = self.used

    @staticmethod
    def _load(path: str) -> dict[str, list[str]]:
        try:
            with open(path, encoding="utf-8") as source:
                data = json.load(source)
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return {}
        html = data.get("html")
        return html if isinstance(html, dict) else {}
