"""The view-count import: every rule of the log, CSV and API sources, idempotence, rotation."""

from __future__ import annotations

import gzip
import itertools
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from werkzeug import Request, Response

from blogkit.posts import PostIndex, normalize_path, post_index
from blogkit.settings import read_site_settings
from tests.helpers import ROOT
from view_counts import datafile
from view_counts.importing import (
    ImportRefused,
    analytics_api,
    counts_file,
    import_api,
    import_csv,
    import_logs,
)
from view_counts.importing import ledger as ledgers
from view_counts.importing.ledger import Ledger
from view_counts.importing.logs import LogCounter
from view_counts.settings import sources_to_refresh, sources_with_tokens

FIXTURES = Path(__file__).parent / "fixtures" / "views"
SEED = "network-before-you-need-it"
COFFEE = "sample-twenty-minute-coffee-chats"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def line(ip, target, status=200, day="10/Nov/2026", time="10:00:00", agent=FIREFOX, method="GET"):
    request = f"{method} {target} HTTP/1.1"
    return f'{ip} - - [{day}:{time} +0000] "{request}" {status} 5120 "-" "{agent}"\n'


def index() -> PostIndex:
    posts = PostIndex()
    posts.add(SEED, f"{SEED}/", {"old_urls": "/2016/06/network-before-you-need-it.html, /nbyni"})
    posts.add(COFFEE, f"{COFFEE}/", {})
    return posts


def count(text: str, tmp_path: Path, ledger: Ledger | None = None):
    log = tmp_path / "access.log"
    log.write_text(text)
    return LogCounter(index(), ledger or Ledger()).count_files([str(log)])


@pytest.mark.parametrize(
    "target",
    [
        f"/{SEED}/",
        f"/{SEED}",
        f"/{SEED}/index.html",
        f"/{SEED}/?utm_source=linkedin",
        f"/{SEED}/#comments",
        "/network-before-you-need%2Dit/",
        f"//{SEED}/",
        f"/tag/../{SEED}/",
        f"https://blog.example.org/{SEED}/",
        "/2016/06/network-before-you-need-it.html",
        "/nbyni",
    ],
)
def test_every_url_shape_of_a_post_counts_as_that_post(target, tmp_path):
    summary = count(line("203.0.113.5", target), tmp_path)
    assert (summary.counted, dict(summary.views)) == (1, {SEED: 1})


@pytest.mark.parametrize(
    "request_line",
    [
        line("203.0.113.5", "/theme/css/main.css"),
        line("203.0.113.5", "/feeds/all.atom.xml"),
        line("203.0.113.5", "/"),
        line("203.0.113.5", "/tag/networking/"),
        line("203.0.113.5", f"/drafts/{SEED}/"),
        line("203.0.113.5", f"/{SEED}/", status=404),
        line("203.0.113.5", f"/{SEED}/", status=500),
        line("203.0.113.5", f"/{SEED}", status=301),
        line("203.0.113.5", f"/{SEED}/", status=206),
        line("203.0.113.5", f"/{SEED}/", method="HEAD"),
        line("203.0.113.5", f"/{SEED}/", method="POST"),
    ],
)
def test_assets_feeds_errors_and_other_methods_are_not_views(request_line, tmp_path):
    summary = count(request_line, tmp_path)
    assert (summary.read, summary.counted, summary.other) == (1, 0, 1)


def test_a_304_is_a_reader_seeing_their_cached_copy(tmp_path):
    assert count(line("203.0.113.5", f"/{SEED}/", status=304), tmp_path).counted == 1


def test_bots_are_left_out_with_the_crawler_list(tmp_path):
    text = line("66.249.66.1", f"/{SEED}/", agent=GOOGLEBOT) + line(
        "203.0.113.9", f"/{SEED}/", agent="python-requests/2.31.0"
    )
    summary = count(text, tmp_path)
    assert (summary.counted, summary.bots) == (0, 2)


