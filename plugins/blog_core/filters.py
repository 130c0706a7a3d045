"""Jinja filters and the labels presenters build: templates never format data by hand."""

from __future__ import annotations

import json

from markupsafe import Markup

from blogkit.lazy import resolved

# Characters that could end a <script> element or an HTML comment early, or that
# JavaScript treats as line breaks; JSON allows each escaped as \\uXXXX.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(data) -> Markup:
    """JSON that is safe inside ``<script type="application/ld+json">`` whatever it holds."""
    text = json.dumps(resolved(data), ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return Markup(text.translate(_SCRIPT_SAFE))


def isoformat(value) -> str:
    """ISO 8601 for ``<time datetime>`` and structured data."""
    return value.isoformat()


FILTERS = {"script_json": script_json, "isoformat": isoformat}
