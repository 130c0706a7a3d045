"""share_cards: the picture a shared link shows, read back from real builds.

Meta tags are parsed on every page type, each og:image is opened with Pillow from the built
output, and Open Graph and JSON-LD are read with extruct, as a crawler reads them. Titles in
every script the fonts promise are checked against the bundled fonts with fontTools.
"""

from __future__ import annotations

import io
from pathlib import Path

import extruct
import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw

from blogkit.posts import read_posts
from blogkit.settings import read_site_settings
from share_cards import drawing, fonts, layout
from share_cards.jobs import Colors, DrawnCard
from tests.helpers import ROOT, TEST_SITEURL, build, page, settings_file

SEED = "network-before-you-need-it/"
PAGE_TYPES = {
    "post": SEED,
    "page": "about/",
    "home": "",
    "events": "events/",
    "author": "author/dana-whitfield/",
    "tag": "tag/networking/",
}
CARD_TAGS = ("og:image", "og:image:width", "og:image:height", "og:image:type", "og:image:alt")
TITLES_IN_EVERY_SCRIPT = [
    "Café crème, Ørsted, Łódź, São Paulo and Zürich: résumé tips",
    "Ελληνικά και Русский: networking abroad",
    "Tiếng Việt: mạng lưới chuyên nghiệp",
    "東京で働く人のための人脈づくり入門",
    "建立职业人脉的十个习惯",
    "인맥을 만드는 작은 습관",
    "التواصل المهني قبل أن تحتاج إليه",
    "שלום: רשת מקצועית",
    "Networking 🤝 that works 👩🏽‍💻 🎉",
]
COLORS = Colors("#f3f6f8", "#1d2329", "#535d66", "#0b5c7d", "#ffffff")


def meta(soup, name: str) -> str | None:
    tag = soup.find("meta", property=name) or soup.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def card_file(site: Path, url: str) -> Path:
    assert url.startswith(TEST_SITEURL + "/"), url
    return site / url.removeprefix(TEST_SITEURL + "/")


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_page_type_carries_a_large_share_card(site, kind):
    soup = page(site, PAGE_TYPES[kind])
    values = {name: meta(soup, name) for name in CARD_TAGS}
    assert None not in values.values(), values
    assert (values["og:image:width"], values["og:image:height"]) == ("1200", "627")
    assert values["og:image:type"] in ("image/png", "image/jpeg")
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "twitter:image") is None  # X reads og:image (its cards markup reference)
    assert meta(soup, "twitter:image:alt") == values["og:image:alt"]
    assert card_file(site, values["og:image"]).is_file()


def test_a_post_names_its_author_and_its_own_card(site):
    soup = page(site, SEED)
    assert meta(soup, "article:author") == f"{TEST_SITEURL}/author/the-editors/"
    assert meta(soup, "og:title") == "Network Before You Need It: Networking Saves Lives"
    assert "/cards/network-before-you-need-it-" in meta(soup, "og:image")
    assert meta(soup, "og:image:alt").startswith("Network Before You Need It")
    home, tag = page(site, ""), page(site, "tag/networking/")
    assert meta(tag, "og:image") == meta(home, "og:image")  # the site's card
    assert "Next event" in meta(page(site, "events/"), "og:image:alt")


def test_every_card_is_a_1200_by_627_image_under_300_kb_without_metadata(site):
    urls = {
        meta(page(site, str(path.relative_to(site))), "og:image") for path in site.rglob("*.html")
    } - {None}
    assert len(urls) >= 12  # 8 posts, a page, 2 authors, home, events
    for url in urls:
        path = card_file(site, url)
        assert path.stat().st_size <= 300 * 1024, path
        with Image.open(path) as image:
            image.load()
            assert image.size == (1200, 627), path
            assert image.format in ("PNG", "JPEG")
            assert not image.getexif() and not getattr(image, "text", {}), path


def test_open_graph_and_json_ld_read_back_like_a_crawler(site):
    for path in (SEED, "author/dana-whitfield/"):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        data = extruct.extract(html, base_url=f"{TEST_SITEURL}/{path}",
                               syntaxes=["opengraph", "json-ld"], uniform=True)  # fmt: skip
        (graph,) = data["opengraph"]
        assert graph["og:image"].startswith(f"{TEST_SITEURL}/cards/")
        assert graph["og:image:width"] == "1200"
        items = {item["@type"]: item for item in data["json-ld"]}
        person = (
            items["BlogPosting"]["author"][0]
            if path == SEED
            else items["ProfilePage"]["mainEntity"]
        )
        assert person["@type"] == "Person"
        assert person["url"].startswith(f"{TEST_SITEURL}/author/")
        assert person["jobTitle"] and person["sameAs"][0].startswith("https://www.linkedin.com/")
        assert person["image"].startswith(f"{TEST_SITEURL}/images/authors/")


