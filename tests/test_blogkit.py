"""blogkit, the package every plugin shares: its checks behave the same for every caller."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import jinja2
import pytest

from blogkit import datafile, lazy, paths, processes, settings, slugs, web
from blogkit.problems import PROBLEMS, ContentError, format_problem, quoted, report, warn
from tests.helpers import ROOT

BILLION_LAUGHS = "".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10)]
)


def read_text(tmp_path: Path, text: str | bytes):
    path = tmp_path / "data.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return datafile.read(str(path))


def problem_of(tmp_path: Path, text: str | bytes) -> str:
    with pytest.raises(ContentError) as caught:
        read_text(tmp_path, text)
    return str(caught.value.problem.line) + ": " + caught.value.problem.message


def test_values_keep_their_text_type_and_line(tmp_path):
    root = read_text(tmp_path, "title: Breakfast\nstart: 09:00\ncount: 1_234\ntags: [a, b]\n")
    pairs = {key.value: value for key, value in root.pairs}
    assert pairs["start"] == datafile.Scalar("09:00", "str", 2)  # never minutes since midnight
    assert (pairs["count"].kind, pairs["count"].line) == ("int", 3)
    assert datafile.plain(pairs["tags"]) == ["a", "b"]


def test_a_file_read_again_is_parsed_again_only_when_its_text_changed(tmp_path):
    first = read_text(tmp_path, "a: 1\nb: 2\n")
    assert read_text(tmp_path, "a: 1\nb: 2\n") is first
    changed = read_text(tmp_path, "a: 1\nb: 3\n")
    assert changed is not first and changed.pairs[1][1].value == "3"
    for _ in range(2):  # a broken text is a problem each time it is read
        assert problem_of(tmp_path, "a: [1\n").startswith("2: YAML syntax error")
    assert read_text(tmp_path, "a: 1\nb: 2\n") is first


def test_a_byte_order_mark_is_read_like_plain_utf8(tmp_path):
    with_bom = read_text(tmp_path, "\ufeffkey: café\n")
    assert datafile.plain(with_bom) == {"key": "café"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: [1, 2\nb: 3\n",
            "2: YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']'",
        ),
        (
            "a: 1\n---\nb: 2\n",
            "2: YAML syntax error: expected a single document in the stream "
            "but found another document",
        ),
        ("a: &x 1\nb: *x\n", "2: an alias (*x) repeats another value: write it out"),
        (
            "a: !!python/object:os.system 1\n",
            "1: the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed in a data file",
        ),
        ("a: !local 1\n", "1: the tag '!local' is not allowed in a data file"),
        ("[" * 40 + "]" * 40, "1: nested deeper than 32 levels"),
        (b"a: 1\nb: caf\xe9\n", "2: is not UTF-8 text"),
    ],
)
def test_each_problem_is_one_line_with_its_line(tmp_path, text, expected):
    assert problem_of(tmp_path, text) == expected


def test_a_billion_laughs_file_is_refused_at_its_first_alias_at_once(tmp_path):
    path = tmp_path / "views.yaml"
    path.write_text(BILLION_LAUGHS)
    script = (
        "from blogkit import datafile\nfrom blogkit.problems import ContentError\n"
        f"try:\n    datafile.read({str(path)!r})\nexcept ContentError as error:\n    print(error)\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=10, check=True
    )
    assert time.monotonic() - started < 10
    assert done.stdout.strip().endswith(
        "views.yaml:2: an alias (*a0) repeats another value: write it out"
    )


def test_a_huge_value_is_refused_and_quoted_short(tmp_path):
    message = problem_of(tmp_path, "key: " + "x" * 50_000 + "\n")
    assert message.startswith("1: a value longer than 10,000 characters: 'xxxx")
    assert message.endswith("… (50,000 characters)") and len(message) < 200


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(datafile, "MAX_BYTES", 1_000)
    assert "a data file may hold 1,000" in problem_of(tmp_path, "k: v\n" * 400)


def test_quoted_cuts_long_values():
    assert quoted("short") == "'short'"
    assert quoted("y" * 200) == repr("y" * 80) + "… (200 characters)"


def test_a_settings_problem_is_the_message_alone():
    assert (
        format_problem("", "X is 1: it must be text; using ''")
        == "X is 1: it must be text; using ''"
    )


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://example.org/a?b=c", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("https://exa mple.org", False),
        ("https://example.org/\nx", False),
        ("https://example.org/\x7f", False),
        ("ftp://example.org", False),
        ("https://", False),
        ("//example.org", False),
    ],
)
def test_one_web_address_check(value, ok):
    assert web.is_web_url(value) is ok
    assert (web.web_url_problem("url", value) is None) is ok


def test_slugs_are_pelicans_own():
    assert slugs.slugify("Q&A: Café Networking in Zürich") == "qa-cafe-networking-in-zurich"
    assert slugs.slugify("Hello World", {"SLUGIFY_PRESERVE_CASE": True}) == "Hello-World"


@pytest.mark.parametrize("text", ["../../x", "a/b", "/etc", ".hidden", "", "a b", "-x"])
def test_a_slug_that_is_not_plain_is_refused_in_one_line(text):
    with pytest.raises(ValueError) as caught:
        slugs.plain_slug(text, "post slug")
    assert str(caught.value) == (
        f"post slug {text!r} is not a plain slug (letters, digits, '-' and '_' only)"
    )


@pytest.mark.parametrize("parts", [("..", "x"), ("a", "..", "..", "x"), ("/etc/passwd",), (".",)])
def test_a_path_outside_its_folder_is_refused(tmp_path, parts):
    folder = tmp_path / "comments"
    with pytest.raises(paths.OutsideFolder, match="would be written outside"):
        paths.inside(folder, *parts)


def test_a_path_inside_its_folder_is_resolved(tmp_path):
    assert paths.inside(tmp_path, "post", "c.md") == (tmp_path / "post" / "c.md").resolve()


def test_a_setting_that_is_not_valid_is_one_problem_and_its_fallback():
    table = {
        "COUNT": settings.Setting(3, "a whole number", settings.whole_number),
        "MODE": settings.Setting("hide", "one of hide, zero", settings.one_of("hide", "zero")),
        "WORKERS": settings.Setting(
            None, "a number or None", settings.optional(settings.whole_number), fallback=0
        ),
    }
    PROBLEMS.clear()
    values = settings.plugin_settings({"COUNT": "three", "MODE": "zero", "WORKERS": True}, table)
    assert values == {"COUNT": 3, "MODE": "zero", "WORKERS": 0}
    assert [str(p) for p in PROBLEMS.errors] == [
        "COUNT is 'three': it must be a whole number; using 3",
        "WORKERS is True: it must be a number or None; using 0",
    ]
    PROBLEMS.clear()


def test_held_problem_lines_are_logged_in_order_when_released(caplog):
    """A staged build logs its problems once the open page is written; none is lost."""
    PROBLEMS.clear()
    PROBLEMS.hold()
    with caplog.at_level(logging.WARNING, logger="blogkit.problems"):
        warn("a.md", "first", 2)
        report("b.md", "second")
        assert caplog.messages == []
        assert [str(p) for p in PROBLEMS.problems] == ["a.md:2: first", "b.md: second"]
        PROBLEMS.release()
        assert caplog.messages == ["a.md:2: first", "b.md: second"]
        warn("c.md", "third")
        assert caplog.messages[-1] == "c.md: third"
        PROBLEMS.hold()
        warn("d.md", "fourth")
        PROBLEMS.clear()  # the next build starts: what was held is logged first
        assert caplog.messages[-1] == "d.md: fourth"
    assert PROBLEMS.held is None


@pytest.mark.parametrize("value", [True, False])
def test_a_switch_is_true_or_false(value):
    table = {"ON": settings.switch(not value)}
    PROBLEMS.clear()
    assert settings.plugin_settings({"ON": value}, table) == {"ON": value}
    assert PROBLEMS.errors == []


@pytest.mark.parametrize("value", [1, 0, "no", "yes", None, "False"])
def test_anything_else_for_a_switch_is_one_line_and_the_default(value):
    """The one boolean rule: ``"no"`` once turned strict builds on (``bool("no")``), and
    ``one_of(True, False)`` accepted ``1`` and ``0``."""
    table = {"BUILD_GUARD_STRICT": settings.switch(False)}
    PROBLEMS.clear()
    assert settings.plugin_settings({"BUILD_GUARD_STRICT": value}, table) == {
        "BUILD_GUARD_STRICT": False
    }
    assert [str(p) for p in PROBLEMS.errors] == [
        f"BUILD_GUARD_STRICT is {value!r}: it must be True or False; using False"
    ]
    PROBLEMS.clear()


def test_one_of_takes_the_choice_itself_not_a_value_equal_to_it():
    choose = settings.one_of(0, 1, "hide")
    assert choose(0) and choose(1) and choose("hide")
    assert not choose(False) and not choose(True) and not choose(1.0)


def test_site_settings_are_read_as_a_build_reads_them(tmp_path):
    read = settings.read_site_settings(
        ROOT / "publishconf.py", env={"SITEURL": "https://x.example/"}
    )
    assert read["SITEURL"] == "https://x.example"
    assert read["BUILD_GUARD_STRICT"] is True
    assert read["PATH"] == str(ROOT / "content")
    again = settings.read_site_settings(
        ROOT / "publishconf.py", env={"SITEURL": "https://y.example"}
    )
    assert again["SITEURL"] == "https://y.example"  # not a stale copy of pelicanconf/publishconf


def test_a_broken_settings_file_is_one_line(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("SITENAME = 'x'\nTHIS IS NOT PYTHON\n")
    with pytest.raises(settings.SettingsError, match=r"^broken\.py: SyntaxError: "):
        settings.read_site_settings(broken)


FOLDERS = [("cards", True), ("media/cards", True), ("../cards", False), ("/tmp/cards", False),
           ("a/../../b", False), ("", False), (3, False)]  # fmt: skip


@pytest.mark.parametrize(("value", "valid"), FOLDERS)
def test_an_output_folder_stays_inside_the_output(value, valid):
    assert settings.output_folder(value) is valid


def cube_or_die(number: int) -> int:
    """A job for run_all's workers: -1 kills its worker, as a native crash or the OOM killer."""
    if number == -1:
        os._exit(1)
    return number**3


