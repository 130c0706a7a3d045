"""The asset cache: files derived from sources (image variants, share cards, the search
index), kept between builds under a content key so that what did not change costs nothing.

One layout for every kind: ``ASSET_CACHE_PATH/<kind>/<key[:2]>/<key>/`` holds an entry's
files and its ``manifest.json`` (what it holds, what making it reported). One key recipe
(:func:`key_of`). An entry is made whole or not at all (:func:`make_entry`, in any process).
Beside the entries, each kind keeps ``index.json``, a memo read once per build (each source's
size, time and SHA-256; each entry's manifest), and ``uses.json``, the builds' record.

Pruning, safe for builds that share the cache (the dev server and a publish, CI's restored
copy) or run at the same time: each build takes the next number and records the entries it
uses *before* it looks for them, under the kind's lock; as it ends, entries that none of the
last ``ASSET_CACHE_KEEP_BUILDS`` builds recorded are renamed away, then deleted. An entry a
build still running recorded is not removed, however many builds start and end meanwhile (the
record names each running build's process; one that is gone, or ran on another machine, no
longer counts), and a reader caught by a removal finds no folder, never half of one. One
build in every ``keep_builds`` also records what the record lacks (a killed build's temporary
folder, an older layout's files), so that it goes the same way.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from .paths import write_atomically

MANIFEST = "manifest.json"
INDEX = "index.json"
USES = "uses.json"
LOCK = ".lock"


def key_of(parts: list) -> str:
    """The one key recipe: everything that shapes an entry, as JSON, hashed (32 hex digits)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def make_entry(folder: str | os.PathLike, fill: Callable[[Path], object]) -> object:
    """The entry ``folder`` made: ``fill(building)`` writes its files into a new folder beside it
    and returns its manifest, then the folder is renamed into place; another process that got
    there first wins (same key, same files). Needs nothing of the build: runs in workers."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        manifest = fill(building)
        (building / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        with suppress(OSError):  # already there: the first one stays
            os.rename(building, folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return manifest


class AssetCache:
    """One kind of entry (``images``, ``cards``, ``search``) as one build uses it: a new one
    each build, :meth:`look_up` for what it needs, :meth:`finish` once it has made it."""

    def __init__(self, root: str | os.PathLike, kind: str, keep_builds: int):
        self.folder = os.path.join(os.path.abspath(root), kind)
        self.keep_builds = keep_builds
        self.index_file = os.path.join(self.folder, INDEX)
        self.uses_file = os.path.join(self.folder, USES)
        index = _read(self.index_file) or {}
        self.stamps: dict[str, list] = index.get("sources", {})
        self.manifests: dict[str, object] = index.get("manifests", {})
        self.changed = False
        self.number = 0  # this build's, taken as it first records what it uses
        self.used: dict[str, int] = {}  # the record as this build last wrote it
        self.running: dict[str, str] = {}  # {build number: its process}, as last written

    @classmethod
    def of(cls, options: Mapping, kind: str) -> AssetCache:
        """``kind``'s cache as a plugin's settings say (``blogkit.settings.ASSET_CACHE``)."""
        return cls(options["ASSET_CACHE_PATH"], kind, options["ASSET_CACHE_KEEP_BUILDS"])

    def folder_of(self, key: str) -> str:
        return os.path.join(self.folder, _entry(key))

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

    def look_up(self, keys: Iterable[str]) -> dict[str, object]:
        """Each key's manifest, None where its entry is missing (to be made). The keys are
        recorded as this build's first, so no other build removes them meanwhile."""
        keys = list(keys)
        if keys or not self.number:
            with self._record() as used:
                used.update(dict.fromkeys(map(_entry, keys), self.number))
        return {key: self._manifest(key) for key in keys}

    @property
    def is_empty(self) -> bool:
        """Whether its memo names no entry: a cold cache, whose entries every build makes."""
        return not self.manifests

    def remember(self, key: str, manifest: object) -> None:
        """The manifest of an entry this build made (:func:`make_entry`, maybe in a worker)."""
        self.manifests[key] = manifest
        self.changed = True

    def finish(self) -> None:
        """Entries unused by the last ``keep_builds`` builds and by every build still running
        removed; the memo saved."""
        if self.number:
            with self._record() as used:
                self.running.pop(str(self.number), None)
                stale = self._stale(used)
                for entry in stale:
                    del used[entry]
                gone = self._renamed_away(stale) if stale else None
            if gone:
                shutil.rmtree(gone, ignore_errors=True)
        used = self.used
        manifests = {key: m for key, m in self.manifests.items() if _entry(key) in used}
        if self.changed or len(manifests) < len(self.manifests):
            sources = {path: stamp for path, stamp in self.stamps.items() if os.path.exists(path)}
            index = {"sources": sources, "manifests": manifests}
            write_atomically(self.index_file, json.dumps(index, sort_keys=True))
            self.changed = False

    def _manifest(self, key: str) -> object:
        folder = self.folder_of(key)
        if not os.path.isdir(folder):
            return None
        manifest = self.manifests.get(key)
        if manifest is None:  # made by another build sharing the cache
            manifest = _read(os.path.join(folder, MANIFEST))
            if manifest is not None:
                self.remember(key, manifest)
        return manifest

    @contextmanager
    def _record(self) -> Iterator[dict[str, int]]:
        """``{entry: the last build that used it}``, changed and written back under the lock;
        this build's number is taken the first time."""
        os.makedirs(self.folder, exist_ok=True)
        with open(os.path.join(self.folder, LOCK), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # let go when the file closes
            record = _read(self.uses_file) or {}
            builds, used = record.get("builds", 0), record.get("used", {})
            running = record.get("running", {})
            self.running = {number: process for number, process in running.items()
                            if number == str(self.number) or _is_running(process)}  # fmt: skip
            if not self.number:
                self.number = builds = builds + 1
                self.running[str(self.number)] = _this_process()
                if (builds - 1) % self.keep_builds == 0:
                    self._adopt(used)
            yield used
            record = {"builds": builds, "used": used, "running": self.running}
            write_atomically(self.uses_file, json.dumps(record))
            self.used = used

    def _stale(self, used: dict[str, int]) -> list[str]:
        oldest = self.number - self.keep_builds  # and before: unused by the last keep_builds
        for number in self.running:  # and by every build still running
            oldest = min(oldest, int(number) - 1)
        return [entry for entry, last in used.items() if last <= oldest]

    def _adopt(self, used: dict[str, int]) -> None:
        """Anything of the kind's folder the record lacks, recorded as used by this build."""
        for name in os.listdir(self.folder):
            path = os.path.join(self.folder, name)
            if name in (INDEX, USES, LOCK):
                continue
            inside = os.listdir(path) if len(name) == 2 and os.path.isdir(path) else None
            for entry in [f"{name}/{child}" for child in inside] if inside is not None else [name]:
                used.setdefault(entry, self.number)

    def _renamed_away(self, entries: list[str]) -> str:
        """A new folder holding ``entries``, out of every reader's way, to delete."""
        gone = tempfile.mkdtemp(prefix=".gone-", dir=self.folder)
        for number, entry in enumerate(entries):
            with suppress(FileNotFoundError):  # removed by another build, or moved into place
                os.rename(os.path.join(self.folder, entry), os.path.join(gone, str(number)))
        return gone


def _this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _is_running(process: str) -> bool:
    """Whether the build process ``host:pid`` still runs (one on another machine, whose cache
    this is a copy of, does not)."""
    host, _, pid = process.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _entry(key: str) -> str:
    """Where a key's entry is in its kind's folder (and its name in the record)."""
    return f"{key[:2]}/{key}"


def _read(path: str):
    """A JSON file's value, or None when it is missing or damaged (a memo: made again)."""
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError):
        return None