def test_a_post_with_a_cover_shares_the_cover_fitted_to_the_card(content_copy, tmp_path):
    cover = Image.new("RGB", (1600, 1200), "#b45309")
    cover.paste((11, 92, 125), (0, 0, 1600, 100))  # a band the 1.91:1 crop cuts off
    cover.save(content_copy / "images" / "cover.jpg", quality=90)
    post = content_copy / "posts" / "network-before-you-need-it.md"
    header, body = post.read_text(encoding="utf-8").split("\n\n", 1)
    post.write_text(f"{header}\nCover: {{static}}/images/cover.jpg\nCover_alt: An orange wall"
                    f"\n\n{body}", encoding="utf-8")  # fmt: skip
    output = tmp_path / "output"
    assert build(output, content=content_copy).ok
    soup = page(output, SEED)
    assert (meta(soup, "og:image:type"), meta(soup, "og:image:alt")) == (
        "image/jpeg", "An orange wall"
    )  # fmt: skip
    with Image.open(card_file(output, meta(soup, "og:image"))) as card:
        assert card.size == (1200, 627)
        red, _, blue = card.convert("RGB").getpixel((600, 5))
        assert red > 150 and blue < 60  # the centre of the cover, not its top band


def cards_of(output: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((output / "cards").iterdir())}


def test_same_sources_give_the_same_card_bytes_and_a_warm_build_draws_nothing(tmp_path):
    outputs = []
    for name in ("first", "second", "warm"):
        cache = tmp_path / ("assets-first" if name == "warm" else f"assets-{name}")
        settings = settings_file(tmp_path, name, base="publishconf",
                                 extra=f"ASSET_CACHE_PATH = {str(cache)!r}\n")  # fmt: skip
        result = build(tmp_path / name, settings, extra=("--verbose",))
        assert result.ok, result.output
        outputs.append((tmp_path / name, result.output))
    (first, cold), (second, _), (warm, warm_log) = outputs
    events = (ROOT / "content" / "data" / "events.yaml").read_text().count("\n- title:")
    assert f"share_cards: drew {13 + events} card(s)" in cold  # and one per event's page
    assert "share_cards: drew" not in warm_log
    assert cards_of(first) == cards_of(second) == cards_of(warm)


def test_titles_in_every_script_are_covered_by_the_bundled_fonts():
    """fontTools reads each font's own cmap; every character of every title must be in one."""
    cmaps = [set(TTFont(fonts.FONTS / name, lazy=True).getBestCmap())
             for name in fonts.CHAINS["bold"]]  # fmt: skip
    settings = read_site_settings(ROOT / "pelicanconf.py")
    settings["PATH"] = str(ROOT / "content")
    titles = [post.title for post in read_posts(settings)] + TITLES_IN_EVERY_SCRIPT
    for title in titles:
        lacking = [c for c in title if not fonts.joins_previous(c)
                   and not any(ord(c) in cmap for cmap in cmaps)]  # fmt: skip
        assert lacking == [], title


@pytest.mark.parametrize("title", TITLES_IN_EVERY_SCRIPT)
def test_every_script_is_drawn_with_a_font_that_has_it(title, tmp_path):
    runs = fonts.runs(title, "bold")
    assert "".join(run.text for run in runs) == " ".join(title.split())
    for run in runs:
        cmap = set(TTFont(fonts.FONTS / run.font, lazy=True).getBestCmap())
        assert all(ord(c) in cmap or fonts.joins_previous(c) for c in run.text), run
    job = DrawnCard(str(tmp_path / "entry"), title, "The Connected Professional", COLORS)
    outcome = drawing.make(job)
    assert outcome.problem == "" and outcome.manifest == {"file": "card.png", "missing": ""}
    with Image.open(tmp_path / "entry" / "card.png") as card:
        assert card.size == (1200, 627)


def test_a_long_title_ends_with_an_ellipsis_never_a_cut_word():
    title = "How to turn one good conversation at a crowded conference into " * 4
    block = layout.set_text(title, "bold", drawing.TITLE_SIZES, 1040, drawing.MAX_LINES)
    lines = ["".join(run.text for run in line.runs) for line in block.lines]
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(line.width <= 1040 for line in block.lines)
    words = set(title.split())
    shown = " ".join(lines).removesuffix("…").split()
    assert set(shown) <= words  # every word whole


@pytest.mark.parametrize("name", sorted(fonts.WORDS_APART))
def test_no_kerning_or_substitution_of_a_words_apart_font_involves_the_space(name):
    """What lets a word be measured once: Pillow's own layout (raqm, with the font's GPOS
    kerning) sets nothing against a space, for every character of the font."""
    font = fonts.font(name, 64)
    space = font.getlength(" ")
    against = [chr(c) for c in sorted(fonts.coverage(name)) if chr(c).isprintable()
               and {font.getlength(chr(c) + " "), font.getlength(" " + chr(c))}
               != {font.getlength(chr(c)) + space}]  # fmt: skip
    assert against == []


