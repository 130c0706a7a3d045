"""Shared fixtures: real Pelican builds of the site into temporary folders."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_tools.building import BuildResult, run_pelican  # noqa: E402

TEST_SITEURL = "https://blog.example.org"
# 2026-11-24 12:00 UTC: a fixed "now" so every build of the suite is the same.
TEST_EPOCH = "1795521600"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(available: bool, what: str) -> None:
    """Skip locally when a tool is missing; in CI a missing tool is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not installed")
    pytest.skip(f"{what} is not installed")


def build(
    output: Path,
    settings: str = "publishconf.py",
    content: Path | None = None,
    env: dict | None = None,
    cache: Path | None = None,
) -> BuildResult:
    """One real Pelican build of the repository's site (or of another content folder)."""
    env = {"SITEURL": TEST_SITEURL, "SOURCE_DATE_EPOCH": TEST_EPOCH, **(env or {})}
    cache = cache or output.parent / f"{output.name}-cache"
    return run_pelican(
        settings,
        output,
        "--cache-path",
        str(cache),
        env=env,
        content=str(content or ROOT / "content"),
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site as published, built once for the whole session."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = build(output)
    assert result.ok, result.output
    return output


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the site's content, for tests that add or break files."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy
