"""Every template renders, and the pages carry what readers and search engines need."""

from __future__ import annotations

import re

import pytest
import rjsmin

from tests.helpers import (
    EVENT_PAGE,
    ROOT,
    TEST_SITEURL,
    build,
    inline_scripts,
    jsonld,
    page,
    require_tool,
    settings_file,
    text_of,
)

# The seed article as it was handed over (../shared, beside a clone in CI), and the copy the
# tests read, so that a clone on its own runs them too.
HANDED_SEED = ROOT.parent / "shared" / "seeds" / "000_e76b24b4b068189f.txt"
SEED = ROOT / "tests" / "fixtures" / "seed" / HANDED_SEED.name
SEED_URL = "network-before-you-need-it/"

# One page per template Pelican renders with this theme.
TEMPLATE_OUTPUTS = {
    "index": "",
    "index, page 2": "page/2/",
    "article": SEED_URL,
    "page": "about/",
    "category": "category/career-growth/",
    "categories": "categories/",
    "tag": "tag/networking/",
    "tags": "tags/",
    "author": "author/the-editors/",
    "authors": "authors/",
    "archives": "archives/",
    "period archives (year)": "archives/2024/",
    "period archives (month)": "archives/2024/04/",
    "404": "404.html",
    "search": "search/",
}


@pytest.mark.parametrize("relative", TEMPLATE_OUTPUTS.values(), ids=TEMPLATE_OUTPUTS.keys())
def test_every_template_renders_one_h1_and_landmarks(site, relative):
    soup = page(site, relative)
    assert len(soup.find_all("h1")) == 1
    assert soup.find("main", id="main") is not None
    assert soup.find("header") is not None and soup.find("footer") is not None
    assert soup.find("a", class_="skip-link")["href"] == "#main"
    assert soup.find("html")["lang"] == "en"
    assert soup.find("link", rel="icon") is not None


def theme_script(name: str) -> str:
    """The theme's script as pages carry it: minified (rjsmin)."""
    return rjsmin.jsmin((ROOT / "theme" / "static" / "js" / name).read_text(encoding="utf-8"))


def test_the_seed_copy_is_the_article_as_handed():
    require_tool(HANDED_SEED.is_file(), f"the seed as handed ({HANDED_SEED})")
    assert SEED.read_bytes() == HANDED_SEED.read_bytes()


def seed_paragraphs() -> list[str]:
    blocks = [" ".join(block.split()) for block in SEED.read_text().split("\n\n")]
    return [block for block in blocks if block]


def test_seed_article_keeps_every_paragraph_word_for_word(site):
    body = page(site, SEED_URL).find("div", class_="post-body")
    rendered = [text_of(element) for element in body.find_all(["p", "h2", "li"])]
    blocks = seed_paragraphs()
    title, trailer = blocks[0], blocks[-1]
    assert trailer == "5 views0 comments"  # the old host's counts: data, not body text
    missing = [block for block in blocks[1:-1] if not re.match(r"\d\. ", block)]
    missing = [block for block in missing if block not in rendered]
    assert missing == []
    assert title not in rendered and trailer not in text_of(body)


def test_seed_article_structure(site):
    soup = page(site, SEED_URL)
    assert text_of(soup.find("h1")) == "Network Before You Need It: Networking Saves Lives"
    headings = [text_of(h) for h in soup.find("div", class_="post-body").find_all("h2")]
    assert headings == [
        "The survival rate for emergency room admissions was 100%",
        "For many this new networking practice wasn’t easy at first",
        "Networking will always be an important part of life—and your career growth and "
        "development (even if you don’t save lives for a living)",
        "So what if the whole idea of networking is intimidating or distasteful to you?",
    ]
    steps = [text_of(li) for li in soup.find("div", class_="post-body").find("ol").find_all("li")]
    assert steps == [
        "Focus on learning.",
        "Identify common interests.",
        "Think broadly about what you can give.",
        "Find a higher purpose.",
    ]
    citation = soup.find("em").find("a")
    assert text_of(citation) == "Learn to Love Networking"


def test_seed_article_meta_line(site):
    soup = page(site, SEED_URL)
    meta = soup.find("p", class_="post-meta")
    published = meta.find("time")
    assert published["datetime"].startswith("2016-06-01T09:00:00")
    assert text_of(published) == "June 1, 2016"
    assert meta.find("a", rel="author").get_text() == "The Editors"
    assert "min read" in text_of(meta)
    tags = [a.get_text() for a in soup.find("ul", class_="tags").find_all("a")]
    assert tags == ["#networking", "#leadership", "#resilience", "#career"]


