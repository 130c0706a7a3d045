"""What an image's entry in the asset cache holds (``blogkit.asset_cache``, kind ``images``):
its variants, listed in the entry's manifest, under a key of its content and its settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import PIL  # the version only: the package itself is tiny, its image modules load lazily

from blogkit.asset_cache import key_of

# Part of every key: raise it when the encoding changes what a variant holds.
PIPELINE_VERSION = 1


def image_key(digest: str, shaping: dict) -> str:
    """The name of a source's variants: its content, the settings, the encoder's version."""
    return key_of([PIPELINE_VERSION, PIL.__version__, digest, shaping])


class Variant(NamedTuple):
    """One encoded file of an image (a tuple: a build makes thousands from the index)."""

    width: int
    height: int
    mime: str
    file: str  # its name inside the key's folder
    size: int  # bytes

    @property
    def extension(self) -> str:
        return self.file.rsplit(".", 1)[1]


@dataclass(frozen=True)
class Manifest:
    """Every file made from one source with one set of settings."""

    variants: tuple[Variant, ...]

    def fields(self) -> list[dict]:
        return [variant._asdict() for variant in self.variants]

    @classmethod
    def from_fields(cls, fields: list[dict]) -> Manifest:
        """Read back from the index (positional arguments: three times faster than ``**``)."""
        return cls(tuple([Variant(v["width"], v["height"], v["mime"], v["file"], v["size"])
                          for v in fields]))  # fmt: skip
