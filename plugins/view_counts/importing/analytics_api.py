"""Page views per path from the GoatCounter and Plausible HTTP APIs (import tasks only).

- GoatCounter: ``GET <site>/api/v0/stats/hits?start=&end=&limit=`` with
  ``Authorization: Bearer <token>``; answers ``{"hits": [{"path_id", "path", "count",
  "event", ...}], "more": bool}``; the next page excludes the path ids already seen
  (``exclude_paths``).
- Plausible (Stats API v2): ``POST <host>/api/v2/query`` with a JSON query
  (``site_id``, ``metrics: ["pageviews"]``, ``date_range``, ``dimensions: ["event:page"]``,
  ``pagination``); answers ``{"results": [{"dimensions": [path], "metrics": [n]}]}``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

from blogkit.posts import PostIndex

TIMEOUT = 30
PAGE_SIZE = 100
PLAUSIBLE_PAGE_SIZE = 10_000


class ApiError(RuntimeError):
    """The API could not be asked or answered unexpectedly: one line, no traceback."""


def _request(url: str, token: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url,
        data=data,
        method="POST" if body is not None else "GET",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise ApiError(f"{url}: HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as error:
        raise ApiError(f"{url}: {getattr(error, 'reason', error)}") from None


def goatcounter(base: str, token: str, since: str, until: str, index: PostIndex) -> Counter:
    views: Counter = Counter()
    seen: list[str] = []
    while True:
        query = {"start": since, "end": until, "limit": PAGE_SIZE}
        if seen:
            query["exclude_paths"] = ",".join(seen)
        answer = _request(
            f"{base.rstrip('/')}/api/v0/stats/hits?{urllib.parse.urlencode(query)}", token
        )
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
        answer = _request(f"{base.rstrip('/')}/api/v2/query", token, body)
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
