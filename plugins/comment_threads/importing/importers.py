"""Importing comments from a Disqus XML export or a WordPress WXR export into comment files.

Exports are untrusted XML: they are parsed with defusedxml (no entity expansion, no external
entities). File names come from the source's own ids (``disqus-<id>``, ``wordpress-<id>``), so
importing the same export twice writes nothing new. Emails and IP addresses are never copied.
A comment whose post, id or parent id is not a plain slug (it could name another folder), or
whose date is not a date, is refused in one line naming the export and the comment; the
others are imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from markdownify import markdownify

from blogkit.posts import PostIndex
from blogkit.problems import quoted
from blogkit.slugs import plain_slug

from .store import comment_path, comment_text, write_comment

DISQUS = "{http://disqus.com}"
DISQUS_INTERNALS = "{http://disqus.com/disqus-internals}id"
WORDPRESS_NAMESPACES = re.compile(r"^\{http://wordpress\.org/export/1\.\d+/\}$")


class ImportFormatError(ValueError):
    """The file is not an export this importer understands."""


class CommentRefused(ValueError):
    """One comment of an export that is not imported (the others are): why, in one line."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"comment {quoted(name)}: {problem}; not imported")


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
class ExportContent:
    """The comments an export holds, and a line for each one refused."""

    comments: list[ImportedComment] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def read_each(self, elements: Iterable[Element], read_one: Callable) -> None:
        """``read_one`` of every element: a comment, None (left out) or a refusal (kept)."""
        for element in elements:
            try:
                comment = read_one(element)
            except CommentRefused as refusal:
                self.refused.append(str(refusal))
                continue
            if comment is not None:
                self.comments.append(comment)


@dataclass
class ImportReport:
    written: list[Path] = field(default_factory=list)
    existing: int = 0
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        refused = f", {len(self.refused)} refused" if self.refused else ""
        return f"{len(self.written)} comment(s) imported, {self.existing} already there{refused}"


def html_to_markdown(html: str) -> str:
    """The text of an exported comment as Markdown (its HTML is dropped, links kept)."""
    return markdownify(html, heading_style="ATX", strip=["img"]).strip()


