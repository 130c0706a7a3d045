"""What an export or a feed holds: each post's fields and its HTML, or why it is left out.

A WordPress export (WXR) is read with defusedxml (no entity expansion, no external entities):
its published and draft posts, with their categories, tags, excerpt and featured image. A feed
is read with feedparser (RSS and Atom; Medium, Substack, Ghost, WordPress.com): an entry with
full content is a post; an entry that carries only an excerpt is reported as such and left
out, never imported as if it were whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element

import feedparser
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

WP = re.compile(r"^\{http://wordpress\.org/export/1\.\d+/\}")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = re.compile(r"^\{http://wordpress\.org/export/1\.\d+/excerpt/\}encoded$")
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
# How a feed says "there is more on the site" at the end of an excerpt.
MORE = re.compile(r"(\[?(…|\.\.\.|&#8230;|&hellip;)\]?|read more|continue reading)\W*$", re.I)
EXCERPT_WORDS = 150  # an entry without content shorter than this is an excerpt


class NotAnExport(ValueError):
    """The file is not what it says: neither a WXR export nor a feed (or not the one asked)."""


@dataclass
class ImportedPost:
    """One post as the source has it (HTML body; the old address it was read at)."""

    item: str  # how the source names it, for messages: its title or link
    title: str
    date: datetime
    html: str
    old_address: str = ""
    slug: str = ""
    author: str = ""
    category: str = ""
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    cover: str = ""  # an image address
    cover_alt: str = ""  # its alt text, when the source has one
    status: str = "published"


@dataclass
class SourceContent:
    kind: str  # "WordPress export" or "feed"
    posts: list[ImportedPost] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # one line each


def read_source(data: bytes, kind: str = "") -> SourceContent:
    """The posts of an export or a feed; ``kind`` ("wxr", "feed") says which it must be."""
    root = _xml_root(data)
    is_wxr = root is not None and root.tag == "rss" and _is_wxr(root)
    if kind == "wxr" and not is_wxr:
        raise NotAnExport("is not a WordPress export (WXR): no wp: namespace in its <rss>")
    if is_wxr:
        return read_wxr(root)
    parsed = feedparser.parse(data)
    if not parsed.get("version") or (parsed.bozo and not parsed.entries):
        raise NotAnExport("is neither a WordPress export (WXR) nor an RSS or Atom feed")
    if kind == "wxr":
        raise NotAnExport("is a feed, not a WordPress export (WXR)")
    return read_feed(parsed)


def _xml_root(data: bytes) -> Element | None:
    try:
        return ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return None


def _is_wxr(root: Element) -> bool:
    return any(WP.match(element.tag) for element in root.iter())


def _wp(item: Element, name: str) -> str:
    for element in item:
        if WP.match(element.tag) and element.tag.endswith("}" + name):
            return (element.text or "").strip()
    return ""


def _child_text(item: Element, tag: str) -> str:
    found = item.find(tag)
    return (found.text or "").strip() if found is not None else ""


def read_wxr(root: Element) -> SourceContent:
    content = SourceContent("WordPress export")
    items = root.findall("./channel/item")
    attachments = {  # a featured image: its address and alt text
        _wp(item, "post_id"): (_wp(item, "attachment_url"), _meta(item, "_wp_attachment_image_alt"))
        for item in items
        if _wp(item, "post_type") == "attachment"
    }
    for item in items:
        if _wp(item, "post_type") != "post":
            continue
        title = _child_text(item, "title")
        name = title or _child_text(item, "link") or _wp(item, "post_id")
        status = _wp(item, "status")
        if status not in ("publish", "draft"):
            content.left_out.append(f"item {name!r}: its status is {status!r}; not imported")
            continue
        date = _wxr_date(_wp(item, "post_date_gmt"), _child_text(item, "pubDate"))
        if date is None:
            content.left_out.append(f"item {name!r}: it has no date; not imported")
            continue
        excerpt = next((e.text or "" for e in item if EXCERPT.match(e.tag)), "").strip()
        cover, cover_alt = attachments.get(_meta(item, "_thumbnail_id"), ("", ""))
        categories = item.findall("category")
        content.posts.append(ImportedPost(
            item=name,
            title=title,
            date=date,
            html=_child_text(item, CONTENT),
            old_address=_child_text(item, "link"),
            slug=_wp(item, "post_name"),
            author=_child_text(item, CREATOR),
            category=next((c.text or "" for c in categories if c.get("domain") == "category"), ""),
            tags=[c.text or "" for c in categories if c.get("domain") == "post_tag" and c.text],
            summary=excerpt,
            cover=cover,
            cover_alt=cover_alt,
            status="published" if status == "publish" else "draft",
        ))  # fmt: skip
    return content


def _meta(item: Element, key: str) -> str:
    """The value of the item's ``<wp:postmeta>`` named ``key`` (its featured image, alt text)."""
    for meta in item:
        if meta.tag.endswith("}postmeta") and _wp(meta, "meta_key") == key:
            return _wp(meta, "meta_value")
    return ""


def _wxr_date(gmt: str, published: str) -> datetime | None:
    if gmt and not gmt.startswith("0000"):
        try:
            return datetime.fromisoformat(gmt).replace(tzinfo=UTC)
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(published) if published else None
    except (TypeError, ValueError):
        return None


def read_feed(parsed) -> SourceContent:
    content = SourceContent("feed")
    for entry in parsed.entries:
        title = (entry.get("title") or "").strip()
        name = title or entry.get("link") or entry.get("id") or "(untitled)"
        body = next((c.get("value", "") for c in entry.get("content") or []), "")
        summary = (entry.get("summary") or "").strip()
        if not body and _looks_like_excerpt(summary):
            words = len(_words(summary))
            content.left_out.append(
                f"item {name!r}: the feed carries only an excerpt ({words} "
                f"word{'' if words == 1 else 's'}); not imported (export the full posts)"
            )
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        if not when:
            content.left_out.append(f"item {name!r}: it has no date; not imported")
            continue
        terms = [tag.get("term", "").strip() for tag in entry.get("tags") or []]
        terms = [term for term in terms if term]
        content.posts.append(ImportedPost(
            item=name,
            title=title,
            date=datetime(*when[:6], tzinfo=UTC),
            html=body or summary,
            old_address=entry.get("link", ""),
            author=(entry.get("author") or "").strip(),
            category=terms[0] if terms else "",
            tags=terms[1:],
            summary=summary if body and summary != body else "",
            cover=_feed_cover(entry),
        ))  # fmt: skip
    return content


def _words(html: str) -> list[str]:
    return re.sub(r"<[^>]*>", " ", html).split()


def _looks_like_excerpt(summary: str) -> bool:
    text = " ".join(_words(summary))
    return len(_words(summary)) < EXCERPT_WORDS or bool(MORE.search(text))


def _feed_cover(entry) -> str:
    for media in [*(entry.get("media_content") or []), *(entry.get("media_thumbnail") or [])]:
        if media.get("url") and media.get("medium", "image") == "image":
            return media["url"]
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return link.get("href", "")
    return ""
