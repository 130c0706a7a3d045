"""Where the site links to itself: the addresses in posts, pages, comments and data files, each
with the file and line it is written on, and whether the build writes what it names."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from blogkit import datafile
from blogkit.html_tags import start_tags
from blogkit.problems import ContentError, quoted
from blogkit.written import is_written, path_of_url

# The attributes that hold an address a reader's browser follows or loads.
LINKING = {"a": ("href",), "img": ("src",), "source": ("src", "srcset")}
# Pelican's intrasite links: ``{filename}`` (a post or page), ``{static}``/``{attach}`` (a file).
INTRASITE = re.compile(r"^[{|](\w+)[}|]")
FILE_LINKS = {"filename", "static", "attach"}
# Addresses inside a data file's text: Markdown links and HTML attributes.
IN_TEXT = re.compile(r"""\]\(\s*<?([^)\s>]+)|\b(?:href|src)\s*=\s*["']([^"']+)""")


@dataclass(frozen=True)
class Link:
    """One address as written, where it is written, and the page it is read on."""

    address: str
    source: str  # the file (absolute)
    line: int | None
    base: str  # the address of the page it is on, for relative links ("/slug/")


def addresses_in_html(text: str) -> list[str]:
    """Every address of ``text``'s links, images and sources, in order."""
    if "=" not in text:
        return []
    found = []
    for tag in start_tags(text, LINKING.keys()):
        for name in LINKING[tag.name]:
            value = tag.get(name)
            if value is None:
                continue
            if name == "srcset":
                found += [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                found.append(value.strip())
    return found


def placed(source: str, base: str, addresses: list[str], text: str | None = None) -> list[Link]:
    """Each address with its line in ``source`` (read unless ``text`` is given); the same
    address written twice is found at its first, then its second place."""
    if text is None:
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
    searched_from: dict[str, int] = {}
    links = []
    for address in addresses:
        start = searched_from.get(address, 0)
        at = _written_at(text, address, start)
        searched_from[address] = at + 1 if at >= 0 else start
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        links.append(Link(address, source, line, base))
    return links


def _written_at(text: str, address: str, start: int) -> int:
    """Where ``address`` is written from ``start`` on, as an address (after ``(``, ``=``, a
    quote or ``: ``) rather than inside other words; -1 when it is not there at all."""
    if not address:
        return -1
    forms = {address, html.escape(address, quote=False)}
    places = [
        at + len(before)
        for form in forms
        for before in ("(", '"', "'", "=", "<", ": ")
        if (at := text.find(before + form, start)) >= 0
    ]
    if places:
        return min(places)
    return min((at for form in forms if (at := text.find(form, start)) >= 0), default=-1)


def data_file_links(path: str) -> Iterator[Link]:
    """The addresses in a data file's values: a value that is an address, or Markdown links
    and HTML attributes in its text. A file its own plugin cannot read yields none (that
    plugin reports it)."""
    try:
        root = datafile.read(path)
        text = Path(path).read_text(encoding="utf-8-sig")
    except (ContentError, OSError, UnicodeDecodeError):
        return
    lines = text.splitlines(keepends=True)
    for scalar in _scalars(root):
        value = scalar.value.strip()
        if not value:
            continue
        if " " not in value and "\n" not in value:
            addresses = [value]
        else:
            addresses = [a or b for a, b in IN_TEXT.findall(value)]
        # Only addresses from the site's root or another site's: a data file's text is shown
        # on several pages, so a relative address has no one page to start from.
        addresses = [a for a in addresses if a.startswith(("/", "http:", "https:"))]
        # Its line: the first at or after the value's own where the address is written.
        after = "".join(lines[scalar.line - 1 :])
        before = scalar.line - 1
        for link in placed(path, "/", addresses, after):
            line = before + link.line if link.line else scalar.line
            yield Link(link.address, path, line, "/")


def _scalars(node) -> Iterator[datafile.Scalar]:
    if isinstance(node, datafile.Scalar):
        if node.kind == "str":
            yield node
    elif isinstance(node, datafile.Sequence):
        for item in node.items:
            yield from _scalars(item)
    elif isinstance(node, datafile.Mapping):
        for _key, value in node.pairs:
            yield from _scalars(value)


class Checker:
    """Says what is wrong with a link, given what the build writes (``written``)."""

    def __init__(self, written: set[str], siteurl: str, content_root: str, generated: set[str]):
        self.written = written
        self.siteurl = siteurl.rstrip("/")
        self.content_root = content_root
        self.generated = generated  # the source paths (relative) of every post and page
        self.answers: dict[tuple[str, str], str | None] = {}  # many posts link to one page

    def problem(self, link: Link) -> str | None:
        """None for a link that leads somewhere, or leaves the site; else the one-line problem."""
        address = link.address
        relative = not address.startswith(("/", "http:", "https:", "#"))
        key = (link.source if "{" in address or "|" in address else link.base if relative
               else "", address)  # fmt: skip
        if key not in self.answers:
            self.answers[key] = self._problem(link)
        return self.answers[key]

    def _problem(self, link: Link) -> str | None:
        address = link.address
        if not address or address.startswith("#"):
            return None
        marked = INTRASITE.match(address)
        if marked:
            if marked.group(1) not in FILE_LINKS or self._content_file(link, marked.end()):
                return None
            return f"link {quoted(address)}: the content folder has no such file"
        if self.siteurl and (address == self.siteurl or address.startswith(self.siteurl + "/")):
            address = address[len(self.siteurl) :] or "/"
        parts = urlsplit(address)
        if parts.scheme or parts.netloc or not parts.path:
            return None  # another site, mail, data; or this page's own query or fragment
        url = urljoin(link.base, parts.path)
        if is_written(url, self.written):
            return None
        path = path_of_url(url)
        return f"link {quoted(link.address)} leads to no page of this site ({path} is not written)"

    def _content_file(self, link: Link, start: int) -> bool:
        path = urlsplit(link.address[start:]).path
        base = self.content_root if path.startswith("/") else os.path.dirname(link.source)
        target = os.path.normpath(os.path.join(base, path.lstrip("/")))
        relative = os.path.relpath(target, self.content_root)
        return relative in self.generated or os.path.isfile(target)
