"""Run Pelican as the tasks do: in a subprocess, plain one-line log messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BuildResult:
    """What one Pelican run left behind: its exit code, output and reported problems."""

    returncode: int
    output: str
    problems: list[str] = field(default_factory=list)
    stopped: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def pelican_arguments(
    settings: str, output: str | os.PathLike, *extra: str, content: str = "content"
) -> list[str]:
    """Pelican's command-line arguments for one build (also the dev server's builder's)."""
    return [content, "--settings", settings, "--output", str(output), *extra]


def pelican_command(
    settings: str, output: str | os.PathLike, *extra: str, content: str = "content"
) -> list[str]:
    return [
        sys.executable, "-m", "site_tools.run_pelican",
        *pelican_arguments(settings, output, *extra, content=content),
    ]  # fmt: skip


def run_pelican(
    settings: str,
    output: str | os.PathLike,
    *extra: str,
    env: dict | None = None,
    cwd: Path = ROOT,
    content: str = "content",
) -> BuildResult:
    """Build once in a fresh interpreter, so edited plugins and settings are always reloaded."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        run_env = {**os.environ, **(env or {}), "BUILD_GUARD_REPORT": str(report)}
        completed = subprocess.run(
            pelican_command(settings, output, *extra, content=content),
            cwd=cwd,
            env=run_env,
            capture_output=True,
            text=True,
            check=False,
        )
        data = json.loads(report.read_text()) if report.exists() else {}
    output_text = completed.stdout + completed.stderr
    problems = data.get("problems", [])
    if completed.returncode and not problems:
        # Pelican failed before build_guard could report: keep its last words.
        problems = [line for line in output_text.strip().splitlines()[-1:]]
    return BuildResult(completed.returncode, output_text, problems, data.get("stopped", False))
