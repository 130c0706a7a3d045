"""Searching in Chromium: a publish build (indexed by Pagefind) served on 127.0.0.1, with posts
added for the cases the site's own content does not have: accents, Japanese, a draft, a hidden
post, a word in one title and in another post's text."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from urllib.parse import quote

import pytest

from tests.helpers import (
    AXE_RULE_TAGS,
    AXE_SCRIPT,
    EVENT_PAGE,
    ROOT,
    SCHEMES,
    WIDTHS,
    built_and_served,
    require_tool,
)
from tests.helpers import page as built_page

pytestmark = pytest.mark.browser

SEED_URL = "network-before-you-need-it/"


def post(title: str, slug: str, day: str, category: str, rest: str) -> str:
    return (f"Title: {title}\nSlug: {slug}\nDate: 2026-{day} 09:00\nAuthor: The Editors\n"
            f"Category: {category}\n{rest}")  # fmt: skip


EXTRA_POSTS = {
    "accents.md": post("Sample: A Smörgåsbord of Contacts", "smorgasbord", "02-10", "Career Growth",
                       "Tags: sample, travel\nSummary: Accents.\n\n"
                       "We met at the café near Zürich.\n"),
    "japanese.md": post("名刺交換のすすめ", "meishi-koukan", "02-11", "Career Growth",
                        "Lang: ja\nTags: sample\nSummary: 名刺\n\n"
                        "東京の交流会で名刺交換をしました。人脈づくりは準備から始まります。\n"),
    "title-word.md": post("Sample: Lighthouse Habits", "lighthouse-habits", "02-12", "Leadership",
                          "Tags: sample\nSummary: A title word.\n\n"
                          "Small habits that guide a career.\n\n"
                          '<div data-pagefind-ignore markdown="1">\n'
                          "A quibbleflux aside, on the page only.\n</div>\n"),
    "body-word.md": post("Sample: Keeping Watch", "keeping-watch", "02-13", "Leadership",
                         "Tags: sample\nSummary: Body words.\n\n"
                         "A lighthouse, a lighthouse keeper and one more lighthouse by the sea.\n"),
    "draft.md": post("Draft Plans", "draft-plans", "03-01", "Leadership",
                     "Status: draft\n\nA quokkaflux idea.\n"),
    "hidden.md": post("Hidden Notes", "hidden-notes", "03-02", "Leadership",
                      "Status: hidden\n\nA quagmireflux note.\n"),
}  # fmt: skip
EVENT_LINK = "events/#2026-06-16-connect-europe-summit-title"
READ_RESULTS = """() => [...document.querySelectorAll('#search-results a')].map(a => a.href)"""
NEWEST_FIRST = """() => {
  const dates = [...document.querySelectorAll('#search-results .post-meta')]
    .map(date => Date.parse(date.textContent));
  return !document.getElementById('search-results').ariaBusy && dates.length > 1
    && dates.every((date, i) => i === 0 || dates[i - 1] >= date);
}"""


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("search-served")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    for name, text in EXTRA_POSTS.items():
        (content / "posts" / name).write_text(text, encoding="utf-8")
    with built_and_served(base / "output", content) as site:
        yield site


def failed(request, errors: list[str]) -> None:
    """A request that failed, except one the browser dropped because the tab moved on."""
    if request.failure != "net::ERR_ABORTED":
        errors.append(f"{request.url}: {request.failure}")


@pytest.fixture
def tab(browser):
    """A fresh browser tab; the test fails on any console error or failed request in it."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: failed(request, errors))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.url}: HTTP {r.status}"))
    yield page
    context.close()
    assert errors == []


def wait_for_results(page) -> str:
    """The announcement once the first page of results is shown ("3 results for “x”")."""
    page.wait_for_function("document.getElementById('search-status').textContent.length > 0"
                           " && !document.getElementById('search-results').ariaBusy")  # fmt: skip
    return page.inner_text("#search-status")


def search(page, site, query: str) -> list[str]:
    """Every link of the results of ``query``, in order, sub-results after their page."""
    page.goto(f"{site.url}/search/?q={quote(query)}")
    wait_for_results(page)
    return page.evaluate(READ_RESULTS)


