"""A page for every event: its links, Add to calendar, head, JSON-LD, sitemap, from real builds."""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import extruct
import pytest
from PIL import Image

from benchmarks.synthetic_photos import phone_jpeg, photo
from site_tools.sitecheck import BUDGET_BYTES, BUDGET_REQUESTS, budget_problems, first_load
from tests.helpers import (
    EVENT_PAGE,
    FIXTURE,
    ROOT,
    TEST_SITEURL,
    WINDOWS,
    build,
    built_and_served,
    content_with_events,
    fetched_on_first_load,
    page,
    settings_file,
    text_of,
)

ANCHORS = {
    "DST Summit": "2027-03-13-dst-summit",
    "Cancelled Dinner": "2026-12-10-cancelled-dinner",
    "Postponed Lunch": "2027-01-15-postponed-lunch",
    "Autumn Webinar": "2026-10-01-autumn-webinar",
    "All-day Multi Conference": "2026-12-01-all-day-multi-conference",
    "Old Day": "2024-09-09-old-day",
}
NEW_YORK = ZoneInfo("America/New_York")


# A profile that no post names, only events: valid, with an author page of its own.
ORGANIZER = """
Sam Organizer:
  role: Community lead
  photo: images/authors/the-editors.png
"""


# Posts about events: a recap of one that is over, a preview of one to come.
RECAPS = {"autumn-webinar-recap": "2026-10-01-autumn-webinar",
          "dst-summit-preview": "2027-03-13-dst-summit"}  # fmt: skip


def post_about(slug: str, anchor: str) -> str:
    title = slug.replace("-", " ").title()
    return (f"Title: {title}\nSlug: {slug}\nDate: 2026-10-05 10:00\nAuthor: The Editors\n"
            f"Category: Events\nEvent: {anchor}\n\nWhat happened.\n")  # fmt: skip


def events_with_an_image() -> str:
    """The fixture events, the webinar with an image of its own (written by ``with_image``)."""
    return FIXTURE.read_text().replace(
        "    online: https://meet.example.org/autumn\n",
        "    online: https://meet.example.org/autumn\n    image: images/webinar.jpg\n"
        "    image_alt: An orange stage\n",
        1,
    )


def with_image(content: Path) -> Path:
    picture = Image.new("RGB", (1600, 1200), "#b45309")
    picture.save(content / "images" / "webinar.jpg", quality=90)
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("event-pages")
    output = base / "output"
    content = with_image(content_with_events(base, events_with_an_image()))
    with (content / "data" / "authors.yaml").open("a") as authors:
        authors.write(ORGANIZER)
    for slug, event in RECAPS.items():
        (content / "posts" / f"{slug}.md").write_text(post_about(slug, event))
    result = build(output, content=content)
    assert result.ok, result.output
    return output, result.output


@pytest.fixture(scope="module")
def events_site(built):
    return built[0]


def event_page(site, title: str):
    return page(site, f"events/{ANCHORS[title]}/")


def query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def crawled(site, title: str) -> dict:
    """Open Graph and JSON-LD of an event page, read as a crawler reads them."""
    path = f"events/{ANCHORS[title]}/"
    html = (site / path / "index.html").read_text(encoding="utf-8")
    return extruct.extract(html, base_url=f"{TEST_SITEURL}/{path}",
                           syntaxes=["opengraph", "json-ld"], uniform=True)  # fmt: skip


def the_event(data: dict) -> dict:
    (event,) = [item for item in data["json-ld"] if item["@type"] == "Event"]
    return event


def test_every_event_has_its_page_linked_from_the_list_and_the_home_page(events_site):
    listing = page(events_site, "events/")
    for title, anchor in ANCHORS.items():
        url = f"{TEST_SITEURL}/events/{anchor}/"
        item = listing.find(id=anchor)  # /events/#<anchor> still lands on the event
        assert item.find("a", class_="event-name")["href"] == f"/events/{anchor}/"
        assert item.find("a", string="Link") is None
        soup = event_page(events_site, title)
        assert soup.find("link", rel="canonical")["href"] == url
        assert title in text_of(soup.find("h1"))
        assert soup.find("a", string="All events")["href"] == f"/events/#{anchor}"
    box = page(events_site, "").find("section", class_="upcoming-events")
    hrefs = [a["href"] for a in box.find("ul").find_all("a")]
    assert hrefs[0] == "/events/2026-11-24-ongoing-workshop/"


