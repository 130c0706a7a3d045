"""Step 3: each ``<img>`` of a post becomes a ``<picture>`` (only the tag's own characters
change), and a post with a cover gets ``cover_image`` (``markup.Cover``)."""

from __future__ import annotations

import re

from blogkit.pelican_internals.contents import html_of, replace_html

from .markup import Cover, Shown, fallback_variants, picture
from .output import Published
from .sources import ImageFile
from .uses import Use

# Text (characters) above an image that still leaves it on a phone's first screen.
FIRST_SCREEN_TEXT = 500
_TAG = re.compile(r"<[^>]*>")


class Pictures:
    """Writes the pictures of the build's posts, their variants listed in ``published``."""

    def __init__(self, published: Published, options: dict):
        self.published = published
        self.options = options

    def show(self, content, uses: list[Use], images: dict[str, ImageFile]) -> Cover | None:
        """The post's pictures written into it; its cover, attached, returned."""
        cover = None
        shown_cover = next((u for u in uses if u.tag is None and not u.problem), None)
        if shown_cover is not None:
            cover = self.cover(content, images[shown_cover.reference.path])
            content.cover_image = cover
        html = html_of(content)
        first = cover is None
        replaced = [u for u in uses if u.replaced]  # not another site's image, nor an SVG
        markups = []
        for use in replaced:
            markup = ""
            if not use.problem:
                on_first_screen = first and _text_before(html, use.tag.start) <= FIRST_SCREEN_TEXT
                first = False
                shown = Shown(use.tag.alt, self.options["IMAGE_SIZES"], on_first_screen, use.tag)
                image = images[use.reference.path]
                markup = picture(image.manifest, self.published.url_maker(image), shown).html()
            markups.append(markup)
        if replaced:
            replace_html(content, spliced(html, replaced, markups))
        return cover

    def cover(self, content, image: ImageFile) -> Cover:
        alt = str(content.metadata["cover_alt"]).strip()
        url_of = self.published.url_maker(image)
        largest = fallback_variants(image.manifest)[-1]
        return Cover(
            hero=picture(image.manifest, url_of, Shown(alt, self.options["IMAGE_SIZES"], True)),
            card=picture(image.manifest, url_of, Shown("", self.options["IMAGE_CARD_SIZES"])),
            path=self.published.output_path(image, largest),
            file=self.published.cached_file(image, largest),
            url=url_of(largest),
            width=largest.width,
            height=largest.height,
            alt=alt,
            type=largest.mime,
            size=largest.size,
        )


def spliced(html: str, replaced: list[Use], markups: list[str]) -> str:
    """``html`` with each use's tag replaced by its markup: only the tags' characters change."""
    pieces, done = [], 0
    for use, markup in zip(replaced, markups, strict=True):
        pieces += [html[done : use.tag.start], markup]
        done = use.tag.end
    return "".join([*pieces, html[done:]])


def _text_before(html: str, end: int) -> int:
    return len(" ".join(_TAG.sub(" ", html[:end]).split()))
