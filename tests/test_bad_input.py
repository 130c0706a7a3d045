"""Broken posts: one line naming the file and the problem; publish stops, dev goes on."""

from __future__ import annotations

import pytest

from tests.helpers import build, settings_file

GOOD_HEADER = {
    "Title": "A Broken Post",
    "Slug": "a-broken-post",
    "Date": "2026-02-01 10:00",
    "Author": "The Editors",
    "Category": "Leadership",
    "Summary": "Broken on purpose.",
}

CASES = {
    "unparsable date": (
        {"Date": "the day after tomorrow-ish"},
        3,
        "Date 'the day after tomorrow-ish' is not a date",
    ),
    "empty title": ({"Title": ""}, 1, "Title is empty"),
    "unknown status": (
        {"Status": "publshed"},
        7,
        "Status 'publshed' is not one of published, hidden, draft, skip",
    ),
}


def write_post(content, overrides: dict) -> str:
    header = {**GOOD_HEADER, **overrides}
    text = "".join(f"{key}: {value}\n" for key, value in header.items())
    path = content / "posts" / "broken.md"
    path.write_text(text + "\nBody text.\n")
    return "content/posts/broken.md"


@pytest.mark.parametrize(("overrides", "line", "problem"), CASES.values(), ids=CASES.keys())
def test_publish_build_stops_with_one_line(content_copy, tmp_path, overrides, line, problem):
    relative = write_post(content_copy, overrides)
    output = tmp_path / "output"
    result = build(output, content=content_copy)

    assert not result.ok
    expected = f"{relative}:{line}: {problem}"
    matching = [text for text in result.output.splitlines() if text.endswith(expected)]
    assert len(matching) == 1, result.output
    assert "Traceback" not in result.output
    assert not output.exists() or not any(output.rglob("*.html")), "a stopped build wrote pages"
    assert result.problems[0].endswith(expected)


@pytest.mark.parametrize(("overrides", "line", "problem"), CASES.values(), ids=CASES.keys())
def test_dev_build_warns_and_goes_on(content_copy, tmp_path, overrides, line, problem):
    relative = write_post(content_copy, overrides)
    output = tmp_path / "output"
    result = build(output, settings="pelicanconf.py", content=content_copy)

    assert result.ok, result.output
    assert f"{relative}:{line}: {problem}" in result.output
    assert "Traceback" not in result.output
    assert (output / "network-before-you-need-it" / "index.html").is_file()
    banner = (output / "index.html").read_text()
    assert "This build has 1 problem" in banner and problem.split("'")[0] in banner


def test_publish_without_siteurl_stops_before_building(tmp_path):
    output = tmp_path / "output"
    result = build(output, env={"SITEURL": ""})
    assert not result.ok
    assert "SITEURL is empty: set it in publishconf.py or in the SITEURL environment" in (
        result.output
    )
    assert not any(output.rglob("*.html")) if output.exists() else True


def test_a_plugin_that_cannot_load_stops_a_publish_build(tmp_path):
    output = tmp_path / "output"
    plugins = '["build_guard", "blog_core", "no_such_plugin"]'
    result = build(output, extra=("-e", f"PLUGINS={plugins}"))
    assert not result.ok
    lines = [line for line in result.output.splitlines() if "no_such_plugin" in line]
    problem = "PLUGINS: the plugin 'no_such_plugin' could not be loaded (see the line above)"
    assert lines == [
        "ERROR: Cannot load plugin `no_such_plugin`: Cannot import plugin `no_such_plugin`",
        f"ERROR: {problem}",
    ]
    assert result.problems == [problem]
    assert not any(output.rglob("*.html")) if output.exists() else True


def test_a_strict_setting_that_is_not_true_or_false_is_one_line_and_never_strict(tmp_path):
    """``BUILD_GUARD_STRICT = "no"`` once made every build strict (``bool("no")``)."""
    settings = settings_file(tmp_path, "wrong", extra='BUILD_GUARD_STRICT = "no"\n')
    result = build(tmp_path / "output", settings)
    assert result.ok, result.output
    assert result.problems == ["BUILD_GUARD_STRICT is 'no': it must be True or False; using False"]
    assert "This build has 1 problem" in (tmp_path / "output" / "index.html").read_text()