def test_updated_date_is_shown_when_a_post_was_modified(site):
    meta = page(site, "sample-your-first-industry-conference/").find("p", class_="post-meta")
    times = meta.find_all("time")
    assert [t["datetime"][:10] for t in times] == ["2024-04-18", "2024-05-02"]
    assert "Updated May 2, 2024" in text_of(meta)


def test_article_head_has_canonical_description_and_social_cards(site):
    soup = page(site, SEED_URL)
    url = f"{TEST_SITEURL}/{SEED_URL}"
    assert soup.find("link", rel="canonical")["href"] == url
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith(
        "The aftermath of the Boston Marathon"
    )
    assert soup.find("meta", property="og:url")["content"] == url
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    feeds = {link["href"] for link in soup.find_all("link", rel="alternate")}
    assert f"{TEST_SITEURL}/feeds/all.atom.xml" in feeds
    # A category's and a tag's feeds are advertised on their own listing pages.
    assert not any("/feeds/category/" in feed or "/feeds/tag/" in feed for feed in feeds)
    category_feeds = {
        link["href"]
        for link in page(site, "category/career-growth/").find_all("link", rel="alternate")
    }
    assert {
        f"{TEST_SITEURL}/feeds/category/career-growth.atom.xml",
        f"{TEST_SITEURL}/feeds/category/career-growth.rss.xml",
    } <= category_feeds
    tag_feeds = {
        link["href"] for link in page(site, "tag/networking/").find_all("link", rel="alternate")
    }
    assert f"{TEST_SITEURL}/feeds/tag/networking.atom.xml" in tag_feeds


SITE = "The Connected Professional"
# Every page type's head as blog_core's presenter composes it: <title>, the canonical address
# (relative to the site; the later home pages, period archives and the 404 page give the home
# page's), og:title and og:type.
HEADS = {
    "": (SITE, "", SITE, "website"),
    "page/2/": (f"{SITE} · Page 2", "", f"{SITE} · Page 2", "website"),
    SEED_URL: (
        f"Network Before You Need It: Networking Saves Lives · {SITE}",
        SEED_URL,
        "Network Before You Need It: Networking Saves Lives",
        "article",
    ),
    "about/": (f"About · {SITE}", "about/", "About", "website"),
    "category/career-growth/": (
        f"Category: Career Growth · {SITE}",
        "category/career-growth/",
        f"Category: Career Growth · {SITE}",
        "website",
    ),
    "tag/networking/": (
        f"Tag: networking · {SITE}",
        "tag/networking/",
        f"Tag: networking · {SITE}",
        "website",
    ),
    "author/the-editors/": (
        f"The Editors · {SITE}",
        "author/the-editors/",
        "The Editors",
        "profile",
    ),
    "categories/": (f"Categories · {SITE}", "categories/", f"Categories · {SITE}", "website"),
    "tags/": (f"Tags · {SITE}", "tags/", f"Tags · {SITE}", "website"),
    "authors/": (f"Authors · {SITE}", "authors/", f"Authors · {SITE}", "website"),
    "archives/": (f"Archives · {SITE}", "archives/", f"Archives · {SITE}", "website"),
    "archives/2024/04/": (
        f"Archives: April 2024 · {SITE}",
        "",
        f"Archives: April 2024 · {SITE}",
        "website",
    ),
    "404.html": (f"Page not found · {SITE}", "", f"Page not found · {SITE}", "website"),
    "events/": (f"Events · {SITE}", "events/", f"Events · {SITE}", "website"),
    "search/": (f"Search · {SITE}", "search/", f"Search · {SITE}", "website"),
    EVENT_PAGE: (
        f"Mentorship Circle Meetup · {SITE}",
        EVENT_PAGE,
        "Mentorship Circle Meetup",
        "website",
    ),
}


