"""Every ``AUTHOR*`` setting of author_profiles: its default and what a valid value is."""

from __future__ import annotations

from blogkit.settings import Setting, positive_number, text


def widths(value) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(map(positive_number, value))


SETTINGS = {
    # The profiles, relative to the content folder, or absolute.
    "AUTHORS_FILE": Setting("data/authors.yaml", "text (a path)", text),
    # Widths (px) of a portrait's variants, with the photo's own (at most IMAGE_MAX_WIDTH):
    # 7rem on the author page, 4rem in a post's author card, sharp at 2x; share cards draw
    # the largest. Few widths keep each post's HTML small.
    "AUTHOR_PORTRAIT_WIDTHS": Setting((128, 256), "a list of widths in pixels", widths),
    # Width (px) of the portrait an event page writes into itself as a data: URI, so that its
    # speakers cost no request: 3rem, sharp at 2x (docs/events.md).
    "AUTHOR_INLINE_PORTRAIT_WIDTH": Setting(96, "a width in pixels", positive_number),
    # A bio is shown under every post of its author: short, in characters.
    "AUTHOR_BIO_LIMIT": Setting(600, "a number of characters", positive_number),
}
