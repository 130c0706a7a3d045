"""Importing comments from a Disqus XML export or a WordPress WXR export into comment files.

Exports are untrusted XML: they are parsed with defusedxml (no entity expansion, no external
entities). File names come from the source's own ids (``disqus-<id>``, ``wordpress-<id>``), so
importing the same export twice writes nothing new. Emails and IP addresses are never copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from markdownify import markdownify

from .store import comment_text, write_comment

DISQUS = "{http://disqus.com}"
DISQUS_INTERNALS = "{http://disqus.com/disqus-internals}id"
WORDPRESS_NAMESPACES = re.compile(r"^\{http://wordpress\.org/export/1\.\d+/\}$")


class ImportFormatError(ValueError):
    """The file is not an export this importer understands."""


@dataclass(frozen=True)
class ImportedComment:
    name: str  # the comment's file name: from the source id, stable across imports
    slug: str  # the post it belongs to
    author: str
    date: datetime
    body: str  # Markdown
    website: str = ""
    replyto: str = ""


@dataclass
class ImportReport:
    written: list[Path]
    existing: int


def html_to_markdown(html: str) -> str:
    """The text of an exported comment as Markdown (its HTML is dropped, links kept)."""
    return markdownify(html, heading_style="ATX", strip=["img"]).strip()


def slug_from_link(link: str) -> str:
    """``https://old.example/2019/03/my-post/`` or ``.../my-post.html`` -> ``my-post``."""
    path = urlsplit(link.strip()).path
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return ""
    return re.sub(r"\.html?$", "", segments[-1])


def _text(element: Element | None, tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _is_true(value: str) -> bool:
    return value.strip().lower() in ("true", "1")


def parse_disqus(root: Element) -> list[ImportedComment]:
    """Every public post of a Disqus export, with its thread mapped to a post slug."""
    threads = {}
    for thread in root.findall(f"{DISQUS}thread"):
        link = _text(thread, f"{DISQUS}link")
        threads[thread.get(DISQUS_INTERNALS)] = slug_from_link(link) or _text(thread, f"{DISQUS}id")
    comments = []
    for post in root.findall(f"{DISQUS}post"):
        if _is_true(_text(post, f"{DISQUS}isDeleted")) or _is_true(_text(post, f"{DISQUS}isSpam")):
            continue
        source_id = post.get(DISQUS_INTERNALS)
        thread = post.find(f"{DISQUS}thread")
        slug = threads.get(thread.get(DISQUS_INTERNALS) if thread is not None else None, "")
        if not source_id or not slug:
            continue
        parent = post.find(f"{DISQUS}parent")
        author = post.find(f"{DISQUS}author")
        name = _text(author, f"{DISQUS}name") or _text(author, f"{DISQUS}username") or "Anonymous"
        created = _text(post, f"{DISQUS}createdAt")
        comments.append(
            ImportedComment(
                name=f"disqus-{source_id}",
                slug=slug,
                author=name,
                date=_aware(datetime.fromisoformat(created)),
                body=html_to_markdown(_text(post, f"{DISQUS}message")),
                replyto=f"disqus-{parent.get(DISQUS_INTERNALS)}" if parent is not None else "",
            )
        )
    return comments


def _paragraphs(text: str) -> str:
    """WordPress stores comments with bare newlines (its "autop" adds <p> when showing them)."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    return "".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in blocks)


def parse_wordpress(root: Element) -> list[ImportedComment]:
    """Every approved comment (not pingbacks) of a WordPress WXR export."""
    namespace = next(
        (uri for uri in _namespaces(root) if WORDPRESS_NAMESPACES.match(uri)),
        "{http://wordpress.org/export/1.2/}",
    )
    comments = []
    for item in root.iter("item"):
        slug = _text(item, f"{namespace}post_name") or slug_from_link(_text(item, "link"))
        for comment in item.findall(f"{namespace}comment"):
            imported = _wordpress_comment(comment, namespace, slug)
            if imported is not None:
                comments.append(imported)
    return comments


def _wordpress_comment(comment: Element, namespace: str, slug: str) -> ImportedComment | None:
    """One ``<wp:comment>``, or None for pending, spam, pingbacks and trackbacks."""
    fields = {child.tag.removeprefix(namespace): (child.text or "").strip() for child in comment}
    approved = fields.get("comment_approved") == "1"
    if not approved or fields.get("comment_type", "") not in ("", "comment"):
        return None
    source_id = fields.get("comment_id", "")
    if not source_id or not slug:
        return None
    gmt = fields.get("comment_date_gmt", "")
    if gmt and not gmt.startswith("0000"):
        date = datetime.fromisoformat(gmt).replace(tzinfo=UTC)
    else:  # no GMT date: the blog's local time, read in the site's time zone
        date = datetime.fromisoformat(fields.get("comment_date", ""))
    parent = fields.get("comment_parent", "0")
    return ImportedComment(
        name=f"wordpress-{source_id}",
        slug=slug,
        author=fields.get("comment_author") or "Anonymous",
        date=date,
        body=html_to_markdown(_paragraphs(fields.get("comment_content", ""))),
        website=fields.get("comment_author_url", ""),
        replyto=f"wordpress-{parent}" if parent not in ("", "0") else "",
    )


def _namespaces(root: Element) -> set[str]:
    return {element.tag.split("}")[0] + "}" for element in root.iter() if "}" in element.tag}


def _aware(date: datetime) -> datetime:
    return date if date.tzinfo else date.replace(tzinfo=UTC)


def read_export(path: Path) -> list[ImportedComment]:
    """The comments of a Disqus or WordPress export, whichever ``path`` is."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        raise ImportFormatError(f"{path}: not well-formed XML ({error})") from None
    except ValueError as error:  # defusedxml refuses entities and DTD tricks
        raise ImportFormatError(f"{path}: refused ({error})") from None
    if root.tag == f"{DISQUS}disqus":
        return parse_disqus(root)
    if root.tag == "rss":
        return parse_wordpress(root)
    raise ImportFormatError(f"{path}: neither a Disqus export nor a WordPress WXR file")


def import_comments(export: Path, comments_folder: Path) -> ImportReport:
    """Write each comment of ``export`` under ``comments_folder/<slug>/`` unless already there."""
    report = ImportReport(written=[], existing=0)
    for comment in read_export(export):
        text = comment_text(
            comment.author,
            comment.date,
            comment.body or "(no text)",
            website=comment.website,
            replyto=comment.replyto,
        )
        path = write_comment(comments_folder / comment.slug, comment.name, text)
        if path is None:
            report.existing += 1
        else:
            report.written.append(path)
    return report
