"""Templates present; they do not compare data values or compute (README,
"Architecture"; docs/theme.md).

Every template of the theme is parsed by Jinja and each expression in it is checked: what a
page shows is decided in Python (blog_core, or the plugin that owns the data) and attached to
posts and the context, or passed through one of blog_core's presenter filters. Joining text
with `~` computes too (a title from its parts, an address from SITEURL and a post's URL): every
page's head, title and canonical address included, is composed in Python (blog_core's head.py).
"""

from __future__ import annotations

import pytest
from jinja2 import Environment, nodes

from blog_core.filters import FILTERS
from blog_core.head import HEAD_FILTERS
from blog_core.listings import listing_filters
from tests.helpers import ROOT

TEMPLATES = ROOT / "theme" / "templates"

# The only comparisons allowed: which link of the navigation is the page being rendered
# (aria-current). That is a fact about the page Pelican is writing, which only the template
# being rendered knows (page_name, category and page are Pelican's per-page values), not a
# value of the site's data.
CURRENT_PAGE_LINKS = {
    ("partials/header.html", "page_name == 'index'"),
    ("partials/header.html", "category == cat"),
    ("partials/header.html", "page_name == 'archives'"),
    ("partials/header.html", "page_name == 'events'"),
    ("partials/header.html", "page == p"),
}
# Filters are presenters written in Python (blog_core's) and Jinja's `safe` (HTML that a plugin
# already sanitized). `default` is not one: it decides what a page shows when a value is missing.
PRESENTING_FILTERS = {"safe", *FILTERS, *listing_filters({}), *HEAD_FILTERS}
# Functions a template may call: a theme script (blog_core), the parent block, a recursive loop.
CALLABLE = {"inline_script", "inline_style", "super", "loop"}
OPERATORS = {"eq": "==", "ne": "!=", "gt": ">", "gteq": ">=", "lt": "<", "lteq": "<=",
             "in": "in", "notin": "not in"}  # fmt: skip
# `and`, `or` and `not` may choose what to show (in an `if`), never compute a value to show.
LOGIC = (nodes.And, nodes.Or, nodes.Not)
COMPUTING = (nodes.BinExpr, nodes.UnaryExpr, nodes.Getitem, nodes.Slice, nodes.CondExpr,
             nodes.Test, nodes.Concat)  # fmt: skip


def source(node: nodes.Node) -> str:
    """The expression as it is written, enough to name it in a message or the allowlist."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{source(node.node)}.{node.attr}"
    if isinstance(node, nodes.Compare):
        parts = [f"{OPERATORS[op.op]} {source(op.expr)}" for op in node.ops]
        return " ".join([source(node.expr), *parts])
    return type(node).__name__


def conditions(tree: nodes.Template) -> set[int]:
    """Nodes inside an ``if`` test: there `and`/`or`/`not` only choose what to show."""
    inside = set()
    for branch in tree.find_all(nodes.If):
        inside.update(id(node) for node in branch.test.find_all(nodes.Expr))
        inside.add(id(branch.test))
    return inside


def problems(name: str, text: str) -> list[str]:
    """Each comparison or computation in one template, as ``name:line: what``."""
    tree = Environment().parse(text)
    in_condition = conditions(tree)
    found = []
    for node in tree.find_all(nodes.Expr):
        what = None
        if isinstance(node, nodes.Compare):
            if (name, source(node)) not in CURRENT_PAGE_LINKS:
                what = f"compares {source(node)}"
        elif isinstance(node, LOGIC):
            if id(node) not in in_condition:
                what = f"computes a value with {type(node).__name__.lower()}"
        elif isinstance(node, COMPUTING):
            what = f"computes ({type(node).__name__})"
        elif isinstance(node, nodes.Filter) and node.name not in PRESENTING_FILTERS:
            what = f"computes with the filter {node.name}"
        elif isinstance(node, nodes.Call) and not (
            isinstance(node.node, nodes.Name) and node.node.name in CALLABLE
        ):
            what = f"calls {source(node.node)}"
        if what:
            found.append(f"{name}:{node.lineno}: {what}")
    return found


def theme_templates() -> dict[str, str]:
    return {
        path.relative_to(TEMPLATES).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
    }


def test_the_theme_has_templates_to_check():
    names = theme_templates()
    assert {"base.html", "archive_list.html", "partials/head_meta.html", "robots.txt"} <= set(names)


def test_no_template_compares_or_computes_data():
    found = [line for name, text in theme_templates().items() for line in problems(name, text)]
    assert found == []


def test_only_the_current_page_links_are_compared():
    """The allowlist names comparisons that exist: a link that goes does not leave it stale."""
    header = theme_templates()["partials/header.html"]
    tree = Environment().parse(header)
    compared = {("partials/header.html", source(node)) for node in tree.find_all(nodes.Compare)}
    assert compared == CURRENT_PAGE_LINKS


# What the theme's templates computed before blog_core's presenters, one line each.
COMPUTED_BEFORE = {
    "{% for year, posts in dates | groupby('date.year') | reverse %}{% endfor %}": "groupby",
    "{% for item in posts | sort(attribute='date', reverse=True) %}{% endfor %}": "sort",
    "{{ YEAR_ARCHIVE_URL.format(date=posts[0].date) }}": "calls YEAR_ARCHIVE_URL.format",
    "{{ period | reverse | join(' ') }}": "reverse",
    "{% set t = SITENAME if articles_page.number == 1 else 'Page' %}": "CondExpr",
    "{% if articles_paginator.num_pages > 1 %}{% endif %}": "compares",
    '{% if article and article.status == "draft" %}{% endif %}': "compares",
    "{% if item.modified != item.date %}{% endif %}": "compares",
    "{% if item.view_count is number %}{% endif %}": "Test",
    "{% if 'copy' in SHARE_LINKS %}{% endif %}": "compares",
    "{{ term_articles | length }}": "length",
    "{{ DEFAULT_LANG | replace('-', '_') }}": "replace",
    "{{ (item.modified or item.date) | isoformat }}": "computes a value with or",
    "{{ articles[0].date }}": "Getitem",
    "{{ loop.index0 + 1 }}": "Add",
    "{{ SITEURL ~ '/' ~ article.url }}": "Concat",
    "{% set head_title = article.title ~ ' · ' ~ SITENAME %}": "Concat",
    "{{ head_description | default(SITEDESCRIPTION) }}": "filter default",
}


@pytest.mark.parametrize("line", COMPUTED_BEFORE)
def test_the_check_finds_what_templates_used_to_compute(line):
    found = problems("example.html", line)
    assert any(COMPUTED_BEFORE[line] in problem for problem in found), found
