"""How much comments cost a build: the site with N comments against the same site without.

Run: python3 -m benchmarks.comments_build [N]. Prints both build times (best of 3) and their ratio;
a ratio, not seconds, so that it means the same on any machine. Not run by pytest.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from site_tools.building import run_pelican  # noqa: E402

ENV = {"SITEURL": "https://blog.example.org", "SOURCE_DATE_EPOCH": "1795521600"}
SLUGS = [
    "network-before-you-need-it",
    "sample-mentoring-circles-that-last",
    "sample-twenty-minute-coffee-chats",
    "sample-asking-for-introductions",
]


def add_comments(content: Path, count: int) -> None:
    """``count`` comments over four posts, every third one a reply, bodies with some Markdown."""
    for number in range(count):
        slug = SLUGS[number % len(SLUGS)]
        folder = content / "comments" / slug
        folder.mkdir(parents=True, exist_ok=True)
        replyto = f"Replyto: c{number - len(SLUGS):04d}\n" if number % 3 == 2 else ""
        (folder / f"c{number:04d}.md").write_text(
            f"Author: Reader {number}\nDate: 2026-01-{1 + number % 28:02d} 10:{number % 60:02d}\n"
            f"{replyto}\nA **thoughtful** reply with a [link](https://example.com/{number}).\n\n"
            "- one point\n- another point\n"
        )


def best_build_seconds(content: Path, scratch: Path) -> float:
    times = []
    for attempt in range(3):
        output = scratch / f"out-{attempt}"
        start = time.perf_counter()
        cache = str(scratch / f"cache-{content.name}")
        result = run_pelican(
            "publishconf.py", output, "--cache-path", cache, env=ENV, content=str(content)
        )
        times.append(time.perf_counter() - start)
        if not result.ok:
            raise SystemExit(result.output)
        shutil.rmtree(output)
    return min(times)


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        plain = scratch / "plain"
        shutil.copytree(ROOT / "content", plain)
        commented = scratch / "commented"
        shutil.copytree(ROOT / "content", commented)
        add_comments(commented, count)
        without = best_build_seconds(plain, scratch)
        with_comments = best_build_seconds(commented, scratch)
    print(f"build without comments: {without:.2f} s")
    print(f"build with {count} comments: {with_comments:.2f} s")
    print(f"ratio: {with_comments / without:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
