"""A seeded synthetic blog for benchmarks: the same N posts, byte for byte, on every run.

Posts have realistic length and metadata (tags, categories, two authors), headings, lists,
code blocks and tables. ``write_site_data`` adds what this site's plugins read: comments,
view counts and a year of events.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from pathlib import Path

WORDS = tuple(
    re.findall(
        r"\S+",
        """network connection mentor career growth leadership team trust coffee conference meetup
        introduction follow-up community volunteer learning generation promotion resilience
        conversation colleague industry event breakfast webinar panel speaker question answer
        habit calendar relationship support goal plan project feedback idea story practice""",
    )
)
CATEGORIES = ("Career Growth", "Leadership", "Events and Community")
AUTHORS = ("The Editors", "Dana Whitfield")
TAGS = tuple(WORDS)  # word tags: plain Pelican pages "topic-3" page 3 as "topic-33"
EPOCH = datetime(2018, 1, 1, 9, 0)


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 20))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def post_body(rng: random.Random) -> str:
    """About 700 words: paragraphs under headings, a list, a code block and a table."""
    parts = [paragraph(rng), paragraph(rng)]
    for section in range(3):
        parts.append(f"## Section {section + 1}: {sentence(rng)[:-1]}")
        parts.extend(paragraph(rng) for _ in range(2))
    parts.append("\n".join(f"{n}. {sentence(rng)}" for n in range(1, 5)))
    parts.append("```python\ndef follow_up(name):\n    return f'Hi {name}, good to meet you.'\n```")
    rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} |" for _ in range(4))
    parts.append(f"| Item | Count |\n|------|-------|\n{rows}")
    parts.append(paragraph(rng))
    return "\n\n".join(parts) + "\n"


def post_slug(index: int) -> str:
    return f"synthetic-post-{index:05d}"


def write_posts(content: Path, count: int, seed: int = 2026) -> list[str]:
    """Write ``count`` posts under ``content/posts``; return their slugs."""
    rng = random.Random(seed)
    posts = content / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    slugs = []
    for index in range(count):
        slug = post_slug(index)
        date = EPOCH + timedelta(hours=7 * index)
        tags = ", ".join(sorted(set(rng.sample(TAGS, k=3))))
        header = (
            f"Title: {sentence(rng)[:-1][:70]}\nSlug: {slug}\nDate: {date:%Y-%m-%d %H:%M}\n"
            f"Author: {rng.choice(AUTHORS)}\nCategory: {rng.choice(CATEGORIES)}\nTags: {tags}\n"
            f"Summary: {sentence(rng)}\n\n"
        )
        (posts / f"{slug}.md").write_text(header + post_body(rng), encoding="utf-8")
        slugs.append(slug)
    return slugs


ZONES = ("America/New_York", "Europe/London", "Asia/Tokyo", "America/Los_Angeles")


def write_site_data(content: Path, slugs: list[str], seed: int = 2026) -> None:
    """What this site's plugins read: view counts, comments (a third of posts) and events."""
    rng = random.Random(seed)
    data = content / "data"
    data.mkdir(parents=True, exist_ok=True)
    views = "".join(f"{slug}: {rng.randint(1, 5000)}\n" for slug in slugs)
    (data / "views.yaml").write_text(views, encoding="utf-8")
    write_comments(content / "comments", slugs, rng)
    write_events(data / "events.yaml", rng)


def write_comments(folder: Path, slugs: list[str], rng: random.Random) -> None:
    """One to four comments on every third post, some of them replies."""
    for index, slug in enumerate(slugs):
        if index % 3:
            continue
        post_folder = folder / slug
        post_folder.mkdir(parents=True, exist_ok=True)
        names: list[str] = []
        for number in range(rng.randint(1, 4)):
            name = f"comment-{number:02d}"
            date = EPOCH + timedelta(hours=7 * index + 24 * (number + 1))
            reply = f"Replyto: {rng.choice(names)}\n" if names and rng.random() < 0.5 else ""
            (post_folder / f"{name}.md").write_text(
                f"Author: {rng.choice(WORDS).title()} Reader\nDate: {date:%Y-%m-%d %H:%M}\n"
                f"{reply}\n{paragraph(rng)}\n",
                encoding="utf-8",
            )
            names.append(name)


def write_events(path: Path, rng: random.Random, count: int = 52) -> None:
    """Weekly events (a year by default): timed, in four time zones, a few all-day or online;
    past the first year, with speakers, hosts and a register address too."""
    entries = []
    for week in range(count):
        start = datetime(2026, 6, 1, 18, 0) + timedelta(days=7 * week)
        entry = [f"- title: {sentence(rng)[:-1][:50]}"]
        if week % 5 == 0:
            entry.append(f"  start: {start:%Y-%m-%d}")
        else:
            entry += [f"  start: {start:%Y-%m-%d %H:%M}", f"  end: {start:%Y-%m-%d} 20:00"]
        entry.append(f"  timezone: {ZONES[week % len(ZONES)]}")
        if week % 4 == 0:
            entry.append(f"  online: https://meet.example.org/{week}")
        else:
            entry.append(f"  location: Hall {week}, Main Street {week}")
        entry.append(f"  description: {paragraph(rng)}")
        if week >= 52:
            entry += [f"  register: https://tickets.example.org/{week}",
                      f"  speakers: [{rng.choice(AUTHORS)}, {rng.choice(WORDS).title()} Speaker]",
                      f"  hosts: [{AUTHORS[0]}]"]  # fmt: skip
        entries.append("\n".join(entry))
    path.write_text("\n\n".join(entries) + "\n", encoding="utf-8")