def test_page_shows_when_where_register_and_details(events_site):
    soup = event_page(events_site, "DST Summit")
    assert text_of(soup.find(class_="event-when")) == (
        "Saturday, March 13, 2027, 9:00 AM EST – Monday, March 15, 2027, 5:00 PM EDT "
        "(America/New York time)"
    )
    where = soup.find(class_="event-where")
    osm = where.find("a")
    assert urlsplit(osm["href"]).netloc == "www.openstreetmap.org"
    assert query(osm["href"]) == {"query": "Convention Center, New York"}
    assert soup.find("iframe") is None
    assert soup.find("a", string="Register")["href"] == "https://tickets.example.org/dst-summit"
    assert soup.find("a", string="Details")["href"] == "https://example.org/dst-summit"
    assert soup.find(id="event-over").has_attr("hidden")
    webinar = event_page(events_site, "Autumn Webinar")  # over at the build's "now"
    assert not webinar.find(id="event-over").has_attr("hidden")
    assert (
        webinar.find(class_="event-online").find("a")["href"] == "https://meet.example.org/autumn"
    )
    assert webinar.find(class_="event-where") is None


def test_cancelled_is_struck_through_and_postponed_marked(events_site):
    dinner = event_page(events_site, "Cancelled Dinner").find("h1")
    assert dinner.find("del").get_text() == "Cancelled Dinner"
    assert text_of(dinner.find(class_="event-status")) == "Cancelled"
    lunch = event_page(events_site, "Postponed Lunch").find("h1")
    assert lunch.find("del") is None and text_of(lunch.find(class_="event-status")) == "Postponed"


def calendar_links(site, title: str) -> dict[str, str]:
    section = event_page(site, title).find(class_="event-calendar")
    return {text_of(a): a["href"] for a in section.find_all("a")}


def test_add_to_calendar_links_in_utc_across_a_dst_change(events_site):
    """DST Summit starts on Saturday in EST (UTC-5) and ends on Monday in EDT (UTC-4)."""
    links = calendar_links(events_site, "DST Summit")
    assert links["Calendar file (.ics)"] == f"{TEST_SITEURL}/events/2027-03-13-dst-summit.ics"
    start = datetime(2027, 3, 13, 9, 0, tzinfo=NEW_YORK).astimezone(UTC)
    end = datetime(2027, 3, 15, 17, 0, tzinfo=NEW_YORK).astimezone(UTC)
    assert (start.hour, end.hour) == (14, 21)  # one hour apart from each other's offset
    google = urlsplit(links["Google Calendar"])
    assert (google.netloc, google.path) == ("calendar.google.com", "/calendar/render")
    fields = query(links["Google Calendar"])
    assert fields["action"] == "TEMPLATE" and fields["text"] == "DST Summit"
    first, last = fields["dates"].split("/")
    assert datetime.strptime(first, "%Y%m%dT%H%M%S%z") == start
    assert datetime.strptime(last, "%Y%m%dT%H%M%S%z") == end
    assert fields["location"] == "Convention Center, New York"
    outlook = urlsplit(links["Outlook.com"])
    assert (outlook.netloc, outlook.path) == ("outlook.live.com", "/calendar/0/deeplink/compose")
    fields = query(links["Outlook.com"])
    assert fields["rru"] == "addevent" and fields["subject"] == "DST Summit"
    assert datetime.fromisoformat(fields["startdt"]) == start
    assert datetime.fromisoformat(fields["enddt"]) == end
    assert fields["startdt"].endswith("Z") and fields["allday"] == "false"