@pytest.mark.parametrize("chain", ["bold", "regular"])
@pytest.mark.parametrize(("size", "start"), [(64, 80), (28, 80.390625)])
def test_a_line_drawn_word_by_word_is_pillows_own_line_pixel_for_pixel(chain, size, start):
    """Kerning, ligatures, accents (ten stacked: ink beyond the em a mask is first drawn in),
    a fraction of a pixel: each word's mask, drawn once and pasted, gives the line Pillow
    draws whole (and its width), so a card keeps its look."""
    text = "Café “AVATAR” — ffi fl fjord: Văn Wy To. résumé 2026, 東京 🤝 ok… a" + "\u0302" * 10
    line = layout.measure(text, chain, size)
    pillow = Image.new("L", (1200, 100))
    draw = ImageDraw.Draw(pillow)
    x = start
    for run in line.runs:
        font = fonts.font(run.font, size)
        draw.text((x, 80), run.text, font=font, fill=drawing.LEVELS - 1, anchor="ls")
        x += font.getlength(run.text)
    assert len(line.runs) > 2 and line.width == x - start
    for _ in range(2):  # drawn, then from the masks kept
        ours = Image.new("L", (1200, 100))
        drawing.draw_line(ours, line, size, (start, 80), "text")
        assert ours.tobytes() == pillow.tobytes()


def test_a_character_no_font_has_is_left_out_and_named(tmp_path):
    job = DrawnCard(str(tmp_path / "entry"), "Devanagari ऄ here", "Site", COLORS)
    assert drawing.make(job).manifest["missing"] == "ऄ"


def test_a_warm_build_reports_what_drawing_the_card_reported(content_copy, tmp_path):
    """The characters no font has are kept with the card: a warm build warns as the cold one."""
    post = content_copy / "posts" / "network-before-you-need-it.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("Title: Network", "Title: ऄ Network", 1), encoding="utf-8")
    cache = f"ASSET_CACHE_PATH = {str(tmp_path / 'assets')!r}\n"
    settings = settings_file(tmp_path, "cards", base="publishconf", extra=cache)
    cold = build(tmp_path / "cold", settings, content_copy, extra=("--verbose",))
    warm = build(tmp_path / "warm", settings, content_copy, extra=("--verbose",))
    assert "share_cards: drew" in cold.output and "share_cards: drew" not in warm.output
    warning = "share card 'network-before-you-need-it': no bundled font has 'ऄ'"
    for result in (cold, warm):  # a warning: in the log, not among the errors
        lines = [line for line in result.output.splitlines() if "share card" in line]
        assert len(lines) == 1 and warning in lines[0], lines
    assert cards_of(tmp_path / "cold") == cards_of(tmp_path / "warm")


LONG_TITLE = "Ten Habits of People Whose Networks Carry Them Through Every Career Change"


def test_linkedin_would_cut_it_is_one_warning_line_each(content_copy, tmp_path):
    post = content_copy / "posts" / "samples" / "sample-coffee-chats.md"
    text = post.read_text(encoding="utf-8")
    text = text.replace("Title: Sample: Twenty-Minute Coffee Chats", f"Title: {LONG_TITLE}")
    post.write_text(text, encoding="utf-8")
    seed_post = content_copy / "posts" / "network-before-you-need-it.md"
    long_summary = "Summary: " + "A summary that goes on and on. " * 7
    seed_post.write_text(
        "\n".join(long_summary.rstrip() if line.startswith("Summary:") else line
                  for line in seed_post.read_text(encoding="utf-8").split("\n")),
        encoding="utf-8",
    )  # fmt: skip
    result = build(tmp_path / "output", content=content_copy)
    assert result.ok  # a warning: a publish build goes on
    name = "content/posts/samples/sample-coffee-chats.md"
    lines = [line for line in result.output.splitlines() if "LinkedIn's preview" in line]
    assert any(f"{name}:1: Title is {len(LONG_TITLE)} characters" in line for line in lines)
    seed = "content/posts/network-before-you-need-it.md:7: Summary is 216 characters"
    assert any(seed in line for line in lines), lines


def test_cards_can_be_turned_off(tmp_path):
    settings = settings_file(tmp_path, "off", base="publishconf", extra="SHARE_CARDS = False\n")
    output = tmp_path / "output"
    assert build(output, settings).ok
    soup = page(output, SEED)
    assert meta(soup, "og:image") is None and meta(soup, "twitter:card") == "summary"
    assert not (output / "cards").exists()


def test_card_bytes_decode_as_png_without_text_chunks(site):
    url = meta(page(site, SEED), "og:image")
    data = card_file(site, url).read_bytes()
    assert b"tEXt" not in data and b"tIME" not in data and b"iTXt" not in data
    assert Image.open(io.BytesIO(data)).format == "PNG"