def test_the_header_form_on_the_home_page_lands_on_results_with_the_seed_post_first(
    tab, search_site
):
    tab.goto(f"{search_site.url}/")
    tab.fill("#site-search-q", "marathon")
    tab.press("#site-search-q", "Enter")
    tab.wait_for_url(f"{search_site.url}/search/?q=marathon")
    assert wait_for_results(tab) == "1 result for “marathon”"
    assert tab.evaluate(READ_RESULTS)[0] == f"{search_site.url}/{SEED_URL}"
    first = tab.locator("#search-results > li").first
    assert first.locator(".post-meta").inner_text() == "June 1, 2016"
    assert first.locator(".search-excerpt mark").first.inner_text() == "Marathon"


def test_a_word_in_one_sample_post_finds_that_post_only(tab, search_site):
    assert search(tab, search_site, "onboarding") == [
        f"{search_site.url}/sample-a-follow-up-note-template/"
    ]


@pytest.mark.parametrize("query", ["Smörgåsbord", "smorgasbord", "Zürich"])
def test_accented_words_find_their_post_with_or_without_the_accents(tab, search_site, query):
    assert search(tab, search_site, query) == [f"{search_site.url}/smorgasbord/"]


def test_a_japanese_word_finds_its_post(tab, search_site):
    form = built_page(search_site.root, "search/").select_one("#search-form")
    assert form["data-languages"] == "ja"  # the Japanese post has its own index, merged in
    # Pelican's own address for a post in another language (no ARTICLE_LANG_URL is set).
    assert search(tab, search_site, "名刺") == [f"{search_site.url}/meishi-koukan-ja.html"]


def test_a_title_word_ranks_above_the_same_word_in_another_posts_text(tab, search_site):
    assert search(tab, search_site, "lighthouse") == [
        f"{search_site.url}/lighthouse-habits/",
        f"{search_site.url}/keeping-watch/",
    ]


@pytest.mark.parametrize("query", ["Connect Europe Summit", "Alexanderstraße"])
def test_an_event_title_or_place_finds_its_entry_on_the_events_page(tab, search_site, query):
    """The event's own page first, then its entry on the events page."""
    links = search(tab, search_site, query)
    own_page = f"{search_site.url}/events/2026-06-16-connect-europe-summit/"
    assert links[:3] == [own_page, f"{search_site.url}/events/", f"{search_site.url}/{EVENT_LINK}"]
    tab.click(f"#search-results a[href$='{EVENT_LINK.split('/')[-1]}']")
    tab.wait_for_url(f"{search_site.url}/{EVENT_LINK}")
    assert tab.evaluate("document.querySelector(':target').textContent").startswith(
        "Connect Europe Summit"
    )


# Pagefind answers a word it does not know with the longest indexed word it starts with ("w" in
# an address for "wombat"): no word of the site's content is a prefix of these.
UNINDEXED_WORDS = {
    "draft": ("quokkaflux", "drafts/draft-plans/"),
    "hidden post": ("quagmireflux", "hidden-notes/"),
    "ignored passage": ("quibbleflux", "lighthouse-habits/"),
}


@pytest.mark.parametrize(("query", "where"), UNINDEXED_WORDS.values(), ids=UNINDEXED_WORDS.keys())
def test_words_only_in_a_draft_a_hidden_post_or_an_ignored_passage_find_nothing(
    tab, search_site, query, where
):
    assert query in built_page(search_site.root, where).get_text()  # on the page, not indexed
    assert search(tab, search_site, query) == []
    assert tab.inner_text("#search-status") == f"0 results for “{query}”"


def tagged(site, link: str, tag: str) -> bool:
    relative = link.removeprefix(site.url + "/")
    marks = built_page(site.root, relative).select("[data-pagefind-filter]")
    return f"tag:{tag}" in [mark["data-pagefind-filter"] for mark in marks]


def result_count(page) -> int:
    return int(page.inner_text("#search-status").split()[0])


