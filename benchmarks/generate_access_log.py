"""Write a synthetic nginx/Apache combined access log of a given size, the same for a seed.

    python3 -m benchmarks.generate_access_log /tmp/access.log --size 1G [--seed 1]

Each day has about ``--lines-per-day`` requests, so a bigger log means more days, not busier
days (memory of the importer should then stay flat). The mix: post pages in all their URL
shapes, assets, feeds, the home page, 404s and redirects, bots, malformed lines.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta

POSTS = 1000
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "python-requests/2.32.3",
]
ASSETS = ["/theme/css/main.css", "/theme/favicon.svg", "/images/cover.jpg", "/robots.txt"]
OTHER = ["/", "/feeds/all.atom.xml", "/feeds/all.rss.xml", "/tag/networking/", "/archives/"]


def post_path(rng: random.Random) -> str:
    slug = f"post-{rng.randrange(POSTS):04d}"
    shape = rng.random()
    if shape < 0.7:
        return f"/{slug}/"
    if shape < 0.8:
        return f"/{slug}"
    if shape < 0.9:
        return f"/{slug}/index.html"
    return f"/{slug}/?utm_source=linkedin&utm_medium=social"


def request(rng: random.Random) -> tuple[str, int, str]:
    kind = rng.random()
    if kind < 0.35:
        return post_path(rng), 200 if rng.random() < 0.9 else 304, rng.choice(BROWSERS)
    if kind < 0.75:
        return rng.choice(ASSETS), 200, rng.choice(BROWSERS)
    if kind < 0.85:
        return rng.choice(OTHER), 200, rng.choice(BROWSERS)
    if kind < 0.95:
        return post_path(rng), 200, rng.choice(BOTS)
    if kind < 0.98:
        return f"/wp-login.php?{rng.randrange(10**6)}", 404, rng.choice(BROWSERS)
    return f"/post-{rng.randrange(POSTS):04d}", 301, rng.choice(BROWSERS)


def generate(path: str, size: int, seed: int, lines_per_day: int) -> None:
    rng = random.Random(seed)
    visitors = [
        f"{rng.randrange(1, 224)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}"
        for _ in range(5000)
    ]
    written, day = 0, date(2025, 1, 1)
    with open(path, "w", encoding="utf-8", newline="\n") as log:
        while written < size:
            stamp = f"{day.day:02d}/{MONTHS[day.month - 1]}/{day.year}"
            chunk = []
            for second in sorted(rng.randrange(86400) for _ in range(lines_per_day)):
                target, status, agent = request(rng)
                if rng.random() < 0.001:
                    chunk.append(f"{rng.choice(visitors)} - - [{stamp}:garbage\n")
                    continue
                clock = f"{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
                chunk.append(
                    f'{rng.choice(visitors)} - - [{stamp}:{clock} +0000] "GET {target} HTTP/1.1" '
                    f'{status} {rng.randrange(200, 60000)} "-" "{agent}"\n'
                )
            text = "".join(chunk)
            log.write(text)
            written += len(text.encode())
            day += timedelta(days=1)


def parse_size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper()
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--size", default="1G", help="at least this many bytes (100M, 1G, ...)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lines-per-day", type=int, default=20_000)
    args = parser.parse_args()
    generate(args.path, parse_size(args.size), args.seed, args.lines_per_day)


if __name__ == "__main__":
    main()