@pytest.mark.parametrize("relative", HEADS, ids=lambda relative: relative or "home")
def test_every_page_type_has_its_own_head(site, relative):
    soup = page(site, relative)
    title, canonical, og_title, og_type = HEADS[relative]
    canonical = f"{TEST_SITEURL}/{canonical}"
    assert text_of(soup.find("title")) == title
    assert soup.find("link", rel="canonical")["href"] == canonical
    assert soup.find("meta", property="og:url")["content"] == canonical
    assert soup.find("meta", property="og:title")["content"] == og_title
    assert soup.find("meta", property="og:type")["content"] == og_type
    assert soup.find("meta", property="og:site_name")["content"] == SITE
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert soup.find("meta", property="og:description")["content"] == description != ""
    assert soup.find("meta", attrs={"name": "robots"}) is None  # only drafts say noindex


def test_the_plugins_pages_describe_themselves(site):
    """event_listing and site_search give their pages' descriptions; blog_core prints them."""
    described = {
        relative: page(site, relative).find("meta", attrs={"name": "description"})["content"]
        for relative in ("events/", "search/", "author/the-editors/", "tag/networking/")
    }
    assert described == {
        "events/": "Networking events: breakfasts, meetups, conferences and webinars, "
        "with calendar feeds.",
        "search/": f"Search every post, page and event of {SITE}.",
        "author/the-editors/": f"Posts by The Editors on {SITE}.",
        "tag/networking/": f"Posts tagged networking on {SITE}.",
    }


def test_blog_core_settings_that_are_not_valid_are_one_problem_each(tmp_path):
    extra = (
        "SHARE_LINKS = ['linkedin', 'fax']\nSHOW_READING_TIME = 'yes'\n"
        "READING_WORDS_PER_MINUTE = 0\n"
    )
    settings = settings_file(tmp_path, "bad", "pelicanconf", extra)
    output = tmp_path / "output"
    result = build(output, settings=settings)
    assert result.ok, result.output
    assert result.problems == [
        "SHOW_READING_TIME is 'yes': it must be True or False; using True",
        "READING_WORDS_PER_MINUTE is 0: it must be a positive whole number; using 230",
        "SHARE_LINKS is ['linkedin', 'fax']: it must be a list of linkedin, email, copy; "
        "using ('linkedin', 'email', 'copy')",
    ]
    soup = page(output, SEED_URL)
    assert "min read" in text_of(soup.find("p", class_="post-meta"))
    shown = [text_of(a) for a in soup.find("nav", class_="share").find_all("a")]
    assert shown == ["LinkedIn", "Email", "Copy link"]


def test_article_share_links_work_without_javascript(site):
    share = page(site, SEED_URL).find("nav", class_="share")
    links = {text_of(a): a["href"] for a in share.find_all("a")}
    assert list(links) == ["LinkedIn", "Email", "Copy link"]  # SHARE_LINKS's order
    encoded = "https%3A//blog.example.org/network-before-you-need-it/"
    assert links["LinkedIn"] == f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}"
    assert links["Email"].startswith("mailto:?subject=Network%20Before%20You%20Need%20It")
    assert links["Copy link"] == f"{TEST_SITEURL}/{SEED_URL}"


@pytest.mark.parametrize("services", [["copy", "linkedin"], ["email"]], ids=str)
def test_share_links_follow_the_share_links_setting(tmp_path, services):
    settings = settings_file(tmp_path, "share", "publishconf", f"SHARE_LINKS = {services!r}\n")
    output = tmp_path / "output"
    result = build(output, settings=settings)
    assert result.ok, result.output
    soup = page(output, SEED_URL)
    labels = {"copy": "Copy link", "linkedin": "LinkedIn", "email": "Email"}
    shown = [text_of(a) for a in soup.find("nav", class_="share").find_all("a")]
    assert shown == [labels[service] for service in services]
    assert (theme_script("copy-link.js") in inline_scripts(soup)) == ("copy" in services)


def test_previous_and_next_links(site):
    nav = page(site, "sample-twenty-minute-coffee-chats/").find("nav", class_="post-nav")
    links = {a["rel"][0]: a["href"] for a in nav.find_all("a")}
    assert links == {
        "prev": f"/{SEED_URL}",
        "next": "/sample-your-first-industry-conference/",
    }


def test_page_two_of_the_home_page_says_so_and_has_no_events_box(site):
    first, second = page(site, ""), page(site, "page/2/")
    assert text_of(first.find("title")) == "The Connected Professional"
    assert text_of(first.find("h1")) == "Latest posts"
    assert first.find("section", id="upcoming-events") is not None
    assert text_of(second.find("title")) == "The Connected Professional · Page 2"
    assert text_of(second.find("h1")) == "Posts, page 2"
    assert second.find("section", id="upcoming-events") is None
    pages = 1 + len(list((site / "page").iterdir()))
    positions = [
        text_of(soup.find("nav", class_="pagination").find("span")) for soup in (first, second)
    ]
    assert positions == [f"Page 1 of {pages}", f"Page 2 of {pages}"]
    assert text_of(second.find("a", rel="prev")) == "← Newer posts"


