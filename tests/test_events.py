"""Events: the page, the home-page box, the calendar feeds and the JSON-LD, from real builds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import pytest

from tests.helpers import (
    FIXTURE,
    PAST_BY_YEAR,
    TEST_EPOCH,
    TEST_SITEURL,
    UPCOMING,
    build,
    content_with_events,
    jsonld,
    page,
    text_of,
)

NOW = datetime.fromtimestamp(int(TEST_EPOCH), tz=UTC)
ANCHORS = {
    "Old Day": "2024-09-09-old-day",
    "Past Breakfast": "2025-05-06-past-breakfast",
    "Autumn Webinar": "2026-10-01-autumn-webinar",
    "Just Ended Meetup": "2026-11-24-just-ended-meetup",
    "Ongoing Workshop": "2026-11-24-ongoing-workshop",
    "DST Summit": "2027-03-13-dst-summit",
    "All-day Multi Conference": "2026-12-01-all-day-multi-conference",
    "Cancelled Dinner": "2026-12-10-cancelled-dinner",
    "Postponed Lunch": "2027-01-15-postponed-lunch",
}
DOMAIN = "blog.example.org"


@pytest.fixture(scope="module")
def events_site(tmp_path_factory):
    """The published site built with the fixture events."""
    base = tmp_path_factory.mktemp("events")
    output = base / "output"
    result = build(output, content=content_with_events(base, FIXTURE.read_text()))
    assert result.ok, result.output
    return output


def titles(element) -> list[str]:
    return [text_of(name) for name in element.select(".event-name")]


def read_calendar(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def vevents(calendar) -> dict[str, icalendar.Event]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


# The page ----------------------------------------------------------------------------------


def test_upcoming_soonest_first_then_past_newest_first_by_year(events_site):
    soup = page(events_site, "events/")
    assert titles(soup.find(id="upcoming")) == UPCOMING
    groups = soup.find(id="past").select(".event-year")
    assert [(group.h3.get_text(), titles(group)) for group in groups] == PAST_BY_YEAR
    assert soup.find(id="no-upcoming").has_attr("hidden")


def test_each_event_has_a_stable_anchor_and_its_own_calendar_link(events_site):
    soup = page(events_site, "events/")
    for title, anchor in ANCHORS.items():
        item = soup.find(id=anchor)
        assert item is not None and title in text_of(item.find(class_="event-title"))
        link = item.find("a", string="Add to calendar")
        assert link["href"] == f"{TEST_SITEURL}/events/{anchor}.ics"
        assert link["type"] == "text/calendar"
        single = vevents(read_calendar(events_site / "events" / f"{anchor}.ics"))
        assert list(single) == [title]
        assert str(single[title]["UID"]) == f"{anchor}@{DOMAIN}"


def test_dates_and_times_are_shown_in_each_events_own_zone(events_site):
    soup = page(events_site, "events/")
    when = {title: text_of(soup.find(id=anchor).find(class_="event-when"))
            for title, anchor in ANCHORS.items()}  # fmt: skip
    # Crosses the US change to daylight saving time on March 14, 2027.
    assert when["DST Summit"] == (
        "Saturday, March 13, 2027, 9:00 AM EST – Monday, March 15, 2027, 5:00 PM EDT "
        "(America/New York time)"
    )
    assert when["Cancelled Dinner"] == (
        "Thursday, December 10, 2026 · 7:00 PM – 9:00 PM JST (Asia/Tokyo time)"
    )
    assert when["All-day Multi Conference"] == "Tuesday, December 1 – Thursday, December 3, 2026"
    assert when["Old Day"] == "Monday, September 9, 2024 · all day"
    assert (
        when["Postponed Lunch"] == "Friday, January 15, 2027 · 12:00 PM EST (America/New York time)"
    )
    dst = soup.find(id=ANCHORS["DST Summit"])
    assert dst.find("time")["datetime"] == "2027-03-13T09:00:00-05:00"
    assert dst["data-end"] == "2027-03-15T21:00:00Z"


def test_where_status_description_and_tags(events_site):
    soup = page(events_site, "events/")
    cancelled = soup.find(id=ANCHORS["Cancelled Dinner"])
    assert cancelled.find(class_="event-title").find("del").get_text() == "Cancelled Dinner"
    assert text_of(cancelled.find(class_="event-status")) == "Cancelled"
    assert text_of(soup.find(id=ANCHORS["Postponed Lunch"]).find(class_="event-status")) == (
        "Postponed"
    )
    webinar = soup.find(id=ANCHORS["Autumn Webinar"]).find(class_="event-where")
    assert webinar.find("a", string="Online")["href"] == "https://meet.example.org/autumn"
    lunch = text_of(soup.find(id=ANCHORS["Postponed Lunch"]).find(class_="event-where"))
    assert lunch == "Lunch Club, Boston and Online"
    workshop = soup.find(id=ANCHORS["Ongoing Workshop"])
    assert [text_of(li) for li in workshop.select(".tags li")] == ["#workshop", "#pitching"]
    description = workshop.find(class_="event-description")
    assert description.find("strong").get_text() == "pitch practice"
    assert description.find("a", string="the agenda")["href"] == "https://example.org/agenda"


def test_description_markdown_is_sanitized(events_site):
    description = page(events_site, "events/").find(id=ANCHORS["Ongoing Workshop"])
    description = description.find(class_="event-description")
    assert description.find("script") is None
    for element in description.find_all(True):
        assert not [name for name in element.attrs if name.startswith("on")], element
        assert not element.get("href", "").startswith("javascript:"), element
    raw = (events_site / "events" / "index.html").read_text()
    assert 'alert("x")' not in raw and "onerror" not in raw and "onclick" not in raw


def test_navigation_sitemap_and_head_link_to_events(events_site):
    home = page(events_site, "")
    assert home.find("nav").find("a", string="Events")["href"] == "/events/"
    events_page = page(events_site, "events/")
    assert events_page.find("nav").find("a", string="Events")["aria-current"] == "page"
    for soup in (home, events_page):
        link = soup.find("link", type="text/calendar")
        assert link["href"] == f"{TEST_SITEURL}/events.ics" and link["rel"] == ["alternate"]
    assert events_page.find("main").find("a", href="/events.ics") is not None
    sitemap = (events_site / "sitemap.xml").read_text()
    assert f"<loc>{TEST_SITEURL}/events/</loc>" in sitemap


def test_home_page_shows_the_next_three_upcoming_events(events_site):
    box = page(events_site, "").find("section", class_="upcoming-events")
    links = box.find("ul").find_all("a")
    assert [text_of(a) for a in links] == UPCOMING[:3]
    assert links[0]["href"] == f"/events/{ANCHORS['Ongoing Workshop']}/"
    assert links[2].find("del") is not None  # the cancelled dinner, struck through


def test_home_page_has_no_events_box_without_upcoming_events(tmp_path):
    past_only = "- title: Long Ago\n  start: 2020-01-01\n"
    output = tmp_path / "output"
    assert build(output, content=content_with_events(tmp_path, past_only)).ok
    home = page(output, "")
    assert home.find(class_="upcoming-events") is None
    assert "Upcoming events" not in home.get_text()
    events_page = page(output, "events/")
    assert not events_page.find(id="no-upcoming").has_attr("hidden")
    assert titles(events_page.find(id="past")) == ["Long Ago"]


# JSON-LD -----------------------------------------------------------------------------------


def test_every_event_has_json_ld(events_site):
    found = [data for data in jsonld(page(events_site, "events/")) if data["@type"] == "Event"]
    by_name = {data["name"]: data for data in found}
    assert sorted(by_name) == sorted(ANCHORS)
    dst = by_name["DST Summit"]
    assert dst["startDate"] == "2027-03-13T09:00:00-05:00"
    assert dst["endDate"] == "2027-03-15T17:00:00-04:00"
    assert dst["url"] == f"{TEST_SITEURL}/events/{ANCHORS['DST Summit']}/"
    assert dst["sameAs"] == "https://example.org/dst-summit"
    assert dst["location"] == {
        "@type": "Place",
        "name": "Convention Center, New York",
        "address": {"@type": "PostalAddress", "streetAddress": "Convention Center, New York"},
    }
    assert dst["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert dst["eventStatus"] == "https://schema.org/EventScheduled"
    assert by_name["Cancelled Dinner"]["eventStatus"] == "https://schema.org/EventCancelled"
    lunch = by_name["Postponed Lunch"]
    assert lunch["eventStatus"] == "https://schema.org/EventPostponed"
    assert lunch["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in lunch["location"]] == ["Place", "VirtualLocation"]
    assert lunch["url"] == f"{TEST_SITEURL}/events/{ANCHORS['Postponed Lunch']}/"
    webinar = by_name["Autumn Webinar"]
    assert webinar["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert webinar["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/autumn",
    }
    conference = by_name["All-day Multi Conference"]
    assert (conference["startDate"], conference["endDate"]) == ("2026-12-01", "2026-12-03")
    workshop = by_name["Ongoing Workshop"]["description"]
    assert "pitch practice" in workshop and "<" not in workshop and "alert" not in workshop


# Calendar feeds ----------------------------------------------------------------------------


def test_calendar_holds_every_event_with_stable_unique_uids(events_site):
    calendar = read_calendar(events_site / "events.ics")
    events = vevents(calendar)
    assert sorted(events) == sorted(ANCHORS)
    assert {str(event["UID"]) for event in events.values()} == {
        f"{anchor}@{DOMAIN}" for anchor in ANCHORS.values()
    }
    for event in events.values():
        assert event["DTSTAMP"].dt == NOW
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]


def test_calendar_times_zones_and_all_day_dates(events_site):
    calendar = read_calendar(events_site / "events.ics")
    events = vevents(calendar)
    dst = events["DST Summit"]
    assert dst["DTSTART"].params["TZID"] == "America/New_York"
    assert dst["DTSTART"].dt.astimezone(UTC) == datetime(2027, 3, 13, 14, 0, tzinfo=UTC)
    assert dst["DTEND"].dt.astimezone(UTC) == datetime(2027, 3, 15, 21, 0, tzinfo=UTC)
    dinner = events["Cancelled Dinner"]
    assert dinner["DTSTART"].dt.astimezone(UTC) == datetime(2026, 12, 10, 10, 0, tzinfo=UTC)
    assert str(dinner["STATUS"]) == "CANCELLED"
    assert str(events["Postponed Lunch"]["STATUS"]) == "TENTATIVE"
    assert "DTEND" not in events["Postponed Lunch"]
    assert str(dst["STATUS"]) == "CONFIRMED"
    conference = events["All-day Multi Conference"]
    assert conference["DTSTART"].dt == date(2026, 12, 1)
    assert not isinstance(conference["DTSTART"].dt, datetime)
    assert conference["DTEND"].dt == date(2026, 12, 4)  # exclusive: the day after the last
    assert events["Old Day"]["DTEND"].dt == date(2024, 9, 10)
    used = {
        event["DTSTART"].params["TZID"]
        for event in events.values()
        if isinstance(event["DTSTART"].dt, datetime)
    }
    assert used == {"America/New_York", "Europe/London", "Asia/Tokyo"}
    assert {zone["TZID"] for zone in calendar.walk("VTIMEZONE")} == used
    raw = (events_site / "events.ics").read_bytes()
    assert b"DTSTART;VALUE=DATE:20261201" in raw and b"\r\n" in raw


def test_calendar_text_fields_are_plain(events_site):
    events = vevents(read_calendar(events_site / "events.ics"))
    workshop = events["Ongoing Workshop"]
    description = str(workshop["DESCRIPTION"])
    assert "pitch practice" in description and "<" not in description and "alert" not in description
    assert str(workshop["LOCATION"]) == "Workshop Loft, New York"
    assert str(events["Autumn Webinar"]["LOCATION"]) == "https://meet.example.org/autumn"
    assert str(events["DST Summit"]["URL"]) == "https://example.org/dst-summit"
    assert [str(c) for c in workshop["CATEGORIES"].cats] == ["workshop", "pitching"]


@pytest.mark.slow
def test_calendars_are_identical_across_builds(events_site, tmp_path):
    again = tmp_path / "again"
    assert build(again, content=content_with_events(tmp_path, FIXTURE.read_text())).ok
    calendars = sorted(path.relative_to(events_site) for path in events_site.rglob("*.ics"))
    assert len(calendars) == len(ANCHORS) + 1
    for relative in calendars:
        assert (again / relative).read_bytes() == (events_site / relative).read_bytes(), relative
    assert (again / "events" / "index.html").read_bytes() == (
        events_site / "events" / "index.html"
    ).read_bytes()


# The site's own sample data ----------------------------------------------------------------


def test_sample_events_cover_what_the_page_must_show(site):
    soup = page(site, "events/")
    events = vevents(read_calendar(site / "events.ics"))
    assert len(events) >= 8
    assert soup.find(id="upcoming").select(".event") and soup.find(id="past").select(".event")
    starts = [event["DTSTART"].dt for event in events.values()]
    all_day = [start for start in starts if not isinstance(start, datetime)]
    assert all_day and len(all_day) < len(starts)
    assert any((e["DTEND"].dt - e["DTSTART"].dt).days >= 2 for e in events.values() if "DTEND" in e)
    zones = {e["DTSTART"].params["TZID"] for e in events.values() if "TZID" in e["DTSTART"].params}
    assert len(zones) >= 3
    assert any(str(event["STATUS"]) == "CANCELLED" for event in events.values())
    modes = {data.get("eventAttendanceMode") for data in jsonld(soup)}
    assert "https://schema.org/OfflineEventAttendanceMode" in modes
    assert "https://schema.org/OnlineEventAttendanceMode" in modes
    assert page(site, "").find(class_="upcoming-events") is not None
