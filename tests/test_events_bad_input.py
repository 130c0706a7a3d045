"""A broken events file: one line each (file, line, problem); publish stops, dev goes on."""

from __future__ import annotations

import pytest

from site_tools.building import run_pelican
from tests.helpers import TEST_SITEURL, build, content_with_events

GOOD = "- title: Good Breakfast\n  start: 2026-12-01 08:00\n  end: 2026-12-01 09:00\n\n"

CASES = {
    "YAML syntax error": (
        "- title: [Unclosed\n  start: 2026-12-02\n",
        6,
        "YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']'",
    ),
    "missing title": (
        "- start: 2026-12-02\n  location: Room 1\n",
        5,
        "missing required field 'title'",
    ),
    "missing start": (
        "- title: No Start\n  location: Room 1\n",
        5,
        "missing required field 'start'",
    ),
    "unparsable date": (
        "- title: Vague\n  start: next Tuesday\n",
        6,
        "start 'next Tuesday' is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DD HH:MM)",
    ),
    "impossible date": (
        "- title: Leap\n  start: 2027-02-29\n",
        6,
        "start '2027-02-29' is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DD HH:MM)",
    ),
    "unknown time zone": (
        "- title: Gotham\n  start: 2026-12-02 10:00\n  timezone: America/Gotham\n",
        7,
        "timezone 'America/Gotham' is not a known IANA time zone (like America/New_York)",
    ),
    "end before start": (
        "- title: Backwards\n  start: 2026-12-02 10:00\n  end: 2026-12-02 09:30\n",
        7,
        "end 2026-12-02 09:30 is before start 2026-12-02 10:00",
    ),
    "unknown field": (
        "- title: Typo\n  strat: 2026-12-02\n",
        6,
        "unknown field 'strat' (did you mean 'start'?)",
    ),
    "url not http(s)": (
        "- title: Sneaky\n  start: 2026-12-02\n  url: javascript:alert(1)\n",
        7,
        "url 'javascript:alert(1)' is not an http(s) address",
    ),
    "unknown status": (
        "- title: Typo\n  start: 2026-12-02\n  status: canceled\n",
        7,
        "status 'canceled' is not one of scheduled, cancelled, postponed",
    ),
    "register not http(s)": (
        "- title: Sign Up\n  start: 2026-12-02\n  register: mailto:desk@example.org\n",
        7,
        "register 'mailto:desk@example.org' is not an http(s) address",
    ),
    "image an address": (
        "- title: Far Image\n  start: 2026-12-02\n  image: https://example.org/a.jpg\n",
        7,
        "image 'https://example.org/a.jpg' is not a local image: write the path of a JPEG, PNG, "
        "WebP or AVIF file in the content folder",
    ),
    "image not an image": (
        "- title: Notes\n  start: 2026-12-02\n  image: notes.txt\n  image_alt: Notes\n",
        7,
        "image 'notes.txt' is not a local image: write the path of a JPEG, PNG, WebP or AVIF "
        "file in the content folder",
    ),
    "image outside the content": (
        "- title: Escape\n  start: 2026-12-02\n  image: ../../secret.png\n  image_alt: x\n",
        7,
        "image '../../secret.png' is outside the content folder",
    ),
    "image without alt": (
        "- title: Mute\n  start: 2026-12-02\n  image: images/authors/the-editors.png\n",
        7,
        "image needs image_alt: what the picture shows, in words",
    ),
    "speaker not a name": (
        "- title: Talk\n  start: 2026-12-02\n  speakers: [Dana Whitfield, https://x.example]\n",
        7,
        "speakers: 'https://x.example' is not a name (one line of plain text)",
    ),
    "host a mapping": (
        "- title: Talk\n  start: 2026-12-02\n  hosts:\n    - name: Dana\n",
        7,
        "hosts: a list or mapping is not a name (one line of plain text)",
    ),
    "listed twice": (
        "- title: Good Breakfast\n  start: 2026-12-01 08:00\n",
        5,
        "event 'Good Breakfast' on 2026-12-01 is listed twice (first on line 1)",
    ),
}


def assert_stopped_with_one_line(result, output, expected: str) -> None:
    assert not result.ok
    assert result.stopped
    matching = [line for line in result.output.splitlines() if line.endswith(expected)]
    assert len(matching) == 1, result.output
    assert result.problems[-1] == expected
    assert "Traceback" not in result.output
    assert not output.exists() or not any(output.rglob("*.html")), "a stopped build wrote pages"
    assert not output.exists() or not any(output.rglob("*.ics"))


