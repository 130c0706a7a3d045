"""Files written from input (a slug, a thread link, a post name) stay inside their folder."""

from __future__ import annotations

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
