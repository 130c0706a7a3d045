"""Step 1: where each post shows an image (its cover, its ``<img>`` tags), each resolved to its
file and checked; and the problems found, one line each at the reference's own line, a hint
in the syntax the author used there (HTML or Markdown)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from blogkit.pelican_internals.contents import html_of
from blogkit.problems import metadata_line, quoted, report

from .references import ImageTag, Reference, image_tags, reference_places, resolve


@dataclass
class Use:
    """One place a post shows an image: an ``<img>`` tag, or its cover (``tag`` is None)."""

    content: object
    reference: Reference
    tag: ImageTag | None = None
    problem: str = ""
    missing_alt: bool = False  # the hint depends on how the image is written (see report)

    @property
    def what(self) -> str:
        return "image" if self.tag else "Cover"

    @property
    def replaced(self) -> bool:
        """Whether step 3 replaces its tag: by a ``<picture>``, or by nothing (a problem)."""
        return self.tag is not None and (bool(self.problem) or self.reference.raster)


class UsesFinder:
    """Finds the uses of every post of a site whose content is in ``content_root``."""

    def __init__(self, content_root: str):
        self.content_root = content_root

    def uses_of(self, content) -> list[Use]:
        """The post's cover first (it is in the header), then its ``<img>`` tags in order."""
        settings = content.settings
        found = []
        cover = content.metadata.get("cover")
        if cover:
            use = checked(Use(content, self.resolve(str(cover).strip(), content, settings)))
            if not use.problem and not str(content.metadata.get("cover_alt") or "").strip():
                use.problem = f"Cover {quoted(cover)} has no Cover_alt: describe the image"
            found.append(use)
        return found + [
            checked(Use(content, self.resolve(tag.src, content, settings), tag))
            for tag in image_tags(html_of(content))
        ]

    def resolve(self, written: str, content, settings) -> Reference:
        return resolve(written, content.source_path, self.content_root, settings["STATIC_PATHS"])


def checked(use: Use) -> Use:
    reference, tag = use.reference, use.tag
    if reference.problem:
        use.problem = reference.problem
    elif reference.path is not None and not os.path.isfile(reference.path):
        use.problem = f"{use.what} {quoted(reference.written)} was not found"
    elif tag is not None and not tag.alt and not tag.decorative:
        use.problem = f"image {quoted(reference.written)} has no alt text"
        use.missing_alt = True
    return use


MARKDOWN_ALT_HINT = "describe it (![what it shows](...)) or mark it decorative ({: .decorative})"
HTML_ALT_HINT = (
    'describe it (alt="what it shows") or mark it decorative (alt="" class="decorative")'
)


def report_problems(content, uses: list[Use]) -> None:
    """Each use's problem as ``file:line: ...``, at the line its reference is written on."""
    wrong = [use for use in uses if use.problem]
    if not wrong:
        return
    tags = [use for use in uses if use.tag is not None]
    written = [use.reference.written for use in tags]
    places = dict(zip(map(id, tags), reference_places(content.source_path, written), strict=True))
    for use in wrong:
        if use.tag is None:
            report(content.source_path, use.problem, metadata_line(content.source_path, "cover"))
            continue
        place = places[id(use)]
        problem = use.problem
        if use.missing_alt:
            problem += f": {HTML_ALT_HINT if place.in_html else MARKDOWN_ALT_HINT}"
        report(content.source_path, problem, place.line)
