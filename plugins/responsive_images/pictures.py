"""What the theme shows for an image, and step 3: each ``<img>`` of a post becomes one.

A :class:`Picture` is one ``<picture>``: an AVIF and a WebP ``<source>`` and an ``<img>``
fallback (JPEG, or PNG where pixels show through; GIF for an animation), each with its
``srcset`` of widths, one ``sizes`` and the numeric width and height the page reserves.
Its markup is written here with string formatting, every value escaped by markupsafe as
Jinja's autoescaping would: a post's photos are put into its HTML hundreds of times a build,
and a template render each time cost more than the rest of the plugin's work on them.

:class:`Pictures` puts them in the posts (only each tag's own characters change) and gives a
post with a cover its ``cover_image`` (a :class:`Cover`, read by other plugins too).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from markupsafe import Markup, escape

from blogkit.pelican_internals.contents import html_of, replace_html

from .output import Published
from .references import DECORATIVE, ImageTag
from .sources import ImageFile
from .uses import Use
from .variants import Manifest, Variant

MODERN_TYPES = ("image/avif", "image/webp")
# Attributes the <img> gets from the build; the author's others (class, title, id) are kept.
SET_HERE = {"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding",
            "fetchpriority"}  # fmt: skip


class Source(NamedTuple):
    """One ``<source>`` of a picture: a modern format (one of ``MODERN_TYPES``) and its widths."""

    type: str
    srcset: str


@cache
def _escaped(value: str) -> Markup:
    """A value every picture of a slot repeats (its ``sizes``), escaped once a build."""
    return escape(value)


@dataclass(frozen=True)
class Picture:
    """One ``<picture>``; a template prints it (``{{ item.cover_image.hero }}``) as its HTML."""

    sources: tuple[Source, ...]
    src: str
    srcset: str
    sizes: str
    width: int
    height: int
    alt: str
    loading: str = ""  # "lazy", or empty for the first image a reader sees
    fetchpriority: str = ""  # "high" for that first image
    attributes: tuple[tuple[str, str], ...] = ()

    def in_feed(self) -> Markup:
        """The ``<img>`` a feed carries instead: feed readers ignore ``<source>``, ``srcset``
        and lazy loading, so the fallback alone, with its size and alt text."""
        kept = "".join(f' {escape(name)}="{escape(value)}"' for name, value in self.attributes)
        return Markup(
            f'<img src="{escape(self.src)}" width="{self.width}" height="{self.height}" '
            f'alt="{escape(self.alt)}"{kept}>'
        )

    def html(self) -> Markup:
        sizes = _escaped(self.sizes)
        sources = "".join(
            f'<source type="{source.type}" srcset="{escape(source.srcset)}" sizes="{sizes}">'
            for source in self.sources
        )
        kept = "".join(f' {escape(name)}="{escape(value)}"' for name, value in self.attributes)
        loading = f' loading="{escape(self.loading)}"' if self.loading else ""
        priority = f' fetchpriority="{escape(self.fetchpriority)}"' if self.fetchpriority else ""
        return Markup(
            f'<picture>{sources}<img src="{escape(self.src)}" srcset="{escape(self.srcset)}" '
            f'sizes="{sizes}" width="{self.width}" height="{self.height}" '
            f'alt="{escape(self.alt)}"{kept}{loading}{priority} decoding="async"></picture>'
        )

    __html__ = html  # what Jinja's autoescaping prints


@dataclass(frozen=True)
class Cover:
    """A post's cover: shown above it and in listing cards; read by other plugins.

    ``path`` (in the output), ``file`` (in the asset cache), ``url``, ``width``, ``height``
    and ``type`` describe its largest JPEG or PNG variant, the one a share card or a feed
    reader can take.
    """

    hero: Picture
    card: Picture
    path: str
    file: str
    url: str
    width: int
    height: int
    alt: str
    type: str
    size: int  # bytes, for a feed's enclosure


@dataclass(frozen=True)
class Shown:
    """How one image is shown: its slot's ``sizes``, priority and the author's markup."""

    alt: str
    sizes: str
    first: bool = False  # the first image a reader sees: loaded at once, before others
    tag: ImageTag | None = None


def fallback_variants(manifest: Manifest) -> list[Variant]:
    return [v for v in manifest.variants if v.mime not in MODERN_TYPES]


def picture(manifest: Manifest, url_of: Callable[[Variant], str], shown: Shown) -> Picture:
    """The ``<picture>`` of one image; ``url_of`` gives each variant's address."""

    def srcset(variants: list[Variant]) -> str:
        return ", ".join(f"{url_of(variant)} {variant.width}w" for variant in variants)

    fallbacks, modern = _by_type(manifest)
    largest = fallbacks[-1]
    width, height, sizes = largest.width, largest.height, shown.sizes
    author_width = _pixels(shown.tag.get("width")) if shown.tag else None
    if author_width:
        width, height = author_width, max(1, round(author_width * largest.height / largest.width))
        sizes = f"{author_width}px"
    return Picture(
        sources=tuple(Source(mime, srcset(variants)) for mime, variants in modern.items()),
        src=url_of(largest),
        srcset=srcset(fallbacks),
        sizes=sizes,
        width=width,
        height=height,
        alt=shown.alt,
        loading="" if shown.first else "lazy",
        fetchpriority="high" if shown.first else "",
        attributes=_kept_attributes(shown.tag) if shown.tag else (),
    )


def _by_type(manifest: Manifest) -> tuple[list[Variant], dict[str, list[Variant]]]:
    """The fallback's variants, and each modern type's (in ``MODERN_TYPES`` order), in one pass."""
    fallbacks: list[Variant] = []
    modern: dict[str, list[Variant]] = {mime: [] for mime in MODERN_TYPES}
    for variant in manifest.variants:
        modern.get(variant.mime, fallbacks).append(variant)
    return fallbacks, {mime: variants for mime, variants in modern.items() if variants}


def _pixels(value: str | None) -> int | None:
    """A width the author gave in pixels (``300`` or ``300px``); percentages are not."""
    text = (value or "").strip().removesuffix("px")
    return int(text) if text.isdigit() and int(text) > 0 else None


def _kept_attributes(tag: ImageTag) -> tuple[tuple[str, str], ...]:
    kept = []
    for name, value in tag.attributes:
        if name in SET_HERE:
            continue
        if name == "class":
            value = " ".join(c for c in value.split() if c != DECORATIVE)
            if not value:
                continue
        kept.append((name, value))
    return tuple(kept)


# Text (characters) above an image that still leaves it on a phone's first screen.
FIRST_SCREEN_TEXT = 500
_TAG = re.compile(r"<[^>]*>")


class Pictures:
    """Writes the pictures of the build's posts, their variants listed in ``published``, each
    picture's markup remembered by ``feeds`` (a ``feeds.FeedImages``) with its feed ``<img>``."""

    def __init__(self, published: Published, options: dict, feeds):
        self.published = published
        self.options = options
        self.feeds = feeds

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
                shown_picture = picture(image.manifest, self.published.url_maker(image), shown)
                markup = self.feeds.add_picture(shown_picture)
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
