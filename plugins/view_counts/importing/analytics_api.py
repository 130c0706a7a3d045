"""Page views per path from the GoatCounter and Plausible HTTP APIs (import tasks only).

- GoatCounter: ``GET <site>/api/v0/stats/hits?start=&end=&limit=`` with
  ``Authorization: Bearer <token>``; answers ``{"hits": [{"path_id", "path", "count",
  "event", ...}], "more": bool}``; the next page excludes the path ids already seen
  (``exclude_paths``).
- GoatCounter without a token: the public counter ``GET <site>/counter/<path>.json?start=&end=``
  (once "Allow adding visitor counts on your website" is on); answers ``{"count": "1,234"}``
  (thousands separated as the site's number format says), 404 for a path without views yet,
  403 while the setting is off.
- Plausible (Stats API v2): ``POST <host>/api/v2/query`` with a JSON query
  (``site_id``, ``metrics: ["pageviews"]``, ``date_range``, ``dimensions: ["event:page"]``,
  ``pagination``); answers ``{"results": [{"dimensions": [path], "metrics": [n]}]}``.

GoatCounter allows 4 requests a second: requests to it are paced, and a 429 answer waits as
long as it says (``Retry-After`` or ``X-Rate-Limit-Reset``, seconds; else 1, 2, 4... s).
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

from blogkit.posts import PostIndex
from blogkit.problems import quoted

TIMEOUT = 30
PAGE_SIZE = 100
PLAUSIBLE_PAGE_SIZE = 10_000
GOATCOUNTER_INTERVAL = 0.25  # seconds between requests: GoatCounter's 4 requests a second
RETRIES = 5  # 429 answers to one request before the import gives up
MAX_WAIT = 60.0  # seconds, whatever a 429 answer asks
COUNTER_OFF = (
    "turn on 'Allow adding visitor counts on your website' in GoatCounter's site settings, "
    "or set GOATCOUNTER_TOKEN to read the API instead"
)
# A count as the public counter writes it: digits, thousands grouped by one separator.
_GROUPED_COUNT = re.compile(r"\d{1,3}([,.' \u00a0\u202f])\d{3}(?:\1\d{3})*|\d+")


class ApiError(RuntimeError):
    """The API could not be asked or answered unexpectedly: one line, no traceback."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status  # the HTTP status of an error answer


class Pace:
    """Requests at most one every ``interval`` seconds; after a 429, none before its wait ends."""

    def __init__(self, interval: float = 0.0):
        self.interval = interval
        self.next_at = 0.0

    def wait(self) -> None:
        delay = self.next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self.next_at = time.monotonic() + self.interval

    def back_off(self, seconds: float) -> None:
        self.next_at = time.monotonic() + max(seconds, self.interval)


def _request(url: str, pace: Pace, token: str = "", body: dict | None = None) -> dict:
    """The JSON object ``url`` answers, asked again after each 429 (RETRIES times at most)."""
    for attempt in range(RETRIES + 1):
        pace.wait()
        try:
            return _answer(url, token, body)
        except urllib.error.HTTPError as error:
            if error.code != 429:
                raise ApiError(f"{url}: HTTP {error.code} {error.reason}", error.code) from None
            pace.back_off(_retry_wait(error.headers, attempt))
    raise ApiError(f"{url}: still HTTP 429 Too Many Requests after {RETRIES} retries")


def _answer(url: str, token: str, body: dict | None) -> dict:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    method = "POST" if body is not None else "GET"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = json.load(response)
    except urllib.error.HTTPError:
        raise  # a URLError too, but the caller reads its status
    except (urllib.error.URLError, OSError) as error:  # refused, reset, timed out
        raise ApiError(f"{url}: {getattr(error, 'reason', error)}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ApiError(f"{url}: the answer is not JSON") from None
    if not isinstance(answer, dict):
        raise ApiError(f"{url}: the answer is not a JSON object")
    return answer


def _retry_wait(headers, attempt: int) -> float:
    """Seconds a 429 answer asks to wait, else 1, 2, 4... s; never more than MAX_WAIT."""
    for name in ("Retry-After", "X-Rate-Limit-Reset"):
        value = (headers.get(name) or "").strip()
        if value.isdigit():
            return min(float(value), MAX_WAIT)
    return min(2.0**attempt, MAX_WAIT)


def goatcounter(base: str, token: str, since: str, until: str, index: PostIndex) -> Counter:
    views: Counter = Counter()
    seen: list[str] = []
    pace = Pace(GOATCOUNTER_INTERVAL)
    while True:
        query = {"start": since, "end": until, "limit": PAGE_SIZE}
        if seen:
            query["exclude_paths"] = ",".join(seen)
        url = f"{base.rstrip('/')}/api/v0/stats/hits?{urllib.parse.urlencode(query)}"
        answer = _request(url, pace, token)
        hits = answer.get("hits")
        if not isinstance(hits, list):
            raise ApiError(f"{base}: the answer has no 'hits' list")
        for hit in hits:
            seen.append(str(hit.get("path_id")))
            slug = index.slug_for_path(str(hit.get("path", "")))
            count = hit.get("count")
            if slug and not hit.get("event") and isinstance(count, int) and count >= 0:
                views[slug] += count
        if not answer.get("more") or not hits:
            return views


def plausible(
    base: str, token: str, site_id: str, since: str, until: str, index: PostIndex
) -> Counter:
    views: Counter = Counter()
    offset = 0
    while True:
        body = {
            "site_id": site_id,
            "metrics": ["pageviews"],
            "date_range": [since, until],
            "dimensions": ["event:page"],
            "pagination": {"limit": PLAUSIBLE_PAGE_SIZE, "offset": offset},
        }
        answer = _request(f"{base.rstrip('/')}/api/v2/query", Pace(), token, body)
        results = answer.get("results")
        if not isinstance(results, list):
            raise ApiError(f"{base}: the answer has no 'results' list")
        for row in results:
            try:
                (path,), (count,) = row["dimensions"], row["metrics"]
            except (KeyError, TypeError, ValueError):
                continue
            slug = index.slug_for_path(str(path))
            if slug and isinstance(count, int) and count >= 0:
                views[slug] += count
        if len(results) < PLAUSIBLE_PAGE_SIZE:
            return views
        offset += PLAUSIBLE_PAGE_SIZE


def goatcounter_counters(base: str, since: str, until: str, index: PostIndex) -> Counter:
    """Each post's views from the public counter, one request for each of its addresses (its
    URL and every old one), added up; an address without views yet (404) adds none."""
    views: Counter = Counter()
    pace = Pace(GOATCOUNTER_INTERVAL)
    query = urllib.parse.urlencode({"start": since, "end": until})
    for path, slug in sorted(index.addressed().items()):
        url = f"{base.rstrip('/')}/counter/{urllib.parse.quote(path, safe='')}.json?{query}"
        try:
            count = _count(url, _request(url, pace))
        except ApiError as error:
            if error.status == 404:  # nobody has viewed this address yet
                continue
            if error.status == 403:
                raise ApiError(f"{error}: {COUNTER_OFF}") from None
            raise
        if count:
            views[slug] += count
    return views


def _count(url: str, answer: dict) -> int:
    """The answer's ``count``: a whole number, or one written with thousands separators."""
    count = answer.get("count")
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        return count
    if isinstance(count, str) and _GROUPED_COUNT.fullmatch(count):
        return int(re.sub(r"\D", "", count))
    if count is None:
        raise ApiError(f"{url}: the answer has no count")
    raise ApiError(f"{url}: the answer's count is not a number of views: {quoted(count)}")
