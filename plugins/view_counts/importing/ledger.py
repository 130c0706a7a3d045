"""What the import tasks already counted, so that importing again changes nothing.

A JSON file beside the counts (``VIEW_COUNTS_LEDGER``). It holds no IP address and no
visitor key: only fingerprints of imported files, how far each was read, what each
contributed, and the last totals taken from each analytics API.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field

from blogkit.paths import write_atomically
from blogkit.problems import quoted

VERSION = 1


class LedgerError(ValueError):
    """A ledger the import tasks cannot read: one line naming it."""


@dataclass
class LogEntry:
    """One access log as far as it was read: recognised by its first line, not its name,
    so that ``access.log`` renamed to ``access.log.1`` and gzipped is the same log."""

    name: str
    first_line: str  # sha256 of the first line
    size: int  # bytes (uncompressed) read and counted so far, ending at a line end
    digest: str  # sha256 of those bytes
    counted: dict[str, int] = field(default_factory=dict)


@dataclass
class ExportEntry:
    """One analytics export file, by the sha256 of its content."""

    source: str
    name: str
    digest: str
    counted: dict[str, int] = field(default_factory=dict)


@dataclass
class Ledger:
    logs: list[LogEntry] = field(default_factory=list)
    exports: list[ExportEntry] = field(default_factory=list)
    # Per-hit exports (GoatCounter CSV): hits up to this instant were counted.
    counted_until: dict[str, str] = field(default_factory=dict)
    # API snapshots: {"goatcounter https://x.goatcounter.com": {"since": ..., "counts": {...}}}.
    snapshots: dict[str, dict] = field(default_factory=dict)
    # Changes being written to the counts file, and the sha256 the file has once they are.
    pending: dict | None = None

    def log_for(self, first_line: str) -> LogEntry | None:
        return next((entry for entry in self.logs if entry.first_line == first_line), None)

    def export_for(self, digest: str) -> ExportEntry | None:
        return next((entry for entry in self.exports if entry.digest == digest), None)


def load(path: str) -> Ledger:
    """The ledger at ``path`` (empty when there is none); a damaged one is a LedgerError."""
    if not os.path.exists(path):
        return Ledger()
    try:
        with open(path, encoding="utf-8") as source:
            raw = json.load(source)
    except json.JSONDecodeError as error:
        raise LedgerError(f"{path}:{error.lineno}: not JSON: {error.msg}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise LedgerError(f"{path}: cannot be read: {quoted(error)}") from None
    try:
        return Ledger(
            logs=[LogEntry(**entry) for entry in raw.get("logs", [])],
            exports=[ExportEntry(**entry) for entry in raw.get("exports", [])],
            counted_until=raw.get("counted_until", {}),
            snapshots=raw.get("snapshots", {}),
            pending=raw.get("pending"),
        )
    except (TypeError, AttributeError):  # edited by hand: better stop than guess
        raise LedgerError(f"{path}: not a ledger the import tasks wrote") from None


def save(path: str, ledger: Ledger) -> None:
    text = json.dumps({"version": VERSION, **asdict(ledger)}, indent=1, sort_keys=True)
    write_atomically(path, text + "\n")


def digest(data: bytes) -> str:
    """The sha256 the ledger records of imported bytes."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str) -> str:
    """The sha256 of a file's content, read in blocks (an export or the counts file)."""
    sha256 = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            sha256.update(block)
    return sha256.hexdigest()
