"""Progress of long work: a bar with done/total and an estimate in a terminal; one line per
stage in CI or a log. Real builds for the line; a real rich console for the bar."""

from __future__ import annotations

import io
import re
import time

from rich.console import Console

from benchmarks.synthetic_photos import phone_jpeg, photo
from blogkit.processes import run_all
from blogkit.progress import stage
from tests.helpers import build


def square(number: int) -> int:
    return number * number


def test_a_terminal_sees_done_of_total_and_time_left(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with stage("responsive_images: encoding images", 3, console) as advance:
        for _ in range(2):
            time.sleep(0.3)  # the bar is redrawn ten times a second
            advance()
        time.sleep(0.3)
        seen_while_running = screen.getvalue()
    assert "responsive_images: encoding images" in seen_while_running
    assert "2/3" in seen_while_running
    estimate = re.search(r"left \S*(\d:\d\d:\d\d)", seen_while_running.split("2/3")[-1])
    assert estimate, seen_while_running  # "-:--:--" until it can tell


def test_ci_gets_one_line_per_stage(monkeypatch, capsys):
    monkeypatch.setenv("CI", "true")
    assert run_all(square, list(range(5)), 2, None, "share_cards: drawing cards") == [
        0, 1, 4, 9, 16,
    ]  # fmt: skip
    assert capsys.readouterr().err == "share_cards: drawing cards: 5 to do\n"


def test_a_build_in_a_log_has_one_line_for_its_images_and_one_for_its_cards(content_copy, tmp_path):
    for number in range(4):
        phone_jpeg(content_copy / "images" / f"p{number}.jpg", photo(500, 400, number))
    images = "\n\n".join(f"![Photo {n}](/images/p{n}.jpg)" for n in range(4))
    (content_copy / "posts" / "photos.md").write_text(
        "Title: Photos\nSlug: photos\nDate: 2026-02-01 10:00\nAuthor: The Editors\n"
        f"Category: Leadership\nSummary: Photos.\n\n{images}\n"
    )
    fresh_assets = ("-e", f'ASSET_CACHE_PATH="{tmp_path / "assets"}"')  # so all is drawn
    result = build(tmp_path / "output", content=content_copy, cache=tmp_path / "c",
                   extra=fresh_assets)  # fmt: skip
    assert result.ok, result.output
    lines = result.output.splitlines()
    encoding = [line for line in lines if line.startswith("responsive_images: encoding")]
    drawing = [line for line in lines if line.startswith("share_cards: drawing")]
    assert len(encoding) == 1 and encoding[0].endswith(" to do"), encoding
    assert len(drawing) == 1, drawing