@pytest.mark.parametrize(("broken", "line", "problem"), CASES.values(), ids=CASES.keys())
def test_publish_build_stops_with_file_line_and_problem(tmp_path, broken, line, problem):
    content = content_with_events(tmp_path, GOOD + broken)
    output = tmp_path / "output"
    result = build(output, content=content)
    assert_stopped_with_one_line(result, output, f"{content}/data/events.yaml:{line}: {problem}")


def test_dev_build_shows_the_problem_and_keeps_the_other_events(tmp_path):
    content = content_with_events(tmp_path, GOOD + CASES["unknown field"][0])
    output = tmp_path / "output"
    result = build(output, settings="pelicanconf.py", content=content)
    expected = f"{content}/data/events.yaml:6: unknown field 'strat' (did you mean 'start'?)"
    assert result.ok, result.output
    assert result.problems == [expected]
    events_page = (output / "events" / "index.html").read_text()
    assert "Good Breakfast" in events_page and "Typo" not in events_page
    assert expected.split(": ", 1)[1].replace("'", "&#39;") in events_page  # the red box


def test_a_post_about_no_event_is_its_file_and_line(tmp_path):
    content = content_with_events(tmp_path, GOOD)
    post = content / "posts" / "about-nothing.md"
    post.write_text("Title: About Nothing\nDate: 2026-10-05 10:00\nAuthor: The Editors\n"
                    "Event: 2026-12-01-good-breakfst\n\nText.\n")  # fmt: skip
    output = tmp_path / "output"
    result = build(output, content=content)
    assert_stopped_with_one_line(
        result, output,
        f"{post}:4: Event: '2026-12-01-good-breakfst' names no event in data/events.yaml (write "
        "the event's address: its start date and title, as in /events/<anchor>/)",
    )  # fmt: skip
    dev = build(tmp_path / "dev", settings="pelicanconf.py", content=content)
    assert dev.ok and len(dev.problems) == 1
    assert (tmp_path / "dev" / "about-nothing" / "index.html").is_file()


def test_a_speaker_without_a_profile_is_no_problem(tmp_path):
    talk = "- title: Talk\n  start: 2026-12-02\n  speakers: [Someone Unlisted]\n"
    output = tmp_path / "output"
    result = build(output, content=content_with_events(tmp_path, GOOD + talk))
    assert result.ok and result.problems == [], result.output
    assert "Someone Unlisted" in (output / "events" / "2026-12-02-talk" / "index.html").read_text()


def test_every_broken_event_is_reported_at_once(tmp_path):
    broken = CASES["missing title"][0] + CASES["unknown status"][0] + CASES["url not http(s)"][0]
    content = content_with_events(tmp_path, GOOD + broken)
    result = build(tmp_path / "output", content=content)
    path = f"{content}/data/events.yaml"
    assert not result.ok and result.stopped
    assert result.problems == [
        f"{path}:5: missing required field 'title'",
        f"{path}:9: status 'canceled' is not one of scheduled, cancelled, postponed",
        f"{path}:12: url 'javascript:alert(1)' is not an http(s) address",
    ]


def test_events_file_setting_takes_an_absolute_path(tmp_path):
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("- title: From Elsewhere\n  start: 2027-06-01\n")
    output = tmp_path / "output"
    result = run_pelican(
        "publishconf.py",
        output,
        "--extra-settings",
        f'EVENTS_FILE="{elsewhere}"',
        "--cache-path",
        str(tmp_path / "cache"),
        env={"SITEURL": TEST_SITEURL, "SOURCE_DATE_EPOCH": "1795521600"},
    )
    assert result.ok, result.output
    assert (output / "events" / "2027-06-01-from-elsewhere.ics").is_file()
    assert "From Elsewhere" in (output / "events" / "index.html").read_text()


def test_a_wrong_setting_is_one_log_line_and_the_default(tmp_path):
    output = tmp_path / "output"
    result = run_pelican(
        "pelicanconf.py",
        output,
        "--extra-settings",
        'EVENTS_ON_HOME="three"',
        "--cache-path",
        str(tmp_path / "cache"),
        env={"SOURCE_DATE_EPOCH": "1795521600"},
    )
    assert result.ok, result.output
    assert result.problems == ["EVENTS_ON_HOME is 'three': it must be a whole number; using 3"]
    assert "Traceback" not in result.output
    home = (output / "index.html").read_text()
    assert home.count('<li data-end="') == 3