def test_jobs_sent_in_batches_come_back_each_in_its_place():
    jobs = list(range(11))  # batches of 4, 4 and 3 over two workers
    assert processes.run_all(cube_or_die, jobs, 2, None, batch=4) == [n**3 for n in jobs]


def test_a_worker_that_dies_marks_its_jobs_crashed_and_the_rest_keep_their_results():
    jobs = [1, 2, 3, 4, -1, 5, 6, 7]
    results = processes.run_all(cube_or_die, jobs, 2, "crashed", batch=2)
    assert len(results) == len(jobs) and results[4] == "crashed"
    assert all(result in (job**3, "crashed") for job, result in zip(jobs, results, strict=True))


def test_a_deferred_value_is_worked_out_once_when_first_read_and_reads_as_the_value():
    made = []

    def make() -> dict:
        made.append(1)
        return {"name": "Ada", "links": ["a", "b"]}

    head, empty = lazy.Deferred(make), lazy.Deferred(list)
    assert made == []  # nothing until a page reads it
    page = jinja2.Template(
        "{{ head.name }}|{% for link in head.links %}{{ link }}{% endfor %}|"
        "{% if head %}shown{% endif %}{% if empty %}never{% endif %}"
    )
    assert page.render(head=head, empty=empty) == "Ada|ab|shown"
    assert made == [1] and lazy.resolved(head) == {"name": "Ada", "links": ["a", "b"]}
    assert lazy.resolved("plain") == "plain"


def test_either_of_two_values_is_worked_out_only_when_read_if_one_is_deferred():
    """A page's own card or the site's: neither card is looked up until a page shows one."""
    made = []

    def card(value):
        return lambda: made.append(value) or value

    assert lazy.either(None, "site") == "site" and lazy.either("own", "site") == "own"
    own_or_site = lazy.either(lazy.Deferred(card(None)), lazy.Deferred(card("site")))
    assert made == []
    assert (
        jinja2.Template("{% if image %}{{ image.upper() }}{% endif %}").render(image=own_or_site)
        == "SITE"
    )
    assert made == [None, "site"]
    assert lazy.resolved(lazy.either(lazy.Deferred(card("own")), "site")) == "own"
