"""The asset cache: variants kept under their source's content hash and the settings that
shape them, so a build whose images have not changed encodes nothing.

``ASSET_CACHE_PATH/images/`` holds one folder per key (``ab/abcdef.../``) with the encoded
files and a ``manifest.json`` naming them, written whole or not at all (a folder is renamed
into place once complete), and ``sources.json``: each source's size, modification time and
SHA-256, so an unchanged file is not read again to learn its hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import PIL  # the version only: the package itself is tiny, its image modules load lazily

# Part of every key: raise it when the encoding changes what a variant holds.
PIPELINE_VERSION = 1
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Variant:
    """One encoded file of an image."""

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

    def to_json(self) -> str:
        return json.dumps([asdict(variant) for variant in self.variants], indent=0)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        return cls(tuple(Variant(**fields) for fields in json.loads(text)))

    def of_type(self, mime: str) -> list[Variant]:
        return [variant for variant in self.variants if variant.mime == mime]


class AssetCache:
    """The image part of ``ASSET_CACHE_PATH``."""

    def __init__(self, root: str | os.PathLike):
        self.folder = Path(root).resolve() / "images"
        self.stamps_file = self.folder / "sources.json"
        self.stamps = self._read_stamps()
        self.stamps_changed = False

    def _read_stamps(self) -> dict[str, list]:
        try:
            return json.loads(self.stamps_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def digest(self, path: Path) -> str:
        """SHA-256 of ``path``'s bytes, read again only when its size or time changed."""
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        known = self.stamps.get(str(path))
        if known and known[:2] == stamp:
            return known[2]
        with open(path, "rb") as source:
            digest = hashlib.file_digest(source, "sha256").hexdigest()
        self.stamps[str(path)] = [*stamp, digest]
        self.stamps_changed = True
        return digest

    def save_stamps(self) -> None:
        """Keep what was learnt (less files that are gone), replacing the file whole."""
        if not self.stamps_changed:
            return
        kept = {path: stamp for path, stamp in self.stamps.items() if os.path.exists(path)}
        write_atomically(self.stamps_file, json.dumps(kept, sort_keys=True).encode())
        self.stamps_changed = False

    def key(self, digest: str, shaping: dict) -> str:
        """The name of a source's variants: its content, the settings, the encoder's version."""
        recipe = json.dumps([PIPELINE_VERSION, PIL.__version__, digest, shaping], sort_keys=True)
        return hashlib.sha256(recipe.encode()).hexdigest()[:32]

    def folder_of(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def manifest(self, key: str) -> Manifest | None:
        """What was made for ``key`` before, or None."""
        try:
            return Manifest.from_json((self.folder_of(key) / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError, TypeError):
            return None


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as temporary:
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