def _text(element: Element | None, tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _is_true(value: str) -> bool:
    return value.strip().lower() in ("true", "1")


def _plain_ids(name: str, **ids: str) -> None:
    """Refuse comment ``name`` unless every id it is filed by is a plain slug."""
    for what, value in ids.items():
        if value:
            try:
                plain_slug(value, what.replace("_", " "))
            except ValueError as error:
                raise CommentRefused(name, str(error)) from None


def _date(name: str, text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise CommentRefused(name, f"date {quoted(text)} is not a date") from None


def parse_disqus(root: Element, index: PostIndex) -> ExportContent:
    """Every public post of a Disqus export; a thread's post is found by its link."""
    threads = {}
    for thread in root.findall(f"{DISQUS}thread"):
        slug = index.slug_for_link(_text(thread, f"{DISQUS}link")) or _text(thread, f"{DISQUS}id")
        threads[thread.get(DISQUS_INTERNALS)] = slug
    content = ExportContent()
    content.read_each(root.findall(f"{DISQUS}post"), partial(_disqus_comment, threads=threads))
    return content


def _disqus_comment(post: Element, threads: dict[str, str]) -> ImportedComment | None:
    """One ``<post>``, or None when it is deleted, spam or in no thread."""
    if _is_true(_text(post, f"{DISQUS}isDeleted")) or _is_true(_text(post, f"{DISQUS}isSpam")):
        return None
    source_id = post.get(DISQUS_INTERNALS)
    thread = post.find(f"{DISQUS}thread")
    slug = threads.get(thread.get(DISQUS_INTERNALS) if thread is not None else None, "")
    if not source_id or not slug:
        return None
    name = f"disqus-{source_id}"
    parent = post.find(f"{DISQUS}parent")
    parent_id = parent.get(DISQUS_INTERNALS, "") if parent is not None else ""
    _plain_ids(name, id=source_id, post_slug=slug, parent_id=parent_id)
    author = post.find(f"{DISQUS}author")
    return ImportedComment(
        name=name,
        slug=slug,
        author=_text(author, f"{DISQUS}name") or _text(author, f"{DISQUS}username") or "Anonymous",
        date=_aware(_date(name, _text(post, f"{DISQUS}createdAt"))),
        body=html_to_markdown(_text(post, f"{DISQUS}message")),
        replyto=f"disqus-{parent_id}" if parent_id else "",
    )


def _paragraphs(text: str) -> str:
    """WordPress stores comments with bare newlines (its "autop" adds <p> when showing them)."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    return "".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in blocks)


def parse_wordpress(root: Element, index: PostIndex) -> ExportContent:
    """Every approved comment (not pingbacks) of a WordPress WXR export."""
    namespace = next(
        (uri for uri in _namespaces(root) if WORDPRESS_NAMESPACES.match(uri)),
        "{http://wordpress.org/export/1.2/}",
    )
    content = ExportContent()
    for item in root.iter("item"):
        slug = _text(item, f"{namespace}post_name") or index.slug_for_link(_text(item, "link"))
        comments = item.findall(f"{namespace}comment")
        content.read_each(comments, partial(_wordpress_comment, namespace=namespace, slug=slug))
    return content


def _wordpress_comment(comment: Element, namespace: str, slug: str) -> ImportedComment | None:
    """One ``<wp:comment>``, or None for pending, spam, pingbacks and trackbacks."""
    fields = {child.tag.removeprefix(namespace): (child.text or "").strip() for child in comment}
    approved = fields.get("comment_approved") == "1"
    if not approved or fields.get("comment_type", "") not in ("", "comment"):
        return None
    source_id = fields.get("comment_id", "")
    if not source_id or not slug:
        return None
    name = f"wordpress-{source_id}"
    parent = fields.get("comment_parent", "0")
    parent_id = "" if parent in ("", "0") else parent
    _plain_ids(name, id=source_id, post_slug=slug, parent_id=parent_id)
    gmt = fields.get("comment_date_gmt", "")
    if gmt and not gmt.startswith("0000"):
        date = _date(name, gmt).replace(tzinfo=UTC)
    else:  # no GMT date: the blog's local time, read in the site's time zone
        date = _date(name, fields.get("comment_date", ""))
    return ImportedComment(
        name=name,
        slug=slug,
        author=fields.get("comment_author") or "Anonymous",
        date=date,
        body=html_to_markdown(_paragraphs(fields.get("comment_content", ""))),
        website=fields.get("comment_author_url", ""),
        replyto=f"wordpress-{parent_id}" if parent_id else "",
    )


def _namespaces(root: Element) -> set[str]:
    return {element.tag.split("}")[0] + "}" for element in root.iter() if "}" in element.tag}


def _aware(date: datetime) -> datetime:
    return date if date.tzinfo else date.replace(tzinfo=UTC)


def read_export(path: Path, index: PostIndex) -> ExportContent:
    """The comments of a Disqus or WordPress export, whichever ``path`` is."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        raise ImportFormatError(f"{path}: not well-formed XML ({error})") from None
    except ValueError as error:  # defusedxml refuses entities and DTD tricks
        raise ImportFormatError(f"{path}: refused ({error})") from None
    if root.tag == f"{DISQUS}disqus":
        return parse_disqus(root, index)
    if root.tag == "rss":
        return parse_wordpress(root, index)
    raise ImportFormatError(f"{path}: neither a Disqus export nor a WordPress WXR file")


def import_comments(export: Path, comments_folder: Path, index: PostIndex) -> ImportReport:
    """Write each comment of ``export`` to ``comments_folder/<slug>/`` unless already there.

    ``index`` finds the post of a Disqus thread or WordPress post by its address (or an old
    one the post lists); a comment refused is one line in the report, naming the export.
    """
    content = read_export(export, index)
    report = ImportReport(refused=[f"{export}: {line}" for line in content.refused])
    for comment in content.comments:
        try:
            path = comment_path(comments_folder, comment.slug, comment.name)
        except ValueError as error:  # a folder linked to somewhere else
            report.refused.append(f"{export}: {CommentRefused(comment.name, str(error))}")
            continue
        text = comment_text(
            comment.author,
            comment.date,
            comment.body or "(no text)",
            website=comment.website,
            replyto=comment.replyto,
        )
        if write_comment(path, text) is None:
            report.existing += 1
        else:
            report.written.append(path)
    return report
