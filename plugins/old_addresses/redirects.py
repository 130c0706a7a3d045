"""The redirects of a build, each checked: where its page goes in the output, and where it
sends the reader. A bad one is one line naming the file and line, and is not written."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from blogkit import datafile
from blogkit.posts import old_urls
from blogkit.problems import ContentError, metadata_line, quoted, report, report_error
from blogkit.web import is_web_url
from blogkit.written import is_written, path_of_url


@dataclass(frozen=True)
class Redirect:
    """One redirect page: written at ``save_as``, sending the reader to ``target``."""

    save_as: str
    target: str  # an address (absolute with SITEURL when it is set)
    title: str  # what the plain link says


@dataclass(frozen=True)
class Claim:
    """An old address as written, and who wrote it where."""

    address: str
    to: str  # the new address: site-relative (``slug/``) or another site's
    title: str
    source: str
    line: int | None


def save_as_of(address: str) -> str | None:
    """Where a redirect page for ``address`` is written in the output, or None when that would
    leave it. ``/old`` (no extension) is a folder (``old/index.html``), as servers answer it."""
    path = unquote(urlsplit(address).path)
    if not path.startswith("/"):
        path = "/" + path
    if ".." in path.split("/") or "\\" in path or "\0" in path:
        return None
    normal = posixpath.normpath(path)
    last = normal.rsplit("/", 1)[-1]
    if path.endswith("/") or "." not in last:
        return path_of_url(normal.rstrip("/") + "/")
    return path_of_url(normal)


def post_claims(contents) -> list[Claim]:
    """The old addresses of posts and pages, oldest post first: of two that claim one, the
    first keeps it."""
    claims = []
    for content in contents:
        for address in old_urls(content.metadata):
            field = "aliases" if "aliases" in content.metadata else "old_urls"
            line = metadata_line(content.source_path, field)
            claims.append(Claim(address, content.url, content.title, content.source_path, line))
    return claims


def file_claims(path: str) -> list[Claim]:
    """The redirects file: a mapping of old address to new one."""
    if not os.path.isfile(path):
        return []
    try:
        root = datafile.read(path)
    except ContentError as error:
        report_error(error)
        return []
    if root is None:
        return []
    if not isinstance(root, datafile.Mapping):
        report(path, "expected a mapping of old address to new address", datafile.line_of(root))
        return []
    claims = []
    for key, value in root.pairs:
        old, new = datafile.text(key), datafile.text(value)
        if not old or not new:
            report(path, "each redirect is old address: new address, both text", key.line)
            continue
        claims.append(Claim(old, new.strip(), new.strip(), path, key.line))
    return claims


def checked(claims: list[Claim], written: set[str], siteurl: str) -> list[Redirect]:
    """The claims that may be written: each bad one reported, the first claim of an address
    kept."""
    siteurl = siteurl.rstrip("/")
    taken: dict[str, Claim] = {}
    redirects = []
    for claim in claims:
        save_as = save_as_of(claim.address)
        where = quoted(claim.address)
        if save_as is None:
            report(claim.source, f"old address {where} would be written outside the output "
                   "folder: refused", claim.line)  # fmt: skip
            continue
        if save_as in written:
            report(claim.source, f"old address {where} is a page this build writes "
                   f"({save_as}): a redirect there would replace it", claim.line)  # fmt: skip
            continue
        first = taken.get(save_as)
        if first is not None:
            other = f"{os.path.relpath(first.source, os.path.dirname(claim.source))}"
            report(claim.source, f"old address {where} is claimed by {other} too: only one "
                   "page can answer it", claim.line)  # fmt: skip
            continue
        target = _target(claim.to, siteurl)
        if target is None or not _leads_somewhere(target, siteurl, written):
            report(claim.source, f"redirect to {quoted(claim.to)} leads to no page of this "
                   "site", claim.line)  # fmt: skip
            continue
        taken[save_as] = claim
        redirects.append(Redirect(save_as, target, claim.title))
    return redirects


def _leads_somewhere(target: str, siteurl: str, written: set[str]) -> bool:
    """Whether ``target`` is another site's, or a page this build writes."""
    if siteurl and target.startswith(siteurl + "/"):
        target = target[len(siteurl) :]
    parts = urlsplit(target)
    if parts.netloc:
        return True
    return is_written(parts.path, written)


def _target(to: str, siteurl: str) -> str | None:
    """The address a redirect sends to: another site's as it is, this site's with SITEURL."""
    if is_web_url(to):
        return to
    parts = urlsplit(to)
    if parts.scheme or parts.netloc:
        return None
    return f"{siteurl}/{to.lstrip('/')}"