def test_a_listing_of_one_page_has_no_pagination(site):
    assert page(site, "tag/networking/").find("nav", class_="pagination") is None


def test_index_is_paginated_and_lists_posts_as_cards(site):
    first = page(site, "")
    cards = first.find_all("article", class_="card")
    assert len(cards) == 5
    pagination = first.find("nav", class_="pagination")
    assert pagination.find("a", rel="next")["href"] == "/page/2/"
    second = page(site, "page/2/")
    titles = [text_of(card.find("h2")) for card in second.find_all("article", class_="card")]
    assert "Network Before You Need It: Networking Saves Lives" in titles


def archive_years(soup) -> dict[str, tuple[str, list[str]]]:
    """Each year of an archive page: the link of its heading and its posts' dates, in order."""
    return {
        text_of(section.find("h2")): (
            section.find("h2").find("a")["href"],
            [time["datetime"] for time in section.find_all("time")],
        )
        for section in soup.find_all("section", class_="archive-year")
    }


def test_archives_group_posts_by_year(site):
    years = archive_years(page(site, "archives/"))
    assert list(years) == ["2025", "2024", "2016"]
    for year, (link, dates) in years.items():
        assert link == f"/archives/{year}/"
        assert dates == sorted(dates, reverse=True) and len(dates) > 0
        assert all(date.startswith(year) for date in dates)
    assert len(years["2024"][1]) > 1  # the order within a year is really checked


def test_a_year_archive_lists_that_year_newest_first(site):
    soup = page(site, "archives/2024/")
    assert text_of(soup.find("h1")) == "Archives: 2024"
    assert archive_years(soup) == {"2024": archive_years(page(site, "archives/"))["2024"]}
    month = page(site, "archives/2024/04/")
    assert text_of(month.find("h1")) == "Archives: April 2024"
    assert text_of(month.find("title")) == "Archives: April 2024 · The Connected Professional"


def test_tags_are_listed_by_name_with_their_post_counts(site):
    entries = page(site, "tags/").find("ul", class_="term-list").find_all("li")
    names = [text_of(entry.find("a")).removeprefix("#") for entry in entries]
    assert names == sorted(names, key=str.lower) and "networking" in names
    counts = {text_of(e.find("a")): text_of(e.find("span", class_="count")) for e in entries}
    cards = page(site, "tag/networking/").find_all("article", class_="card")
    assert counts["#networking"] == f"({len(cards)} posts)"


def test_json_ld_of_every_page_parses(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        soup = page(site, str(path.relative_to(site)))
        data = jsonld(soup)
        assert data, f"{path} has no JSON-LD"
        assert all(item["@context"] == "https://schema.org" for item in data)


def test_seed_article_json_ld_is_a_blog_posting(site):
    (data,) = jsonld(page(site, SEED_URL))
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Network Before You Need It: Networking Saves Lives"
    assert data["url"] == f"{TEST_SITEURL}/{SEED_URL}"
    assert data["datePublished"].startswith("2016-06-01T09:00:00")
    (author,) = data["author"]  # with its profile (content/data/authors.yaml)
    assert (author["@type"], author["name"]) == ("Person", "The Editors")
    assert author["url"] == f"{TEST_SITEURL}/author/the-editors/"


@pytest.mark.parametrize(
    ("relative", "script"),
    [(SEED_URL, "copy-link.js"), ("", "upcoming-events.js"), ("events/", "events.js")],
)
def test_the_theme_scripts_are_inlined_from_their_files(site, relative, script):
    assert inline_scripts(page(site, relative)) == [theme_script(script)]


def test_no_page_loads_a_script_file(site):
    """Inlined scripts cost no request: a page is its HTML, the style sheet and the icon."""
    loading = [
        path
        for path in site.rglob("*.html")
        if page(site, str(path.relative_to(site))).find("script", src=True)
    ]
    assert loading == []


def test_robots_txt_points_at_the_sitemap(site):
    robots = (site / "robots.txt").read_text()
    assert f"Sitemap: {TEST_SITEURL}/sitemap.xml" in robots