def test_add_to_calendar_whole_days_and_online_events(events_site):
    links = calendar_links(events_site, "All-day Multi Conference")
    assert query(links["Google Calendar"])["dates"] == "20261201/20261204"  # end exclusive
    outlook = query(links["Outlook.com"])
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (
        "2026-12-01", "2026-12-04", "true",
    )  # fmt: skip
    webinar = query(calendar_links(events_site, "Autumn Webinar")["Google Calendar"])
    london = ZoneInfo("Europe/London")  # summer time on October 1: UTC+1
    start = datetime(2026, 10, 1, 12, 0, tzinfo=london).astimezone(UTC)
    assert webinar["dates"].split("/")[0] == f"{start:%Y%m%dT%H%M%SZ}" == "20261001T110000Z"
    assert webinar["location"] == "https://meet.example.org/autumn"


def test_head_says_what_the_event_is(events_site):
    graph = crawled(events_site, "DST Summit")["opengraph"][0]
    assert graph["@type"] == "website" and graph["og:title"] == "DST Summit"  # og:type
    assert graph["og:url"] == f"{TEST_SITEURL}/events/2027-03-13-dst-summit/"
    assert graph["og:description"].startswith("Saturday, March 13, 2027")
    assert "Convention Center, New York" in graph["og:description"]
    assert graph["og:image"].startswith(f"{TEST_SITEURL}/cards/")
    soup = event_page(events_site, "DST Summit")
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert soup.find("title").get_text() == "DST Summit · The Connected Professional"


