"""Lighthouse on the built site, the way a reader's phone would load it.

`invoke audit` builds the site with the publish settings for a local address, serves it on
127.0.0.1 and runs Lighthouse 12 (npm, pinned in package.json) with Debian's Chromium on each page
of AUDITED_PAGES, mobile profile. THRESHOLDS is the one place that says what passes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from site_tools.building import ROOT, run_pelican
from site_tools.localhost import free_port, served

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The pages audited; a page a plugin builds (events) is audited once the build has it. The
# event page is the sample event with speakers and hosts, their portraits in the page itself.
EVENT_PAGE = "events/2027-01-20-mentorship-circle-meetup/"
AUDITED_PAGES = ["", "network-before-you-need-it/", "events/", EVENT_PAGE, "search/"]
OPTIONAL_PAGES = {"events/", EVENT_PAGE}
# What Lighthouse lists among a page's requests but no network carries: an image written into
# the page as a data: URI is not fetched (Lighthouse's own list of such schemes).
NOT_FETCHED = ("blob", "data", "intent", "file", "filesystem", "chrome-extension")
# What passes: the lowest score (0-100) per category and the most requests per page.
THRESHOLDS = {
    "performance": 100,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
    "requests": 3,
}


@dataclass
class PageAudit:
    """Lighthouse's verdict on one page."""

    path: str
    scores: dict[str, int]
    total_bytes: int
    requests: int
    problems: list[str] = field(default_factory=list)
    report: dict = field(default_factory=dict, repr=False)  # Lighthouse's full JSON report


def lighthouse_available() -> bool:
    return LIGHTHOUSE.is_file() and shutil.which("node") is not None and Path(CHROMIUM).exists()


def run_lighthouse(url: str) -> dict:
    """Lighthouse's report on ``url``; when its performance score is short of full marks, the
    median of three runs.

    The performance score comes from timings, which move from run to run on the same page;
    Lighthouse's guidance on variability is to run it several times and take the median. A
    page that scores full marks once is not run again (the suite's time), so a page passes
    when its first run or the median of three is 100. ``report["runs"]`` says how many runs
    (page loads) it took.
    """
    reports = [lighthouse_once(url)]
    if performance(reports[0]) < 1:
        reports += [lighthouse_once(url), lighthouse_once(url)]
    median = sorted(reports, key=performance)[len(reports) // 2]
    return {**median, "runs": len(reports)}


def performance(report: dict) -> float:
    return report["categories"]["performance"]["score"] or 0


def lighthouse_once(url: str) -> dict:
    """One Lighthouse run (mobile, the default profile) in a fresh Chromium profile."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        profile = Path(scratch) / "profile"
        flags = " ".join([*CHROME_FLAGS, f"--user-data-dir={profile}"])
        completed = subprocess.run(
            [
                "node", str(LIGHTHOUSE), url,
                "--output=json", f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={flags}",
                "--quiet",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        if completed.returncode or not report.is_file():
            raise RuntimeError(f"Lighthouse failed on {url}: {completed.stderr.strip()[-2000:]}")
        return json.loads(report.read_text(encoding="utf-8"))


def page_audit(path: str, report: dict) -> PageAudit:
    """Scores, weight and request count from a Lighthouse report, checked against THRESHOLDS."""
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    audits = report["audits"]
    fetched = network_requests(report)
    requests = len(fetched)
    total_bytes = int(audits["total-byte-weight"]["numericValue"])
    result = PageAudit(path, scores, total_bytes, requests, report=report)
    for name in CATEGORIES:
        if scores[name] < THRESHOLDS[name]:
            failing = [
                f"{audits[ref['id']]['id']} ({audits[ref['id']]['score']})"
                for ref in report["categories"][name]["auditRefs"]
                if ref.get("weight") and (audits[ref["id"]].get("score") or 0) < 1
            ]
            result.problems.append(
                f"/{path}: {name} {scores[name]} < {THRESHOLDS[name]}; "
                f"audits below full marks: {', '.join(failing) or 'none'}"
            )
    if requests > THRESHOLDS["requests"]:
        urls = [item["url"] for item in fetched]
        result.problems.append(
            f"/{path}: {requests} requests > {THRESHOLDS['requests']}: {', '.join(urls)}"
        )
    return result


def network_requests(report: dict) -> list[dict]:
    """The requests of Lighthouse's report that went over the network."""
    items = report["audits"]["network-requests"]["details"]["items"]
    return [item for item in items if item.get("protocol") not in NOT_FETCHED]


def audit_served(base_url: str, root: Path) -> list[PageAudit]:
    """Audit every page of AUDITED_PAGES that the site at root (served at base_url) has."""
    results = []
    for path in AUDITED_PAGES:
        if path in OPTIONAL_PAGES and not (root / path / "index.html").is_file():
            continue
        results.append(page_audit(path, run_lighthouse(f"{base_url}/{path}")))
    return results


def audit_site() -> list[PageAudit]:
    """Build the site with the publish settings for a local address and audit it."""
    if not lighthouse_available():
        raise RuntimeError("Lighthouse needs node, `npm ci` and Chromium at " + CHROMIUM)
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "output"
        build = run_pelican(
            "publishconf.py",
            output,
            "--cache-path",
            str(Path(scratch) / "cache"),
            env={"SITEURL": f"http://127.0.0.1:{port}"},
        )
        if not build.ok:
            raise RuntimeError("The publish build failed:\n" + "\n".join(build.problems))
        with served(output, port) as base_url:
            return audit_served(base_url, output)


def report(results: list[PageAudit]) -> str:
    """A table of the scores, bytes and requests of each audited page."""
    header = f"{'page':32} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'bytes':>8} {'reqs':>5}"
    lines = [header]
    for result in results:
        scores = " ".join(f"{result.scores[name]:>5}" for name in CATEGORIES)
        page = "/" + result.path
        lines.append(f"{page:32} {scores} {result.total_bytes:>8} {result.requests:>5}")
    return "\n".join(lines)
