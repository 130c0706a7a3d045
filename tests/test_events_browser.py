"""The events page in Chromium: the script moves events that have ended since the build."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.helpers import FIXTURE, PAST_BY_YEAR, UPCOMING, built_and_served, content_with_events

pytestmark = pytest.mark.browser

# Ongoing Workshop ends 2026-11-24 09:00 New York time, 14:00 UTC: after the build's "now".
AFTER_WORKSHOP = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
BUILD_TIME = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
AFTER_EVERYTHING = datetime(2028, 1, 1, tzinfo=UTC)

READ_PAGE = """() => ({
  upcoming: [...document.querySelectorAll("#upcoming h3.event-title .event-name")]
    .map(name => name.textContent),
  past: [...document.querySelectorAll("#past .event-year")].map(group => [
    group.querySelector("h3").textContent,
    [...group.querySelectorAll("h4.event-title .event-name")].map(name => name.textContent),
  ]),
  noUpcomingShown: !document.getElementById("no-upcoming").hidden,
})"""


@pytest.fixture(scope="module")
def events_url(tmp_path_factory):
    """The fixture events built for and served on http://127.0.0.1:<port>."""
    base = tmp_path_factory.mktemp("events-served")
    content = content_with_events(base, FIXTURE.read_text())
    with built_and_served(base / "output", content) as site:
        yield f"{site.url}/events/"


def read_events_page(browser, url: str, clock: datetime | None, javascript: bool = True) -> dict:
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        if clock is not None:
            page.clock.install(time=clock)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        if javascript:
            shown = page.evaluate(READ_PAGE)
        else:
            shown = {
                "upcoming": page.locator("#upcoming .event-name").all_inner_texts(),
                "past": page.locator("#past .event-year h3").all_inner_texts(),
            }
        assert errors == []
        return shown
    finally:
        context.close()


def as_built() -> list:
    return [[year, titles] for year, titles in PAST_BY_YEAR]


def test_at_build_time_the_page_is_as_built(browser, events_url):
    shown = read_events_page(browser, events_url, BUILD_TIME)
    assert shown == {"upcoming": UPCOMING, "past": as_built(), "noUpcomingShown": False}


def test_an_event_that_has_ended_moves_to_past(browser, events_url):
    shown = read_events_page(browser, events_url, AFTER_WORKSHOP)
    assert shown["upcoming"] == UPCOMING[1:]
    assert shown["past"][0] == ["2026", ["Ongoing Workshop", "Just Ended Meetup", "Autumn Webinar"]]
    assert shown["past"][1:] == as_built()[1:]


def test_when_everything_has_ended_past_gets_new_years_newest_first(browser, events_url):
    shown = read_events_page(browser, events_url, AFTER_EVERYTHING)
    assert shown["upcoming"] == []
    assert shown["noUpcomingShown"]
    assert shown["past"] == [
        ["2027", ["DST Summit", "Postponed Lunch"]],
        [
            "2026",
            [
                "Cancelled Dinner",
                "All-day Multi Conference",
                "Ongoing Workshop",
                "Just Ended Meetup",
                "Autumn Webinar",
            ],
        ],
        *as_built()[1:],
    ]


def test_without_javascript_the_page_is_as_built(browser, events_url):
    shown = read_events_page(browser, events_url, None, javascript=False)
    assert shown["upcoming"] == UPCOMING
    assert shown["past"] == [year for year, _ in PAST_BY_YEAR]


def home_box(browser, home_url: str, clock: datetime) -> list[str] | None:
    """The titles in the home page's "Upcoming events" box, or None when it is hidden."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.clock.install(time=clock)
        page.goto(home_url)
        box = page.locator("#upcoming-events")
        return box.locator("li a").all_inner_texts() if box.is_visible() else None
    finally:
        context.close()


def test_home_page_box_drops_ended_events_and_hides_when_empty(browser, events_url):
    home_url = events_url.removesuffix("events/")
    assert home_box(browser, home_url, BUILD_TIME) == UPCOMING[:3]
    assert home_box(browser, home_url, AFTER_WORKSHOP) == UPCOMING[1:3]
    assert home_box(browser, home_url, AFTER_EVERYTHING) is None


# An event's own page ------------------------------------------------------------------------

DST_SUMMIT = "2027-03-13-dst-summit/"  # 9:00 AM EST in New York, March 13, 2027
WEBINAR = "2026-10-01-autumn-webinar/"  # over at the build
READ_EVENT = """() => ({
  readerTime: document.getElementById("event-reader-time").hidden
    ? null : document.getElementById("event-reader-time").textContent,
  over: !document.getElementById("event-over").hidden,
  register: document.getElementById("event-register")
    ? !document.getElementById("event-register").hidden : null,
})"""


def read_event_page(browser, url: str, zone: str, clock: datetime) -> dict:
    context = browser.new_context(timezone_id=zone, locale="en-US")
    try:
        page = context.new_page()
        page.clock.install(time=clock)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        shown = page.evaluate(READ_EVENT)
        assert errors == []
        return shown
    finally:
        context.close()


def test_an_event_page_shows_the_time_in_the_readers_own_zone(browser, events_url):
    paris = read_event_page(browser, events_url + DST_SUMMIT, "Europe/Paris", BUILD_TIME)
    assert paris["readerTime"] == "In your time zone: Saturday, March 13 at 3:00 PM GMT+1"
    assert (paris["over"], paris["register"]) == (False, True)
    home = read_event_page(browser, events_url + DST_SUMMIT, "America/New_York", BUILD_TIME)
    assert home["readerTime"] is None  # the reader is in the event's zone: nothing to add


def test_an_event_page_says_it_is_over_once_it_has_ended(browser, events_url):
    later = read_event_page(browser, events_url + DST_SUMMIT, "America/New_York", AFTER_EVERYTHING)
    assert (later["over"], later["register"]) == (True, False)  # no Register once over
    webinar = read_event_page(browser, events_url + WEBINAR, "Europe/London", BUILD_TIME)
    assert webinar["over"] is True and webinar["register"] is None
