"""post_series: ``Series:`` parts shown in order, with their box, page, JSON-LD and search
filter; two parts at one index stop a publish build. Real builds of the site's content with a
series added, read back with BeautifulSoup."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import TEST_SITEURL, build, jsonld, page, text_of, write

NAME = "Growing a Network"
# Written out of order: the files' dates and names disagree with Series_index.
PARTS = {  # slug: (date, Series_index)
    "part-gamma": ("2026-03-01", "1"),
    "part-alpha": ("2026-03-03", "2"),
    "part-beta": ("2026-03-02", "3"),
}
IN_ORDER = ["part-gamma", "part-alpha", "part-beta"]


def add_part(content: Path, slug: str, date: str, index: str | None, name: str = NAME) -> Path:
    header = [f"Title: Title of {slug}", f"Slug: {slug}", f"Date: {date} 10:00", f"Series: {name}"]
    header += [f"Series_index: {index}"] if index else []
    return write(content / "posts" / f"{slug}.md", "\n".join(header) + "\n\nA part.\n")


def address(link) -> str:
    return link["href"].strip("/")


def test_a_series_written_out_of_order_is_shown_in_index_order(content_copy, tmp_path):
    for slug, (date, index) in PARTS.items():
        add_part(content_copy, slug, date, index)
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert result.ok, result.output

    soup = page(output, "part-alpha/")
    box = soup.find("nav", class_="series")
    assert box.find_previous("h1") and box.find_next("div", class_="post-body")  # near the top
    assert text_of(box.find("p")) == f"Part 2 of 3 of {NAME}"
    items = box.find_all("li")
    assert [text_of(li) for li in items] == [f"Title of {slug}" for slug in IN_ORDER]
    assert [address(a) for a in box.find_all("a")] == ["part-gamma", "part-beta"]
    assert items[1].find(attrs={"aria-current": "page"}) is not None  # the one being read
    ends = soup.find("nav", attrs={"aria-label": "Parts of this series"})
    assert {a["rel"][0]: address(a) for a in ends.find_all("a")} == {
        "prev": "part-gamma",
        "next": "part-beta",
    }
    first = page(output, "part-gamma/")
    assert text_of(first.find("nav", class_="series").find("p")) == f"Part 1 of 3 of {NAME}"

    (posting,) = jsonld(soup)
    assert posting["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": NAME,
        "url": f"{TEST_SITEURL}/series/growing-a-network/",
    }
    marks = [span["data-pagefind-filter"] for span in soup.select("[data-pagefind-filter]")]
    assert f"series:{NAME}" in marks

    series_page = page(output, "series/growing-a-network/")
    assert text_of(series_page.find("h1")) == NAME
    titles = [text_of(a) for a in series_page.select(".card-title a")]
    assert titles == [f"Title of {slug}" for slug in IN_ORDER]
    assert series_page.find("link", rel="canonical")["href"] == (
        f"{TEST_SITEURL}/series/growing-a-network/"
    )
    assert series_page.find("title").text == f"{NAME} · The Connected Professional"
    index = page(output, "series/")
    assert [text_of(li) for li in index.select(".term-list li")] == [f"{NAME} (3)"]

    sitemap = (output / "sitemap.xml").read_text()
    assert f"<loc>{TEST_SITEURL}/series/growing-a-network/</loc>" in sitemap
    assert f"<loc>{TEST_SITEURL}/series/</loc>" in sitemap

    seed = page(output, "network-before-you-need-it/")  # not in a series: nothing of one
    assert seed.find("nav", class_="series") is None and "isPartOf" not in jsonld(seed)[0]


def test_without_an_index_the_parts_go_by_date(content_copy, tmp_path):
    for slug, (date, _) in PARTS.items():
        add_part(content_copy, slug, date, None)
    output = tmp_path / "output"
    assert build(output, content=content_copy).ok
    box = page(output, "part-beta/").find("nav", class_="series")
    assert text_of(box.find("p")) == f"Part 2 of 3 of {NAME}"
    assert [text_of(li) for li in box.find_all("li")] == [
        "Title of part-gamma", "Title of part-beta", "Title of part-alpha"
    ]  # fmt: skip


def test_two_parts_at_one_index_are_one_line_and_stop_a_publish_build(content_copy, tmp_path):
    first = add_part(content_copy, "part-one", "2026-03-01", "2")
    second = add_part(content_copy, "part-two", "2026-03-02", "2")
    expected = f"{second}:5: Series_index 2 of series {NAME!r} is also that of {first}"
    output = tmp_path / "output"
    result = build(output, content=content_copy)
    assert not result.ok and result.stopped
    assert result.problems == [expected] and "Traceback" not in result.output
    assert not any(output.rglob("*.html"))


def test_a_series_name_is_never_a_path_out_of_the_series_folder(content_copy, tmp_path):
    escaping = add_part(content_copy, "part-one", "2026-03-01", None, name="../../etc/passwd")
    nothing = add_part(content_copy, "part-two", "2026-03-02", None, name="../../..")
    output = tmp_path / "output"
    result = build(output, settings="pelicanconf.py", content=content_copy)
    assert result.ok, result.output
    assert result.problems == [
        f"{nothing}:4: Series '../../..' makes no address: give it letters or digits"
    ]
    written = sorted(
        p.relative_to(output / "series").as_posix() for p in (output / "series").rglob("*")
    )
    assert written == ["etcpasswd", "etcpasswd/index.html", "index.html"]
    assert not (tmp_path / "etc").exists()
    box = page(output, "part-one/").find("nav", class_="series")
    assert text_of(box.find("p")) == "Part 1 of 1 of ../../etc/passwd"
    assert escaping.is_file()
