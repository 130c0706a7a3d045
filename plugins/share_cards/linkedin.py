"""LinkedIn's link preview cuts a long title or description: the build says so, one line each.

Only what the author wrote is checked (a ``Summary:`` taken from the post's first words is
the theme's choice, not theirs), at the line of its field.
"""

from __future__ import annotations

from blogkit.html_tags import plain_text
from blogkit.problems import metadata_line, quoted, warn


def warn_if_cut(content, title_limit: int, summary_limit: int) -> None:
    """A warning for the title, and one for the summary, longer than LinkedIn shows."""
    title = str(getattr(content, "title", "") or "")
    if len(title) > title_limit:
        warn(content.source_path, cut_message("Title", title, title_limit),
             metadata_line(content.source_path, "title"))  # fmt: skip
    text = plain_text(content.metadata.get("summary") or "")  # as og:description
    if len(text) > summary_limit:
        warn(content.source_path, cut_message("Summary", text, summary_limit),
             metadata_line(content.source_path, "summary"))  # fmt: skip


def cut_message(field: str, value: str, limit: int) -> str:
    return (
        f"{field} is {len(value)} characters: LinkedIn's preview shows about {limit} "
        f"and cuts the rest ({quoted(value[limit:], 40)} is lost)"
    )
