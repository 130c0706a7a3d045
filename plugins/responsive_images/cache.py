"""The asset cache: variants kept under their source's content hash and the settings that
shape them, so a build whose images have not changed encodes nothing.

``ASSET_CACHE_PATH/images/`` holds one folder per key (``ab/abcdef.../``) with the encoded
files and a ``manifest.json`` naming them, written whole or not at all (a folder is renamed
into place once complete), and ``index.json``, read once per build: each source's size,
modification time and SHA-256 (an unchanged file is not read again to learn its hash) and
every folder's manifest (no folder's own file is read again either).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import PIL  # the version only: the package itself is tiny, its image modules load lazily

# Part of every key: raise it when the encoding changes what a variant holds.
PIPELINE_VERSION = 1
MANIFEST = "manifest.json"
INDEX = "index.json"


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


class AssetCache:
    """The image part of ``ASSET_CACHE_PATH``, with its index read once per build."""

    def __init__(self, root: str | os.PathLike):
        self.folder = os.path.join(os.path.abspath(root), "images")
        self.index_file = os.path.join(self.folder, INDEX)
        index = self._read_index()
        self.stamps: dict[str, list] = index.get("sources", {})
        self.manifests: dict[str, list] = index.get("manifests", {})
        self.changed = False

    def _read_index(self) -> dict:
        try:
            with open(self.index_file, encoding="utf-8") as index:
                return json.load(index)
        except (OSError, ValueError):
            return {}

    def digest(self, path: str) -> str:
        """SHA-256 of ``path``'s bytes, read again only when its size or time changed."""
        stat = os.stat(path)
        stamp = [stat.st_size, stat.st_mtime_ns]
        known = self.stamps.get(path)
        if known and known[:2] == stamp:
            return known[2]
        with open(path, "rb") as source:
            digest = hashlib.file_digest(source, "sha256").hexdigest()
        self.stamps[path] = [*stamp, digest]
        self.changed = True
        return digest

    def key(self, digest: str, shaping: dict) -> str:
        """The name of a source's variants: its content, the settings, the encoder's version."""
        recipe = json.dumps([PIPELINE_VERSION, PIL.__version__, digest, shaping], sort_keys=True)
        return hashlib.sha256(recipe.encode()).hexdigest()[:32]

    def folder_of(self, key: str) -> str:
        return os.path.join(self.folder, key[:2], key)

    def manifest(self, key: str) -> Manifest | None:
        """What was made for ``key`` before (the index says, the folder is still there)."""
        folder = self.folder_of(key)
        if not os.path.isdir(folder):
            return None
        fields = self.manifests.get(key)
        if fields is None:  # made by another build sharing the cache
            try:
                with open(os.path.join(folder, MANIFEST), encoding="utf-8") as manifest:
                    fields = json.load(manifest)
            except (OSError, ValueError):
                return None
            self.remember(key, fields)
        return Manifest.from_fields(fields)

    def remember(self, key: str, fields: list) -> None:
        self.manifests[key] = fields
        self.changed = True

    def save(self) -> None:
        """Keep what was learnt (less what is gone), replacing the index whole."""
        if not self.changed:
            return
        index = {
            "sources": {path: stamp for path, stamp in self.stamps.items() if os.path.exists(path)},
            "manifests": {
                key: fields
                for key, fields in self.manifests.items()
                if os.path.isdir(self.folder_of(key))
            },
        }
        write_atomically(self.index_file, json.dumps(index, sort_keys=True).encode())
        self.changed = False


def write_atomically(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=os.path.dirname(path), delete=False) as temporary:
        temporary.write(data)
    os.replace(temporary.name, path)


def publish_folder(building: Path, folder: Path) -> None:
    """Move a complete key folder into place; another process that got there first wins."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(building, folder)
    except OSError:  # already there (made by another build at the same time)
        for leftover in building.iterdir():
            leftover.unlink()
        building.rmdir()
