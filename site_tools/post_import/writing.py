"""Each imported post written as a Markdown file, its images brought in first; a post whose
file is there already is left alone (importing again writes nothing new)."""

from __future__ import annotations

import html as html_text
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from markdownify import markdownify

from blogkit.html_tags import start_tags
from blogkit.paths import OutsideFolder, inside
from blogkit.problems import quoted
from blogkit.slugs import is_plain_slug, slugify
from blogkit.web import FetchError, fetch, is_web_url

from .fetching import read_file
from .images import ImageImporter, ImageRefused, Limits, refusal
from .sources import ImportedPost, NotAnExport, read_source

MAX_SOURCE_BYTES = 100 * 1024 * 1024
SUMMARY_CHARACTERS = 300
DEFAULT_LIMITS = Limits()


class ImportFailed(ValueError):
    """The source as a whole cannot be imported: one line naming it."""


@dataclass
class PostsImport:
    posts: list[Path] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)
    existing: int = 0
    problems: list[str] = field(default_factory=list)  # one line each, naming the source

    def summary(self) -> str:
        problems = f", {len(self.problems)} problem(s) above" if self.problems else ""
        return (f"{len(self.posts)} post(s) and {len(self.images)} image(s) imported, "
                f"{self.existing} post(s) already there{problems}")  # fmt: skip


def import_posts(source: str, content: Path, kind: str = "", limits: Limits = DEFAULT_LIMITS):
    """Import every post of ``source`` (a file, or a feed's http(s) address) into ``content``."""
    try:
        if is_web_url(source):
            data = fetch(source, MAX_SOURCE_BYTES, limits.timeout)
        else:
            data = read_file(Path(source), MAX_SOURCE_BYTES)
        found = read_source(data, kind)
    except (FetchError, NotAnExport) as error:
        raise ImportFailed(f"{source}: {error}") from None
    report = PostsImport()
    report.problems += [f"{source}: {line}" for line in found.left_out]
    images = ImageImporter(content / "images", source, limits)
    for post in found.posts:
        try:
            written = write_post(post, content, images, report, source)
        except OutsideFolder as error:
            report.problems.append(f"{source}: item {quoted(post.item)}: {error}")
            continue
        if written:
            report.posts.append(written)
    report.images = images.written
    return report


def write_post(post: ImportedPost, content: Path, images: ImageImporter, report, source: str):
    """The post's file, or None when it is there already."""
    slug = _slug(post)
    path = inside(content / "posts", f"{slug}.md")
    if path.exists():
        report.existing += 1
        return None

    def bring(address: str) -> str | None:
        try:
            return "{static}/" + images.bring(address, slug, post.old_address)
        except (ImageRefused, OutsideFolder) as error:
            report.problems.append(f"{source}: {refusal(post.item, address, str(error))}")
            return None

    body = markdownify(_with_local_images(post.html, bring), heading_style="ATX", bullets="-")
    cover = bring(post.cover) if post.cover else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_header(post, slug, cover) + "\n" + _tidy(body) + "\n", encoding="utf-8")
    return path


def _slug(post: ImportedPost) -> str:
    if post.slug and is_plain_slug(post.slug):
        return post.slug
    last = urlsplit(post.old_address).path.rstrip("/").rsplit("/", 1)[-1]
    last = re.sub(r"\.html?$", "", last)
    return slugify(post.title) or slugify(last) or "imported-post"


def _with_local_images(html: str, bring) -> str:
    """``html`` with each ``<img src>`` brought in replaced by its file in the content folder."""
    pieces, done = [], 0
    for tag in start_tags(html, ("img",)):
        address = tag.get("src") or ""
        local = bring(address) if address and not address.startswith("data:") else None
        if local is None:
            continue
        text = html[tag.start : tag.end]
        quoted_address = html_text.escape(address)
        replaced = text.replace(address, local, 1) if address in text else \
            text.replace(quoted_address, local, 1)  # fmt: skip
        pieces += [html[done : tag.start], replaced]
        done = tag.end
    return "".join([*pieces, html[done:]])


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _header(post: ImportedPost, slug: str, cover: str | None) -> str:
    fields = {
        "Title": _one_line(post.title) or slug,
        "Slug": slug,
        "Date": post.date.isoformat(sep=" ", timespec="minutes"),
        "Author": _one_line(post.author),
        "Category": _one_line(post.category),
        "Tags": ", ".join(_one_line(tag) for tag in post.tags),
        "Summary": _summary(post),
        "Cover": cover or "",
        "Cover_alt": _one_line(post.cover_alt) if cover else "",
        "Aliases": _old_path(post.old_address, slug),
        "Status": "draft" if post.status == "draft" else "",
    }
    return "".join(f"{name}: {value}\n" for name, value in fields.items() if value)


def _old_path(address: str, slug: str) -> str:
    """The old address's path, for a redirect there; none when it is the new one already."""
    path = urlsplit(address).path if address else ""
    return "" if path.strip("/") in ("", slug) else path


def _summary(post: ImportedPost) -> str:
    """The source's excerpt, or the start of the post's text."""
    text = _one_line(html_text.unescape(re.sub(r"<[^>]*>", " ", post.summary or post.html)))
    if len(text) <= SUMMARY_CHARACTERS:
        return text
    return text[:SUMMARY_CHARACTERS].rsplit(" ", 1)[0] + "…"


def _tidy(markdown: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()