def test_one_view_per_visitor_per_post_per_day(tmp_path):
    text = "".join(
        [
            line("203.0.113.5", f"/{SEED}/", time="10:00:00"),
            line("203.0.113.5", f"/{SEED}/index.html", time="10:05:00"),  # same visitor, reload
            line("203.0.113.5", f"/{COFFEE}/", time="10:06:00"),  # same visitor, other post
            line("203.0.113.5", f"/{SEED}/", time="10:07:00", agent=SAFARI),  # other device
            line("198.51.100.7", f"/{SEED}/", time="11:00:00"),  # other visitor
            line("203.0.113.5", f"/{SEED}/", day="11/Nov/2026"),  # next day
        ]
    )
    summary = count(text, tmp_path)
    assert dict(summary.views) == {SEED: 4, COFFEE: 1}
    assert (summary.counted, summary.repeats) == (5, 1)


def test_the_common_format_counts_by_address_alone(tmp_path):
    text = (
        f'203.0.113.5 - - [10/Nov/2026:10:00:00 +0000] "GET /{SEED}/ HTTP/1.1" 200 5120\n'
        f'203.0.113.5 - - [10/Nov/2026:10:01:00 +0000] "GET /{SEED}/ HTTP/1.1" 200 5120\n'
        f'198.51.100.7 - frank [10/Nov/2026:10:02:00 +0000] "GET /{COFFEE} HTTP/1.0" 304 -\n'
    )
    summary = count(text, tmp_path)
    assert dict(summary.views) == {SEED: 1, COFFEE: 1}


@pytest.mark.parametrize(
    "junk",
    [
        "garbage\n",
        "\n",
        '203.0.113.5 - - [10/Nov/2026:10:00:00 +0000] "GET /network-before\n',
        '203.0.113.5 - - [99/Foo/2026:10:00:00 +0000] "GET /network-before-you-need-it/ '
        'HTTP/1.1" 200 1 "-" "x"\n',
        "\x00\xff\xfe binary \x1b[31m\n",
    ],
)
def test_malformed_lines_are_counted_as_skipped_not_a_crash(junk, tmp_path):
    summary = count(junk + line("203.0.113.5", f"/{SEED}/"), tmp_path)
    assert (summary.read, summary.malformed, summary.counted) == (2, 1, 1)


def test_invalid_utf8_bytes_are_malformed_or_skipped_never_a_crash(tmp_path):
    log = tmp_path / "access.log"
    log.write_bytes(b"\xff\xfe\xfa\n" + line("203.0.113.5", "/%FF%FE/").encode())
    summary = LogCounter(index(), Ledger()).count_files([str(log)])
    assert (summary.read, summary.malformed, summary.other) == (2, 1, 1)


def test_gzipped_logs_are_read_by_content(tmp_path):
    log = tmp_path / "access.log.2"  # rotated and compressed, without a .gz name
    log.write_bytes(gzip.compress(line("203.0.113.5", f"/{SEED}/").encode()))
    assert LogCounter(index(), Ledger()).count_files([str(log)]).counted == 1


# --- The tasks' import: the counts file and the ledger. ----------------------------------


@pytest.fixture
def project(content_copy) -> dict:
    """Settings for a private copy of the content, as the invoke tasks read them."""
    return read_site_settings(ROOT / "pelicanconf.py", override={"PATH": str(content_copy)})


def views_file(settings) -> dict:
    return datafile.load(str(Path(settings["PATH"]) / "data" / "views.yaml")).counts


