"""Files written safely: paths built from input (a slug, a thread link, a post name) stay
inside their folder, and a file is replaced whole or not at all."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .problems import quoted


class OutsideFolder(ValueError):
    """A path built from input would leave its folder: one line, nothing written."""


def inside(folder: Path, *parts: str) -> Path:
    """``folder/parts...``, resolved; refused when it would lie outside ``folder``."""
    base = Path(folder).resolve()
    target = base.joinpath(*parts).resolve()
    if target == base or not target.is_relative_to(base):
        name = quoted("/".join(str(part) for part in parts))
        raise OutsideFolder(f"{name} would be written outside {folder}: refused")
    return target


def write_atomically(path: str | os.PathLike, data: str | bytes) -> None:
    """Replace ``path`` in one step: written under a name of its own beside it, then renamed,
    so a reader (or another process writing it at the same time) never sees half a file."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    temporary = f"{path}.{os.urandom(8).hex()}.tmp"
    try:
        with open(temporary, "xb") as target:  # the usual permissions, as a plain write
            target.write(data.encode() if isinstance(data, str) else data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