def test_a_tag_filter_narrows_the_results(tab, search_site):
    search(tab, search_site, "sample")
    everything = result_count(tab)
    tab.click("details[data-filter=tag] summary")  # the filters load when first opened
    tab.check("details[data-filter=tag] input[value=mentoring]")
    tab.wait_for_function(f"!document.getElementById('search-status').textContent"
                          f".startsWith('{everything} ')"
                          " && !document.getElementById('search-results').ariaBusy")  # fmt: skip
    narrowed = tab.evaluate(READ_RESULTS)
    assert 0 < len(narrowed) == result_count(tab) < everything
    assert all(tagged(search_site, link, "mentoring") for link in narrowed)
    label = tab.locator("details[data-filter=tag] label", has_text="mentoring").inner_text()
    assert label.strip() == f"mentoring ({len(narrowed)})"


def shown_dates(page) -> list[datetime]:
    texts = page.locator("#search-results .post-meta").all_inner_texts()
    return [datetime.strptime(text, "%B %d, %Y") for text in texts]


def test_newest_first_orders_the_results_by_date(tab, search_site):
    search(tab, search_site, "sample")
    assert shown_dates(tab) != sorted(shown_dates(tab), reverse=True)  # best match first
    tab.select_option("#search-sort", "desc")
    tab.wait_for_function(NEWEST_FIRST)
    dates = shown_dates(tab)
    assert len(dates) >= 5
    assert dates == sorted(dates, reverse=True)


def test_results_are_announced_and_usable_with_the_keyboard_alone(tab, search_site):
    tab.goto(f"{search_site.url}/search/")
    tab.keyboard.press("Tab")  # the skip link
    for _ in range(10):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "search-q":
            break
    tab.keyboard.type("networking")
    tab.keyboard.press("Enter")
    status = tab.locator("#search-status")
    assert status.get_attribute("role") == "status"
    assert wait_for_results(tab).endswith(" results for “networking”")
    focused = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        focused.append(tab.evaluate("document.activeElement.textContent.trim()"))
        if focused[-1] == "Tags":
            break
    tab.keyboard.press("Enter")  # opens the tag filter, whose values then load
    tab.wait_for_selector("details[data-filter=tag] input")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.type") == "checkbox"
    before = status.inner_text()
    tab.keyboard.press("Space")
    tab.wait_for_function(f"document.getElementById('search-status').textContent !== {before!r}")
    for _ in range(60):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.closest('#search-results') !== null"):
            break
    target = tab.evaluate("document.activeElement.href")
    tab.keyboard.press("Enter")
    tab.wait_for_url(target)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def test_axe_finds_no_violation_on_results_with_the_filters_open(
    browser, search_site, width, scheme
):
    require_tool(AXE_SCRIPT.is_file(), "axe-core (npm ci)")
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    search(page, search_site, "networking")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_RULE_TAGS
    )
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert result["passes"]
    assert [f"{v['id']}: {json.dumps([n['target'] for n in v['nodes']])}"
            for v in result["violations"]] == []  # fmt: skip
    assert overflow <= 0


def test_without_javascript_the_search_page_says_so_and_links_the_archives(browser, search_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{search_site.url}/search/?q=marathon")
    note = page.locator(".search-note")
    assert "Search runs in your browser and needs JavaScript." in note.inner_text()
    assert note.locator("a").all_inner_texts() == ["archives", "tags", "categories"]
    assert page.locator("#search-results li").count() == 0
    assert page.locator("#search-controls").is_hidden()
    context.close()


def test_more_results_adds_the_next_ten_and_moves_focus_to_the_first_of_them(tab, search_site):
    search(tab, search_site, "the")
    total = result_count(tab)
    assert total > 10
    assert tab.locator("#search-results > li").count() == 10
    tab.focus("#search-more")
    tab.keyboard.press("Enter")
    tab.wait_for_function("document.activeElement.closest('#search-results > li:nth-child(11)')")
    assert tab.locator("#search-results > li").count() == min(total, 20)
    assert tab.locator("#search-more").is_visible() == (total > 20)


@pytest.mark.parametrize("query", ["Mentorship Circle", "Merchandise Mart", "Marcus Lee"])
def test_an_event_page_is_found_by_its_title_place_and_speaker(tab, search_site, query):
    found = search(tab, search_site, query)
    assert f"{search_site.url}/{EVENT_PAGE}" in found[:3], found
