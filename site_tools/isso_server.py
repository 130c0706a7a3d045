"""Running Isso locally: its own environment, a config made from the repository's isso.cfg.

Isso pins its own Werkzeug and Markdown stack, so it is installed from ``requirements-isso.txt``
into ``.venv-isso/`` on first use, never into the site's environment. `invoke comments-server`
and the tests start it from ``isso.cfg`` with a temporary database, a local address, the site's
local address for CORS and notices on the terminal (each comment's activation link is printed).
"""

from __future__ import annotations

import configparser
import contextlib
import fcntl
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-isso"
REQUIREMENTS = ROOT / "requirements-isso.txt"
TEMPLATE = ROOT / "isso.cfg"
STARTUP_SECONDS = 30
_ACTIVATE = re.compile(r"Activate comment: (\S+)")


class IssoUnavailable(Exception):
    """Isso cannot be installed or started here; the message says why, in one line."""


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no output"


def _pinned(name: str) -> str:
    for line in REQUIREMENTS.read_text().splitlines():
        if line.lower().startswith(f"{name}=="):
            return line.split("==", 1)[1].strip()
    raise IssoUnavailable(f"{REQUIREMENTS.name} pins no {name}==VERSION")


def isso_command() -> Path:
    """The ``isso`` script of ``.venv-isso/``, installed from the pins if it is not there yet
    (by one process at a time: test workers may ask together)."""
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(ROOT / ".venv-isso.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _installed_isso()


def _installed_isso() -> Path:
    python, script = VENV / "bin" / "python", VENV / "bin" / "isso"
    version = _pinned("isso")
    check = [str(python), "-I", "-c", "import importlib.metadata as m; print(m.version('isso'))"]
    if python.exists():
        found = subprocess.run(check, capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip() == version and script.exists():
            return script
    else:
        _run(f"creating {VENV}", [sys.executable, "-m", "venv", str(VENV)])
    pip = [str(python), "-I", "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)]
    _run(f"installing isso=={version} into {VENV} (misaka needs a C compiler: gcc)", pip)
    return script


def _run(what: str, command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise IssoUnavailable(f"{what} failed: {_last_line(done.stderr)}")


def local_config(
    target: Path, database: Path, port: int, site: str, **overrides: dict[str, str]
) -> Path:
    """``isso.cfg`` for a local run: database, address, site origin, notices on the terminal.

    ``overrides`` are whole sections' values, e.g. ``guard={"ratelimit": "100"}``."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(TEMPLATE, encoding="utf-8")
    # No mail server here: notices on the terminal, and no reply notices (Isso would try SMTP).
    config["general"].update(dbpath=str(database), host=site, notify="stdout")
    config["general"]["reply-notifications"] = "false"
    config["server"].update(listen=f"http://127.0.0.1:{port}/", **{"public-endpoint": ""})
    config["server"]["trusted-proxies"] = ""
    for section, values in overrides.items():
        config[section].update(values)
    with target.open("w", encoding="utf-8") as file:
        config.write(file)
    return target


@dataclass
class RunningIsso:
    """An Isso process on 127.0.0.1 and what it has logged so far."""

    url: str
    process: subprocess.Popen
    database: Path
    log: list[str] = field(default_factory=list)

    def activation_links(self) -> list[str]:
        """Every "Activate comment" link Isso has printed, oldest first."""
        return [match[1] for line in list(self.log) if (match := _ACTIVATE.search(line))]

    def activation_link(self, comment_id: int, timeout: float = 10) -> str:
        """The signed activation link Isso printed for comment ``comment_id``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for link in self.activation_links():
                if f"/id/{comment_id}/activate/" in link:
                    return link
            time.sleep(0.05)
        raise LookupError(f"Isso printed no activation link for comment {comment_id}")


def _collect(stream, log: list[str], echo: bool) -> None:
    for line in stream:
        log.append(line)
        if echo:
            print(line, end="", file=sys.stderr)


@contextlib.contextmanager
def running_isso(config: Path, port: int, echo: bool = False) -> Iterator[RunningIsso]:
    """Isso from ``config`` on 127.0.0.1:``port`` while the block runs (stopped after)."""
    command = [str(isso_command()), "-c", str(config), "run"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    settings = configparser.ConfigParser(interpolation=None)
    settings.read(config, encoding="utf-8")
    isso = RunningIsso(f"http://127.0.0.1:{port}", process, Path(settings["general"]["dbpath"]))
    threading.Thread(target=_collect, args=(process.stdout, isso.log, echo), daemon=True).start()
    try:
        _wait_until_up(isso)
        yield isso
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(isso: RunningIsso) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if isso.process.poll() is not None:
            raise IssoUnavailable(f"Isso stopped: {_last_line(''.join(isso.log))}")
        try:
            with urllib.request.urlopen(f"{isso.url}/info", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise IssoUnavailable(f"Isso did not answer on {isso.url} within {STARTUP_SECONDS} s")
