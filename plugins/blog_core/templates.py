"""Compiled templates shared by every generator's Jinja environment in one build."""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class SharedTemplateCode(BytecodeCache):
    """Template bytecode kept in memory for the length of one build.

    Pelican gives each generator its own Jinja environment, so ``base.html`` and every
    partial would be compiled again for the articles, the pages, the events page and the
    template pages. With this cache each template is compiled once per build. Jinja checks
    each entry against its template's source, so an edited template is compiled afresh.
    """

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def share_compiled_templates(pelican) -> None:
    """Before any generator exists; a site that sets its own ``bytecode_cache`` keeps it."""
    pelican.settings["JINJA_ENVIRONMENT"].setdefault("bytecode_cache", SharedTemplateCode())
