"""Every ``AUTHOR*`` setting of author_profiles: its default and what a valid value is."""

from __future__ import annotations

from blogkit.settings import Setting, positive_number, text


def widths(value) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(map(positive_number, value))


SETTINGS = {
    # The profiles, relative to the content folder, or absolute.
    "AUTHORS_FILE": Setting("data/authors.yaml", "text (a path)", text),
    # Widths (px) of a portrait's variants: 7rem on the author page, 4rem in a post's author
    # card, sharp up to 2.5x; share cards draw the largest.
    "AUTHOR_PORTRAIT_WIDTHS": Setting((80, 160, 320), "a list of widths in pixels", widths),
    # A bio is shown under every post of its author: short, in characters.
    "AUTHOR_BIO_LIMIT": Setting(600, "a number of characters", positive_number),
}