def test_imported_views_add_to_the_old_hosts_baseline(project, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(line("203.0.113.5", f"/{SEED}/") + line("198.51.100.7", f"/{COFFEE}"))
    report = import_logs(project, [str(log)])
    assert "views counted: 2" in report
    assert views_file(project) == {SEED: 6, COFFEE: 1}


def test_importing_the_same_log_twice_changes_nothing(project, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(line("203.0.113.5", f"/{SEED}/") + line("198.51.100.7", f"/{SEED}/"))
    import_logs(project, [str(log)])
    data = Path(project["PATH"]) / "data" / "views.yaml"
    ledger = Path(project["PATH"]) / "data" / "views-imports.json"
    before = (data.read_bytes(), ledger.read_bytes())
    renamed = tmp_path / "access.log.1"
    shutil.copy(log, renamed)
    report = import_logs(project, [str(log), str(renamed)])
    assert "views counted: 0" in report and "already imported earlier: 4" in report
    assert (data.read_bytes(), ledger.read_bytes()) == before
    assert views_file(project)[SEED] == 7


def test_a_log_rotated_and_compressed_after_an_import_is_not_counted_twice(project, tmp_path):
    live = tmp_path / "access.log"
    live.write_text(
        line("203.0.113.5", f"/{SEED}/", time="10:00:00")
        + line("198.51.100.7", f"/{SEED}/", time="10:01:00")
        + line("192.0.2.1", f"/{COFFEE}/", time="10:02")[:60]  # still being written
    )
    import_logs(project, [str(live)])
    assert views_file(project)[SEED] == 7
    # The server goes on writing, then logrotate renames and compresses the file.
    more = (
        line("192.0.2.1", f"/{COFFEE}/", time="10:02:00")
        + line("203.0.113.5", f"/{SEED}/", time="18:00:00")  # same visitor, same day
        + line("192.0.2.44", f"/{SEED}/", time="19:00:00")
    )
    text = live.read_text()
    full = text[: text.rindex("\n") + 1] + more
    rotated = tmp_path / "access.log.1.gz"
    rotated.write_bytes(gzip.compress(full.encode()))
    live.write_text(line("203.0.113.5", f"/{SEED}/", day="11/Nov/2026"))
    report = import_logs(project, [str(live), str(rotated)])
    assert "views counted: 3" in report, report  # coffee, the new visitor, the next day
    assert "repeat views (same visitor, post and day): 1" in report
    assert views_file(project) == {SEED: 9, COFFEE: 1}
    assert "views counted: 0" in import_logs(project, [str(rotated), str(live)])


def test_a_different_file_starting_like_an_imported_one_is_reported_not_counted(project, tmp_path):
    first = tmp_path / "a.log"
    first.write_text(line("203.0.113.5", f"/{SEED}/") + line("198.51.100.7", f"/{SEED}/"))
    import_logs(project, [str(first)])
    other = tmp_path / "b.log"
    other.write_text(line("203.0.113.5", f"/{SEED}/") + line("192.0.2.9", f"/{COFFEE}/"))
    report = import_logs(project, [str(other)])
    assert any("does not continue it; skipped" in item for item in report)
    assert views_file(project) == {SEED: 7}


def test_no_address_or_user_agent_is_ever_written(project, tmp_path):
    log = tmp_path / "access.log"
    log.write_text(line("203.0.113.77", f"/{SEED}/", agent="UniqueAgent/9.9"))
    import_logs(project, [str(log)])
    for written in (Path(project["PATH"]) / "data").iterdir():
        text = written.read_text()
        assert "203.0.113.77" not in text and "UniqueAgent" not in text


def test_keys_of_removed_posts_are_kept_and_paths_used_by_the_file_are_updated(project, tmp_path):
    data = Path(project["PATH"]) / "data" / "views.yaml"
    data.write_text(f"# baseline\n/{COFFEE}/: 3\nan-old-removed-post: 12\n")
    log = tmp_path / "access.log"
    log.write_text(line("203.0.113.5", f"/{COFFEE}/index.html"))
    import_logs(project, [str(log)])
    assert views_file(project) == {f"/{COFFEE}/": 4, "an-old-removed-post": 12}
    assert data.read_text().startswith("# baseline\n")


def test_an_import_refuses_a_broken_counts_file_and_changes_nothing(project, tmp_path):
    data = Path(project["PATH"]) / "data" / "views.yaml"
    data.write_text(f"{SEED}: 5\n{SEED}: 6\n")
    log = tmp_path / "access.log"
    log.write_text(line("203.0.113.5", f"/{SEED}/"))
    with pytest.raises(ImportRefused, match=r"views\.yaml:2: duplicate key"):
        import_logs(project, [str(log)])
    assert data.read_text() == f"{SEED}: 5\n{SEED}: 6\n"


@pytest.mark.parametrize(
    ("text", "line_and_problem"),
    [
        ('{"logs": [{"name": "access.log"}]}', ": not a ledger the import tasks wrote"),
        ("[1, 2]", ": not a ledger the import tasks wrote"),
        ('{\n"logs": [\n', ":3: not JSON: Expecting value"),
    ],
)
def test_an_import_refuses_a_damaged_ledger_in_one_line_and_changes_nothing(
    project, tmp_path, text, line_and_problem
):
    ledger = Path(project["PATH"]) / "data" / "views-imports.json"
    ledger.write_text(text)
    log = tmp_path / "access.log"
    log.write_text(line("203.0.113.5", f"/{SEED}/"))
    with pytest.raises(ImportRefused) as refused:
        import_logs(project, [str(log)])
    assert str(refused.value) == f"{ledger}{line_and_problem}"
    assert views_file(project) == {SEED: 5}
    assert ledger.read_text() == text


# --- CSV exports. ------------------------------------------------------------------------


def test_goatcounter_export_counts_pageviews_not_bots_events_or_assets(project):
    report = import_csv(project, "goatcounter", str(FIXTURES / "goatcounter-export.csv"))
    assert report[:4] == [
        "rows read: 7",
        "views counted: 3",
        "skipped as bots: 1",
        "skipped as malformed: 1",
    ]
    assert views_file(project) == {SEED: 7, COFFEE: 1}


def test_overlapping_goatcounter_exports_count_each_pageview_once(project):
    import_csv(project, "goatcounter", str(FIXTURES / "goatcounter-export.csv"))
    import_csv(project, "goatcounter", str(FIXTURES / "goatcounter-export.csv"))
    report = import_csv(project, "goatcounter", str(FIXTURES / "goatcounter-export-later.csv"))
    assert "views counted: 1" in report
    assert views_file(project) == {SEED: 8, COFFEE: 1}


def test_plausible_pages_export_counts_pageviews_once(project, tmp_path):
    report = import_csv(project, "plausible", str(FIXTURES / "plausible-pages.csv"))
    assert "views counted: 50" in report and "skipped as malformed: 1" in report
    assert views_file(project) == {SEED: 46, COFFEE: 9}
    archive = tmp_path / "plausible-export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(FIXTURES / "plausible-pages.csv", "pages.csv")
    import_csv(project, "plausible", str(archive))  # the same report, zipped: a new file
    copy = tmp_path / "again.csv"
    shutil.copy(FIXTURES / "plausible-pages.csv", copy)
    assert "already imported" in import_csv(project, "plausible", str(copy))[0]
    assert views_file(project) == {SEED: 87, COFFEE: 18}


def test_an_export_of_another_kind_is_refused_in_one_line(project):
    with pytest.raises(ImportRefused, match="not a GoatCounter CSV export"):
        import_csv(project, "goatcounter", str(FIXTURES / "plausible-pages.csv"))
    assert views_file(project) == {SEED: 5}


# --- The analytics APIs, answered by a local server as they document. -------------------


@pytest.fixture
def api_project(project, httpserver, monkeypatch):
    project["VIEW_COUNTS_GOATCOUNTER_URL"] = httpserver.url_for("/")
    project["VIEW_COUNTS_PLAUSIBLE_URL"] = httpserver.url_for("/")
    project["VIEW_COUNTS_PLAUSIBLE_SITE_ID"] = "blog.example.org"
    project["VIEW_COUNTS_SINCE"] = "2026-11-01"
    monkeypatch.setenv("GOATCOUNTER_TOKEN", "gc-secret")
    monkeypatch.setenv("PLAUSIBLE_TOKEN", "pl-secret")
    return project


def goatcounter_hits(httpserver, seed_views):
    auth = {"Authorization": "Bearer gc-secret"}
    first = {"start": "2026-11-01", "end": "2026-11-24", "limit": "100"}
    httpserver.expect_ordered_request(
        "/api/v0/stats/hits", query_string=first, headers=auth
    ).respond_with_json(
        {
            "hits": [
                {"path_id": 1, "path": f"/{SEED}/", "count": seed_views, "event": False},
                {"path_id": 2, "path": "/theme/css/main.css", "count": 99, "event": False},
            ],
            "more": True,
        }
    )
    httpserver.expect_ordered_request(
        "/api/v0/stats/hits", query_string={**first, "exclude_paths": "1,2"}, headers=auth
    ).respond_with_json(
        {
            "hits": [
                {"path_id": 3, "path": f"/{COFFEE}", "count": 4, "event": False},
                {"path_id": 4, "path": "share-click", "count": 8, "event": True},
            ],
            "more": False,
        }
    )


def test_goatcounter_api_totals_replace_the_previous_snapshot(api_project, httpserver):
    goatcounter_hits(httpserver, 10)
    report = import_api(api_project, "goatcounter", date(2026, 11, 24))
    assert report == ["views from 2026-11-01 to 2026-11-24: 14", "new since the last import: 14"]
    assert views_file(api_project) == {SEED: 15, COFFEE: 4}
    goatcounter_hits(httpserver, 10)  # nothing new: nothing changes
    import_api(api_project, "goatcounter", date(2026, 11, 24))
    assert views_file(api_project) == {SEED: 15, COFFEE: 4}
    goatcounter_hits(httpserver, 13)
    assert import_api(api_project, "goatcounter", date(2026, 11, 24))[1].endswith(": 3")
    assert views_file(api_project) == {SEED: 18, COFFEE: 4}
    httpserver.check_assertions()


def test_plausible_api_v2_query_pageviews_by_page(api_project, httpserver):
    query = {
        "site_id": "blog.example.org",
        "metrics": ["pageviews"],
        "date_range": ["2026-11-01", "2026-11-24"],
        "dimensions": ["event:page"],
        "pagination": {"limit": 10000, "offset": 0},
    }
    httpserver.expect_request(
        "/api/v2/query", method="POST", json=query, headers={"Authorization": "Bearer pl-secret"}
    ).respond_with_json(
        {
            "results": [
                {"dimensions": [f"/{SEED}/"], "metrics": [21]},
                {"dimensions": [f"/{SEED}/index.html"], "metrics": [2]},
                {"dimensions": ["/about/"], "metrics": [5]},
            ],
            "meta": {},
            "query": query,
        }
    )
    import_api(api_project, "plausible", date(2026, 11, 24))
    import_api(api_project, "plausible", date(2026, 11, 24))
    assert views_file(api_project) == {SEED: 28}
    snapshot = json.loads((Path(api_project["PATH"]) / "data" / "views-imports.json").read_text())
    assert next(iter(snapshot["snapshots"].values()))["counts"] == {SEED: 23}


def test_an_api_error_or_missing_token_is_one_line_and_changes_nothing(
    api_project, httpserver, monkeypatch
):
    httpserver.expect_request("/api/v0/stats/hits").respond_with_json(
        {"error": "unauthorized"}, status=401
    )
    with pytest.raises(ImportRefused, match="HTTP 401"):
        import_api(api_project, "goatcounter", date(2026, 11, 24))
    monkeypatch.delenv("PLAUSIBLE_TOKEN")
    with pytest.raises(ImportRefused, match="set the PLAUSIBLE_TOKEN environment variable"):
        import_api(api_project, "plausible", date(2026, 11, 24))
    assert views_file(api_project) == {SEED: 5}


# --- GoatCounter's public counter: no token, one request per address, 4 a second. --------


class PublicCounter:
    """GoatCounter's ``/counter/<path>.json`` as its handler answers: ``{"count": "1,234",
    "count_unique": ...}`` for a path with views, HTTP 404 (count "0") for one without; the
    first answers may be set (429s, a malformed body). Notes when each path was asked."""

    def __init__(self, counts: dict[str, str], first: list[Response] | None = None):
        self.counts = counts
        self.first = list(first or [])
        self.asked: list[tuple[float, str, dict]] = []

    def __call__(self, request: Request) -> Response:
        path = request.path.removeprefix("/counter/").removesuffix(".json")
        self.asked.append((time.monotonic(), path, request.args.to_dict()))
        if self.first:
            return self.first.pop(0)
        count = self.counts.get(path)
        body = json.dumps({"count": count or "0", "count_unique": count or "0"})
        return Response(body, status=200 if count else 404, content_type="application/json")

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.asked]


def serve_counter(httpserver, counter: PublicCounter) -> PublicCounter:
    httpserver.expect_request(re.compile(r"^/counter/.+\.json$")).respond_with_handler(counter)
    return counter


def too_many_requests(wait: str | None = None) -> Response:
    headers = {"Retry-After": wait} if wait is not None else {}
    return Response('{"error": "rate limited"}', status=429, headers=headers)


@pytest.fixture
def counter_project(api_project, monkeypatch):
    """The API settings without GOATCOUNTER_TOKEN, and the seed post with an old address."""
    monkeypatch.delenv("GOATCOUNTER_TOKEN")
    post = Path(api_project["PATH"]) / "posts" / f"{SEED}.md"
    old = "/2016/06/network-before-you-need-it.html"
    post.write_text(post.read_text().replace("\n", f"\nOld_urls: {old}\n", 1))
    return api_project


def data_files(settings) -> dict[str, bytes]:
    folder = Path(settings["PATH"]) / "data"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_without_a_token_each_posts_addresses_are_read_from_the_public_counter(
    counter_project, httpserver
):
    counts = {f"/{SEED}/": "1,234", "/2016/06/network-before-you-need-it.html": "6"}
    counter = serve_counter(httpserver, PublicCounter({**counts, f"/{COFFEE}/": "2"}))
    report = import_api(counter_project, "goatcounter", date(2026, 11, 24))
    assert report == [
        "views from 2026-11-01 to 2026-11-24: 1242",
        "new since the last import: 1242",
    ]
    assert views_file(counter_project) == {SEED: 5 + 1240, COFFEE: 2}
    # Every address of every post, once each (the others answer 404: no views yet).
    assert sorted(counter.paths()) == sorted(post_index(counter_project).by_path)
    assert len(counter.asked) == 9
    assert {str(args) for _, _, args in counter.asked} == {
        str({"start": "2026-11-01", "end": "2026-11-24"})
    }
    starts = [at for at, _, _ in counter.asked]
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.24  # 4 requests a second

    before = data_files(counter_project)
    import_api(counter_project, "goatcounter", date(2026, 11, 24))  # the same totals again
    assert data_files(counter_project) == before
    counter.counts[f"/{SEED}/"] = "1,240"
    assert import_api(counter_project, "goatcounter", date(2026, 11, 24))[1].endswith(": 6")
    assert views_file(counter_project) == {SEED: 5 + 1246, COFFEE: 2}


@pytest.mark.parametrize(
    "written", ["1,234", "1.234", "1 234", "1\u202f234", "1\u00a0234", "1'234", "1234", 1234]
)
def test_counts_are_read_with_any_thousands_separator(httpserver, written):
    posts = PostIndex()
    posts.add(SEED, f"{SEED}/", {})
    httpserver.expect_request(f"/counter//{SEED}/.json").respond_with_json({"count": written})
    views = analytics_api.goatcounter_counters(httpserver.url_for("/"), "2026-11-01", "x", posts)
    assert views == {SEED: 1234}


def one_post_counter(httpserver, counter: PublicCounter) -> Counter:
    posts = PostIndex()
    posts.add(SEED, f"{SEED}/", {})
    serve_counter(httpserver, counter)
    return analytics_api.goatcounter_counters(httpserver.url_for("/"), "2026-11-01", "x", posts)


@pytest.mark.parametrize(("wait", "seconds"), [("1", 1.0), (None, 1.0)])
def test_a_429_answer_is_asked_again_after_the_wait_it_gives(httpserver, wait, seconds):
    counter = PublicCounter({f"/{SEED}/": "7"}, first=[too_many_requests(wait)])
    assert one_post_counter(httpserver, counter) == {SEED: 7}
    (refused, _, _), (answered, _, _) = counter.asked
    assert answered - refused >= seconds - 0.01


def test_an_address_without_views_yet_answers_404_and_adds_nothing(httpserver):
    assert one_post_counter(httpserver, PublicCounter({})) == {}


def test_429_on_every_try_is_one_line_and_changes_nothing(counter_project, httpserver):
    before = data_files(counter_project)
    serve_counter(httpserver, PublicCounter({}, first=[too_many_requests("0")] * 10))
    with pytest.raises(ImportRefused) as refused:
        import_api(counter_project, "goatcounter", date(2026, 11, 24))
    assert "still HTTP 429 Too Many Requests after 5 retries" in str(refused.value)
    assert data_files(counter_project) == before


MALFORMED = {
    "not-a-number": Response('{"count": "lots"}', content_type="application/json"),
    "badly-grouped": Response('{"count": "1,23"}', content_type="application/json"),
    "negative": Response('{"count": -3}', content_type="application/json"),
    "no-count": Response('{"hits": []}', content_type="application/json"),
    "not-an-object": Response("[1234]", content_type="application/json"),
    "not-json": Response("<html>Maintenance</html>", content_type="text/html"),
}


@pytest.mark.parametrize("answer", MALFORMED)
def test_a_malformed_answer_is_one_line_and_changes_nothing(counter_project, httpserver, answer):
    before = data_files(counter_project)
    serve_counter(httpserver, PublicCounter({}, first=[MALFORMED[answer]]))
    with pytest.raises(ImportRefused) as refused:
        import_api(counter_project, "goatcounter", date(2026, 11, 24))
    message = str(refused.value)
    assert "\n" not in message and message.startswith(httpserver.url_for("/counter/"))
    assert data_files(counter_project) == before


def test_a_counter_not_turned_on_says_which_setting(counter_project, httpserver):
    forbidden = Response('{"error": "Need to enable the setting"}', status=403)
    serve_counter(httpserver, PublicCounter({}, first=[forbidden]))
    with pytest.raises(ImportRefused, match="turn on 'Allow adding visitor counts"):
        import_api(counter_project, "goatcounter", date(2026, 11, 24))


def test_the_counter_and_the_api_share_one_snapshot(counter_project, httpserver, monkeypatch):
    """Adding a token later adds only what the API reports beyond the counter's totals."""
    serve_counter(httpserver, PublicCounter({f"/{SEED}/": "8"}))
    import_api(counter_project, "goatcounter", date(2026, 11, 24))
    assert views_file(counter_project) == {SEED: 13}
    monkeypatch.setenv("GOATCOUNTER_TOKEN", "gc-secret")
    goatcounter_hits(httpserver, 10)
    import_api(counter_project, "goatcounter", date(2026, 11, 24))
    assert views_file(counter_project) == {SEED: 15, COFFEE: 4}


def test_goatcounter_is_refreshed_without_a_token_once_its_address_is_set():
    site = {"VIEW_COUNTS_GOATCOUNTER_URL": "https://blog.goatcounter.com"}
    assert sources_to_refresh(site, {}) == ["goatcounter"]
    assert sources_to_refresh(site, {"PLAUSIBLE_TOKEN": "p"}) == ["goatcounter", "plausible"]
    assert sources_to_refresh(site, {"GOATCOUNTER_TOKEN": "g"}) == ["goatcounter"]
    assert sources_to_refresh({}, {"PLAUSIBLE_TOKEN": "p"}) == ["plausible"]
    assert sources_to_refresh({}, {}) == []


def test_path_normalisation():
    assert normalize_path("/a/b/../c/index.html?x=1#y") == "/a/c/"
    assert normalize_path("/feeds/all.atom.xml") == "/feeds/all.atom.xml"
    assert normalize_path("not-a-path") is None
    assert Counter(normalize_path(p) for p in ["/x", "/x/", "/x/index.html", "/%78/"]) == {"/x/": 4}


def test_an_agent_with_an_escaped_quote_is_still_read_whole(tmp_path):
    text = (
        f'66.249.66.1 - - [10/Nov/2026:10:00:00 +0000] "GET /{SEED}/ HTTP/1.1" 200 1 "-" '
        '"Mozilla/5.0 \\"quoted\\" (compatible; Googlebot/2.1)"\n'
    )
    summary = count(text, tmp_path)
    assert (summary.bots, summary.malformed, summary.counted) == (1, 0, 0)


def test_missing_and_damaged_logs_are_reported_and_count_nothing(tmp_path):
    good = line("203.0.113.5", f"/{SEED}/")
    whole = gzip.compress((good + line("198.51.100.7", f"/{SEED}/") * 3000).encode())
    damaged = tmp_path / "access.log.3.gz"
    damaged.write_bytes(whole[: len(whole) // 2])
    log = tmp_path / "access.log"
    log.write_text(good)
    counter = LogCounter(index(), Ledger())
    summary = counter.count_files([str(tmp_path / "nowhere.log"), str(damaged), str(log)])
    assert summary.counted == 1
    assert [p.split(":")[0] for p in summary.problems] == [
        str(tmp_path / "nowhere.log"),
        str(damaged),
    ]
    assert [entry.name for entry in counter.ledger.logs] == ["access.log"]


@pytest.mark.parametrize(
    "text, problems",
    [
        ("", []),
        ("# nothing yet\n", []),
        (f"{SEED}: 1_234\n", []),
        (f"{SEED}: yes\n", [(1, f"count for '{SEED}' is not a whole number: yes")]),
        (f"{SEED}: '5'\n", [(1, f"count for '{SEED}' is not a whole number: '5'")]),
        (f"{SEED}: [5]\n", [(1, f"count for '{SEED}' is not a whole number: a list")]),
        ("2016: 5\n", [(1, "key '2016' must be a post slug or URL path")]),
        (f"a: 1\n{SEED}: 2\n{SEED}: 3\n", [(3, f"duplicate key '{SEED}' (first on line 2)")]),
        (
            "a: 1\nb: -2\nc: x\n",
            [(2, "count for 'b' is negative: -2"), (3, "count for 'c' is not a whole number: 'x'")],
        ),
        (
            "a: 1\n---\nb: 2\n",
            [
                (
                    2,
                    "YAML syntax error: expected a single document in the stream "
                    "but found another document",
                )
            ],
        ),
    ],
)
def test_counts_file_problems_name_their_line(tmp_path, text, problems):
    path = tmp_path / "views.yaml"
    path.write_text(text)
    data = datafile.load(str(path))
    assert [(p.line, p.message) for p in data.problems] == problems


def test_old_addresses_in_a_posts_metadata_count_for_it(project, tmp_path):
    post = Path(project["PATH"]) / "posts" / "samples" / "sample-coffee-chats.md"
    post.write_text(post.read_text().replace("\n", "\nAliases: /2019/coffee.html, /coffee\n", 1))
    log = tmp_path / "access.log"
    log.write_text(line("203.0.113.5", "/2019/coffee.html") + line("198.51.100.7", "/coffee/"))
    import_logs(project, [str(log)])
    assert views_file(project) == {SEED: 5, COFFEE: 2}


def test_an_import_interrupted_before_the_counts_are_written_is_finished_next_time(
    project, tmp_path, monkeypatch
):
    log = tmp_path / "access.log"
    log.write_text(line("203.0.113.5", f"/{SEED}/") + line("198.51.100.7", f"/{SEED}/"))

    def crash(path, text):
        raise KeyboardInterrupt

    monkeypatch.setattr(counts_file, "write", crash)
    with pytest.raises(KeyboardInterrupt):
        import_logs(project, [str(log)])
    monkeypatch.undo()
    assert views_file(project) == {SEED: 5}  # the ledger has the log, the counts do not yet
    report = import_logs(project, [str(log)])
    assert "views counted: 0" in report
    assert views_file(project) == {SEED: 7}


def test_an_import_interrupted_after_the_counts_are_written_adds_nothing_more(
    project, tmp_path, monkeypatch
):
    log = tmp_path / "access.log"
    log.write_text(line("203.0.113.5", f"/{SEED}/"))
    saves = []

    def crash_on_second_save(path, ledger):
        saves.append(path)
        if len(saves) == 2:
            raise KeyboardInterrupt
        original(path, ledger)

    original = ledgers.save
    monkeypatch.setattr(ledgers, "save", crash_on_second_save)
    with pytest.raises(KeyboardInterrupt):
        import_logs(project, [str(log)])
    monkeypatch.undo()
    assert views_file(project) == {SEED: 6}
    import_logs(project, [str(log)])
    assert views_file(project) == {SEED: 6}


def test_the_sources_refreshed_are_those_whose_token_is_set():
    assert sources_with_tokens({"PLAUSIBLE_TOKEN": "t", "GOATCOUNTER_TOKEN": " "}) == ["plausible"]
    assert sources_with_tokens({"GOATCOUNTER_TOKEN": "a", "PLAUSIBLE_TOKEN": "b"}) == [
        "goatcounter",
        "plausible",
    ]


def test_the_build_code_of_both_plugins_never_loads_their_import_tooling():
    build_modules = ["view_counts.plugin", "view_counts.datafile", "comment_threads.plugin",
                     "comment_threads.posts", "comment_threads.feeds"]  # fmt: skip
    code = (
        f"import sys\nimport {', '.join(build_modules)}\n"
        "print(sorted(name for name in sys.modules if name.split('.')[-1] == 'importing'))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (loaded.returncode, loaded.stdout, loaded.stderr) == (0, "[]\n", "")