def test_json_ld_is_a_google_event(events_site):
    dst = the_event(crawled(events_site, "DST Summit"))
    assert dst["url"] == f"{TEST_SITEURL}/events/2027-03-13-dst-summit/"
    assert (dst["startDate"], dst["endDate"]) == (
        "2027-03-13T09:00:00-05:00", "2027-03-15T17:00:00-04:00",
    )  # fmt: skip
    assert dst["eventStatus"] == "https://schema.org/EventScheduled"
    assert dst["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert dst["location"]["@type"] == "Place"
    assert dst["location"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "Convention Center, New York",
    }  # fmt: skip
    assert dst["offers"] == {"@type": "Offer", "url": "https://tickets.example.org/dst-summit"}
    assert dst["image"][0].startswith(f"{TEST_SITEURL}/cards/")
    webinar = the_event(crawled(events_site, "Autumn Webinar"))
    assert webinar["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert webinar["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/autumn",
    }
    lunch = the_event(crawled(events_site, "Postponed Lunch"))
    assert lunch["organizer"] == {  # no hosts: the site's Organization
        "@type": "Organization", "name": "The Connected Professional", "url": f"{TEST_SITEURL}/",
    }  # fmt: skip
    assert lunch["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in lunch["location"]] == ["Place", "VirtualLocation"]
    assert lunch["eventStatus"] == "https://schema.org/EventPostponed"
    dinner = the_event(crawled(events_site, "Cancelled Dinner"))
    assert dinner["eventStatus"] == "https://schema.org/EventCancelled"
    assert "offers" not in dinner


def test_event_pages_are_in_the_sitemap_and_marked_for_search(events_site):
    sitemap = (events_site / "sitemap.xml").read_text()
    for anchor in ANCHORS.values():
        assert f"<loc>{TEST_SITEURL}/events/{anchor}/</loc>" in sitemap
    body = event_page(events_site, "DST Summit").find(attrs={"data-pagefind-body": True})
    assert "DST Summit" in text_of(body) and "Convention Center, New York" in text_of(body)


def test_event_pages_can_be_turned_off(tmp_path):
    output = tmp_path / "output"
    settings = settings_file(tmp_path, "off", base="publishconf", extra="EVENT_PAGES = False\n")
    assert build(output, settings, content=content_with_events(tmp_path, FIXTURE.read_text())).ok
    assert not (output / "events" / ANCHORS["DST Summit"]).exists()
    item = page(output, "events/").find(id=ANCHORS["DST Summit"])
    assert item.find("a", class_="event-name")["href"] == (f"/events/#{ANCHORS['DST Summit']}")


# Speakers and hosts -------------------------------------------------------------------------


def people(soup, heading_id: str) -> list:
    return soup.find(id=heading_id).find_parent("section").select(".event-person")


def test_speakers_with_a_profile_link_to_their_page_with_portrait_and_role(events_site):
    soup = event_page(events_site, "DST Summit")
    dana, robin = people(soup, "event-speakers")
    link = dana.find("a")
    assert (text_of(link), link["href"]) == (
        "Dana Whitfield",
        "/author/dana-whitfield/",
    )
    assert text_of(dana.find(class_="author-role")) == "Career coach and community organizer"
    assert inline_portrait(dana).size == (96, 96)
    assert text_of(robin) == "Robin Guest" and robin.find("a") is None  # no profile: text
    assert robin.find("img") is None
    (sam,) = people(soup, "event-hosts")
    assert sam.find("a")["href"] == "/author/sam-organizer/"
    assert inline_portrait(sam).size == (96, 96)


def inline_portrait(person) -> Image.Image:
    """A person's portrait, written into the page (no request): decoded, its size checked
    against its tag's, and without any metadata."""
    (img,) = person.find_all("img")
    header, data = img["src"].split(",", 1)
    assert header == "data:image/webp;base64" and img["alt"] == ""
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    image.load()
    assert (image.format, image.size) == ("WEBP", (int(img["width"]), int(img["height"])))
    assert not image.getexif() and not {"exif", "xmp", "icc_profile"} & set(image.info)
    return image


def test_json_ld_names_hosts_as_organizer_and_speakers_as_performer(events_site):
    dst = the_event(crawled(events_site, "DST Summit"))
    assert dst["organizer"] == [{"@type": "Person", "name": "Sam Organizer",
                                 "url": f"{TEST_SITEURL}/author/sam-organizer/"}]  # fmt: skip
    assert dst["performer"] == [
        {
            "@type": "Person",
            "name": "Dana Whitfield",
            "url": f"{TEST_SITEURL}/author/dana-whitfield/",
        },
        {"@type": "Person", "name": "Robin Guest"},
    ]


def test_a_person_s_page_lists_their_events_and_one_without_posts_is_valid(built):
    site, output = built
    sam = page(site, "author/sam-organizer/")
    assert text_of(sam.find("h1")) == "Sam Organizer"
    events = sam.find(id="author-events-title").find_parent("section")
    assert [a["href"] for a in events.find_all("a")] == [  # upcoming: soonest first
        "/events/2026-12-10-cancelled-dinner/",
        "/events/2027-03-13-dst-summit/",
    ]
    assert "Sam Organizer" not in output  # no "no post has 'Author: ...'" warning
    dana = page(site, "author/dana-whitfield/").find(id="author-events-title")
    assert dana is not None and dana.get_text() == "Events"
    assert f"<loc>{TEST_SITEURL}/author/sam-organizer/</loc>" in (site / "sitemap.xml").read_text()


def test_a_profile_nothing_names_is_still_a_warning(tmp_path):
    content = content_with_events(tmp_path, FIXTURE.read_text())
    with (content / "data" / "authors.yaml").open("a") as authors:
        authors.write("\nNobody Named:\n  role: Ghost\n")
    result = build(tmp_path / "output", content=content)
    assert result.ok
    assert "no post has 'Author: Nobody Named' and no event names them" in result.output


# Recaps and previews ------------------------------------------------------------------------


def test_a_recap_is_listed_on_its_event_and_links_back(events_site):
    webinar = event_page(events_site, "Autumn Webinar")
    section = webinar.find(id="event-posts-title").find_parent("section")
    assert text_of(webinar.find(id="event-posts-title")) == "Recap"
    link = section.find("a")
    assert (text_of(link), link["href"]) == (
        "Autumn Webinar Recap", "/autumn-webinar-recap/",
    )  # fmt: skip
    post = page(events_site, "autumn-webinar-recap/").find(class_="post-event")
    assert text_of(post).startswith("Recap of Autumn Webinar")
    assert post.find("a")["href"] == "/events/2026-10-01-autumn-webinar/"
    listed = page(events_site, "events/").find(id="2026-10-01-autumn-webinar")
    recap = listed.find("a", href="/autumn-webinar-recap/")
    assert text_of(recap) == "Recap: Autumn Webinar Recap"


def test_a_post_before_the_event_is_read_more(events_site):
    summit = event_page(events_site, "DST Summit")
    assert text_of(summit.find(id="event-posts-title")) == "Read more"
    post = page(events_site, "dst-summit-preview/").find(class_="post-event")
    assert text_of(post).startswith("Preview of DST Summit")
    assert event_page(events_site, "Old Day").find(id="event-posts-title") is None


# Share cards ---------------------------------------------------------------------------------


def card_of(site, title: str) -> tuple[dict, Path]:
    graph = crawled(site, title)["opengraph"][0]
    return graph, site / graph["og:image"].removeprefix(f"{TEST_SITEURL}/")


def test_every_event_page_has_its_own_card(events_site):
    digests = {}
    for title in ANCHORS:
        graph, file = card_of(events_site, title)
        assert Path(graph["og:image"]).name.startswith(f"event-{ANCHORS[title]}-")
        with Image.open(file) as card:
            assert card.size == (1200, 627)
            card.load()
        assert (graph["og:image:width"], graph["og:image:height"]) == ("1200", "627")
        assert the_event(crawled(events_site, title))["image"] == [graph["og:image"]]
        digests[title] = hashlib.sha256(file.read_bytes()).hexdigest()
    assert len(set(digests.values())) == len(ANCHORS)  # one per event, all different
    names = [path.name for path in (events_site / "cards").glob("event-*")]
    assert len(names) == len(list((events_site / "events").glob("*/index.html")))


def test_a_drawn_card_says_the_status_and_an_image_is_fitted(events_site):
    graph, file = card_of(events_site, "Cancelled Dinner")
    assert graph["og:image:type"] == "image/png"
    assert graph["og:image:alt"] == (
        "Cancelled: Cancelled Dinner, Thursday, December 10, 2026 · 7:00 PM – 9:00 PM JST, "
        "Sky Restaurant, Tokyo"
    )
    graph, file = card_of(events_site, "Autumn Webinar")
    assert (graph["og:image:type"], graph["og:image:alt"]) == ("image/jpeg", "An orange stage")
    with Image.open(file) as card:
        red, _, blue = card.convert("RGB").getpixel((600, 300))
        assert red > 150 and blue < 60
    online = card_of(events_site, "Postponed Lunch")[0]["og:image:alt"]
    assert online.startswith("Postponed: Postponed Lunch") and online.endswith("and online")


@pytest.mark.slow
def test_event_cards_are_reproducible(events_site, tmp_path):
    again = tmp_path / "again"
    content = with_image(content_with_events(tmp_path, events_with_an_image()))
    with (content / "data" / "authors.yaml").open("a") as authors:
        authors.write(ORGANIZER)
    for slug, event in RECAPS.items():
        (content / "posts" / f"{slug}.md").write_text(post_about(slug, event))
    assert build(again, content=content).ok
    ours = sorted(path.name for path in (events_site / "cards").glob("event-*"))
    assert ours == sorted(path.name for path in (again / "cards").glob("event-*"))
    for name in ours:
        assert (again / "cards" / name).read_bytes() == (events_site / "cards" / name).read_bytes()


# Budget ----------------------------------------------------------------------------------------


def test_an_event_page_fits_the_byte_and_request_budget(site):
    """The sample event with speakers, hosts, Register and Add to calendar, as published."""
    assert budget_problems(site, TEST_SITEURL, EVENT_PAGE) == []
    load = first_load(site, TEST_SITEURL, EVENT_PAGE)
    assert load.requests <= BUDGET_REQUESTS and load.elsewhere == []
    assert load.bytes < BUDGET_BYTES
    print(f"{EVENT_PAGE}: {load.bytes:,} bytes in {load.requests} requests ({load.sizes})")
    soup = page(site, EVENT_PAGE)
    assert [text_of(a) for a in soup.select(".event-person a")] == ["Dana Whitfield", "The Editors"]


# Two speakers more, with phone photos: GPS in their EXIF, the second's pixels on their side
# (orientation 6); both 960 x 1280 as shown.
PHOTOGRAPHED = {"Priya Raman": ("priya-raman.jpg", (960, 1280), 1),
                "Jon Okafor": ("jon-okafor.jpg", (1280, 960), 6)}  # fmt: skip


def with_photographed_speakers(content: Path) -> Path:
    """The sample event with four speakers, three with a photo, and its host with one."""
    for number, (name, (file, size, orientation)) in enumerate(PHOTOGRAPHED.items(), 1):
        phone_jpeg(content / "images" / "authors" / file, photo(*size, number), orientation)
        with (content / "data" / "authors.yaml").open("a") as authors:
            authors.write(f"\n{name}:\n  role: Speaker\n  photo: images/authors/{file}\n")
    events = content / "data" / "events.yaml"
    speakers = "speakers: [Dana Whitfield, Priya Raman, Jon Okafor, Marcus Lee]"
    events.write_text(
        events.read_text().replace("speakers: [Dana Whitfield, Marcus Lee]", speakers)
    )
    return content


@pytest.mark.parametrize(("width", "height"), WINDOWS)
def test_an_event_with_three_photographed_speakers_loads_in_3_requests(
    served_speakers, browser, width, height
):
    """Chromium fetches everything it shows until the network is idle: the page, the style
    sheet, the icon; the four portraits are in the page, whole, sized, without metadata."""
    site = served_speakers
    fetched = fetched_on_first_load(browser, f"{site.url}/{EVENT_PAGE}", width, height)
    assert len(fetched) <= BUDGET_REQUESTS and sum(fetched.values()) < BUDGET_BYTES
    load = first_load(site.root, site.url, EVENT_PAGE)
    assert load.requests == len(fetched) and load.bytes < BUDGET_BYTES
    print(f"{width} px: {sum(fetched.values()):,} bytes in {len(fetched)} requests; "
          f"as the budget weighs it: {load.bytes:,}")  # fmt: skip
    soup = page(site.root, EVENT_PAGE)
    speakers = people(soup, "event-speakers")
    assert [text_of(person.find("a") or person) for person in speakers] == [
        "Dana Whitfield", "Priya Raman", "Jon Okafor", "Marcus Lee"
    ]  # fmt: skip
    portraits = [inline_portrait(person) for person in speakers[:3] + people(soup, "event-hosts")]
    assert [image.size for image in portraits] == [(96, 96), (96, 128), (96, 128), (96, 96)]
    tab = browser.new_page(viewport={"width": width, "height": height})
    try:
        tab.goto(f"{site.url}/{EVENT_PAGE}", wait_until="load")
        drawn = tab.eval_on_selector_all(
            ".event-person img",
            "images => images.map(i => [i.complete && i.naturalWidth, i.width, i.height])",
        )
    finally:
        tab.close()
    assert drawn == [[96, 48, 48]] * 4  # decoded, shown as 3rem circles (object-fit: cover)


def test_people_past_the_pages_room_for_portraits_show_their_initials(tmp_path):
    """EVENT_PORTRAIT_BYTES bounds what the portraits add to the page: the speakers' come
    first; the host's no longer fits, so The Editors show as "TE"."""
    settings = settings_file(tmp_path, "room", base="publishconf",
                             extra="EVENT_PORTRAIT_BYTES = 2000\n")  # fmt: skip
    output = tmp_path / "output"
    assert build(output, settings).ok
    soup = page(output, EVENT_PAGE)
    (dana, marcus) = people(soup, "event-speakers")
    (editors,) = people(soup, "event-hosts")
    assert len(dana.find("img")["src"]) <= 2000 and marcus.find(class_="event-portrait") is None
    initials = editors.find(class_="event-initials")
    assert (text_of(initials), initials["aria-hidden"]) == ("TE", "true")
    assert editors.find("img") is None
    assert text_of(editors.find("a")) == "The Editors"


@pytest.fixture(scope="module")
def served_speakers(tmp_path_factory):
    base = tmp_path_factory.mktemp("speakers")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    with built_and_served(base / "output", with_photographed_speakers(content)) as site:
        yield site
