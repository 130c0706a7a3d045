"""What a build wrote in its output folder, and removing what the last build no longer writes.

A full build into an empty folder holds only what it wrote. A build into a folder that an
earlier build filled also holds what that build wrote for a post since deleted, a tag no
longer used or a page of a list that got shorter. The dev server's builder records every file
its process opens for writing below the output folder (an audit hook: Pelican's writer, its
static files and every plugin's own writes alike) and, once a rebuild is complete, removes what
the previous complete build wrote and this one did not: the folder is then what a fresh full
build would have written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

WRITING = os.O_WRONLY | os.O_RDWR
# Audit events that create a file at their second argument.
CREATING = {"os.rename", "os.replace", "os.link", "os.symlink"}


class WrittenFiles:
    """Files this process writes below ``root`` while recording, relative to ``root``.

    Also which of them generators that write their files themselves wrote, this time and the
    time before: what to ask such a generator for before planning anything else.
    """

    def __init__(self, root: Path):
        self.root = os.path.abspath(root) + os.sep  # as Pelican joins its output paths
        self.paths: set[str] = set()
        self.by_generators: set[str] = set()
        self.by_generators_before: set[str] = set()
        self.recording = False
        sys.addaudithook(self._audit)

    def start(self) -> None:
        self.paths = set()
        self.by_generators_before, self.by_generators = self.by_generators, set()
        self.recording = True

    def run_generator(self, output: Callable[[], object]) -> None:
        """Run a generator's own output, noting the files it writes."""
        before = set(self.paths)
        output()
        self.by_generators |= self.paths - before

    def stop(self) -> set[str]:
        self.recording = False
        return self.paths

    def _audit(self, event: str, args: tuple) -> None:
        if not self.recording:
            return
        if event == "open" and isinstance(args[2], int) and args[2] & WRITING:
            self._note(args[0])
        elif event in CREATING:
            self._note(args[1])

    def _note(self, path) -> None:
        if isinstance(path, int):  # a file descriptor, already noted when it was opened
            return
        absolute = os.path.abspath(os.fsdecode(path))
        if absolute.startswith(self.root):
            self.paths.add(absolute[len(self.root) :])


def files_below(root: Path, retained: Iterable[str] = ()) -> set[str]:
    """Every file below ``root`` (relative paths), less the top-level names kept by Pelican."""
    kept = set(retained)
    found = set()
    for folder, subfolders, files in os.walk(root):
        relative = os.path.relpath(folder, root)
        if relative == os.curdir:
            subfolders[:] = [name for name in subfolders if name not in kept]
            files = [name for name in files if name not in kept]
        found.update(os.path.normpath(os.path.join(relative, name)) for name in files)
    return found


def remove(root: Path, stale: Iterable[str]) -> None:
    """Delete ``stale`` files below ``root``, then the folders that leaves empty."""
    for relative in stale:
        path = root / relative
        path.unlink(missing_ok=True)
        for folder in path.parents:
            if folder == root or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()
