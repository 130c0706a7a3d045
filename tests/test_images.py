"""responsive_images: real builds with real photos (generated here), decoded back with Pillow.

The gallery post has a cover and 20 phone photos (GPS, orientation, XMP, a comment and a
colour profile in each), referenced every way an author can, plus a portrait photo beside the
post, a transparent PNG, an animated GIF and an SVG. The cover and the first four photos (one
per way of writing a reference) are 2400 x 1600 pixels, wider than the widest variant; the
other 16 are 1200 x 800, their own width their widest variant: less than half the encoding.
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import zlib
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from benchmarks.synthetic_blog import post_slug, write_posts, write_site_data
from benchmarks.synthetic_photos import GPS_IFD, phone_jpeg, photo, write_photos
from site_tools.audit import lighthouse_available, run_lighthouse
from tests.helpers import (
    ROOT,
    build,
    build_both,
    built_and_served,
    jsonld,
    nu_html_check,
    page,
    require_tool,
    same_tree,
    settings_file,
)

PHOTOS = 20
LARGE_PHOTOS = 4  # photos 1-4 are 2400 x 1600; the others 1200 x 800
GALLERY = "a-gallery-of-photos/"
COLUMN_SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)"
EXTENSION_TYPES = {".avif": "AVIF", ".webp": "WEBP", ".jpg": "JPEG", ".png": "PNG", ".gif": "GIF"}
HEADER = """Title: {title}
Slug: {slug}
Date: 2026-03-02 09:00
Author: The Editors
Category: Career Growth
Summary: {title}.
"""
FILLER = (
    "Meeting people at events is easier with a plan: know who you want to meet, ask one good "
    "question, and write a short note the same evening while the conversation is fresh."
)


def write_gallery(content: Path) -> None:
    """The gallery post and its images (see the module's docstring)."""
    images = content / "images"
    write_photos(images / "gallery", LARGE_PHOTOS)
    for index in range(LARGE_PHOTOS + 1, PHOTOS + 1):
        phone_jpeg(images / "gallery" / f"photo-{index:02d}.jpg", photo(1200, 800, 2026 + index))
    phone_jpeg(images / "cover.jpg", photo(2400, 1600, 99))
    phone_jpeg(content / "posts" / "gallery" / "portrait.jpg", photo(2000, 1500, 7), 6)
    phone_jpeg(images / "unused-phone-photo.jpg", photo(900, 600, 8), 6)
    mark = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    mark.paste((11, 92, 125, 255), (100, 100, 500, 300))
    mark.save(images / "mark.png")
    frames = [Image.new("RGB", (240, 160), colour) for colour in ("#0b5c7d", "#b45309", "#fff")]
    frames[0].save(images / "spinner.gif", save_all=True, append_images=frames[1:],
                   duration=150, loop=0)  # fmt: skip
    (images / "diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" '
        'height="20" fill="#0b5c7d"/></svg>'
    )
    references = [
        "![Photo 1: hills at dawn]({static}/images/gallery/photo-01.jpg)",
        "![Photo 2: hills at noon](/images/gallery/photo-02.jpg)",
        "![Photo 3: hills at dusk](../../images/gallery/photo-03.jpg)",
        '<img src="{static}/images/gallery/photo-04.jpg" alt="Photo 4: a ridge" width="100%">',
        *(
            f"![Photo {n}: a valley]({{static}}/images/gallery/photo-{n:02d}.jpg)"
            for n in range(5, PHOTOS + 1)
        ),
        "![A portrait-format photo](portrait.jpg)",
        "![The blog's mark](/images/mark.png)",
        "![]({static}/images/spinner.gif){: .decorative}",
        "![A small diagram]({static}/images/diagram.svg)",
    ]
    body = "\n\n".join(f"{FILLER}\n\n{reference}" for reference in references)
    header = HEADER.format(title="A Gallery of Photos", slug=GALLERY.strip("/"))
    cover = "Cover: {static}/images/cover.jpg\nCover_alt: Green hills under a morning sky\n"
    post = content / "posts" / "gallery" / "gallery.md"
    post.write_text(f"{header}{cover}\n{body}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def gallery(tmp_path_factory):
    """The site plus the gallery, published (strict) for a local address and served."""
    folder = tmp_path_factory.mktemp("gallery")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    write_gallery(content)
    with built_and_served(folder / "output", content) as site:
        yield site


def pictures(soup) -> list:
    return soup.select(".post-body picture")


def candidates(srcset: str) -> list[tuple[str, int]]:
    """``url 400w, url 800w`` -> [(url, 400), (url, 800)]."""
    pairs = [item.strip().rsplit(" ", 1) for item in srcset.split(",")]
    return [(url, int(width.removesuffix("w"))) for url, width in pairs]


def local_file(site, url: str) -> Path:
    return site.root / url.removeprefix(site.url + "/")


def test_every_local_raster_image_becomes_a_picture(gallery):
    soup = page(gallery.root, GALLERY)
    found = pictures(soup)
    assert len(found) == PHOTOS + 3  # the portrait, the PNG and the GIF
    for picture in found:
        img = picture.find("img")
        sources = picture.find_all("source")
        assert [source["type"] for source in sources] == ["image/avif", "image/webp"]
        for srcset in [source["srcset"] for source in sources] + [img["srcset"]]:
            widths = [width for _, width in candidates(srcset)]
            assert widths == sorted(widths) and widths[-1] <= 1600
        assert {source["sizes"] for source in sources} | {img["sizes"]} == {COLUMN_SIZES}
        assert img["width"].isdigit() and img["height"].isdigit()
        assert img["decoding"] == "async"
        assert img["src"] == candidates(img["srcset"])[-1][0]
    photo_1 = found[0].find("img")
    assert photo_1["alt"] == "Photo 1: hills at dawn"
    assert (photo_1["width"], photo_1["height"]) == ("1600", "1067")
    raw = found[3].find("img")  # written as <img ... width="100%">: given its real size
    assert (raw["alt"], raw["width"], raw["height"]) == ("Photo 4: a ridge", "1600", "1067")
    smaller = found[LARGE_PHOTOS].find("img")  # 1200 px wide: its own width is the widest
    assert (smaller["width"], smaller["height"]) == ("1200", "800")
    assert [width for _, width in candidates(smaller["srcset"])] == [400, 800, 1200]
    svg = soup.select_one('.post-body img[src$=".svg"]')
    assert svg.parent.name == "p" and svg["alt"] == "A small diagram"  # as written
    assert "{static}" not in str(soup)


def test_the_cover_comes_first_and_every_other_image_is_lazy(gallery):
    soup = page(gallery.root, GALLERY)
    cover = soup.select_one(".cover picture img")
    assert cover["fetchpriority"] == "high" and not cover.has_attr("loading")
    assert cover["alt"] == "Green hills under a morning sky"
    assert soup.select_one(".cover").find_previous("h1")  # under the title
    for img in soup.select(".post-body img"):
        if img["src"].endswith(".svg"):
            continue
        assert img["loading"] == "lazy" and not img.has_attr("fetchpriority")


def test_without_a_cover_the_first_image_near_the_top_is_eager(tmp_path):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    phone_jpeg(content / "images" / "a.jpg", photo(800, 600, 1))
    body = (
        f"Short intro.\n\n![First](/images/a.jpg)\n\n{FILLER * 5}\n\n![Second](/images/a.jpg)"
        '\n\n<img src="/images/a.jpg" alt="Small" width="300" title="Kept">\n'
    )
    header = HEADER.format(title="Two Photos", slug="two-photos")
    (content / "posts" / "two.md").write_text(f"{header}\n{body}")
    result = build(tmp_path / "output", content=content, extra=cache_in(tmp_path))
    assert result.ok, result.output
    first, second, small = page(tmp_path / "output", "two-photos/").select(".post-body img")
    assert first["fetchpriority"] == "high" and not first.has_attr("loading")
    assert second["loading"] == "lazy" and not second.has_attr("fetchpriority")
    assert (first["width"], first["height"]) == ("800", "600")
    # An author's width in pixels is the displayed width; other attributes are kept.
    assert (small["width"], small["height"], small["sizes"]) == ("300", "225", "300px")
    assert small["title"] == "Kept"


def test_alt_text_and_the_authors_attributes_stay_text_in_the_markup(tmp_path):
    """The ``<picture>`` is written in Python (pictures.Picture): its values are escaped."""
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    phone_jpeg(content / "images" / "a.jpg", photo(600, 400, 1))
    hostile = "\"><script>alert(1)</script> & 'quoted'"
    written = html.escape(hostile)
    header = HEADER.format(title="Hostile Text", slug="hostile-text")
    cover = f"Cover: {{static}}/images/a.jpg\nCover_alt: {hostile}\n"
    body = f'<img src="/images/a.jpg" alt="{written}" title="{written}" width="300">'
    (content / "posts" / "hostile.md").write_text(f"{header}{cover}\n{FILLER}\n\n{body}\n")
    result = build(tmp_path / "output", content=content, extra=cache_in(tmp_path))
    assert result.ok, result.output
    soup = page(tmp_path / "output", "hostile-text/")
    hero, shown = soup.select_one(".cover img"), soup.select_one(".post-body img")
    assert hero["alt"] == shown["alt"] == shown["title"] == hostile
    assert set(shown.attrs) == {"src", "srcset", "sizes", "width", "height", "alt", "title",
                                "loading", "decoding"}  # fmt: skip
    assert not any("alert(1)" in (script.string or "") for script in soup.find_all("script"))


def test_variants_decode_to_what_the_markup_says_and_carry_no_metadata(gallery):
    soup = page(gallery.root, GALLERY)
    checked = 0
    for picture in soup.select("picture"):
        img = picture.find("img")
        sets = [(s["type"], s["srcset"]) for s in picture.find_all("source")]
        for mime, srcset in [*sets, (None, img["srcset"])]:
            for url, width in candidates(srcset):
                path = local_file(gallery, url)
                with Image.open(path) as variant:
                    assert variant.format == EXTENSION_TYPES[path.suffix]
                    assert mime is None or Image.MIME[variant.format] == mime
                    assert variant.width == width
                    ratio = int(img["height"]) / int(img["width"])
                    assert abs(variant.height - round(width * ratio)) <= 1
                    assert_no_metadata(variant)
                checked += 1
    assert checked > (PHOTOS + 4) * 3 * 3
    portrait = soup.select_one('.post-body img[alt="A portrait-format photo"]')
    assert (portrait["width"], portrait["height"]) == ("1500", "2000")  # orientation applied


def assert_no_metadata(image: Image.Image) -> None:
    assert not image.getexif(), f"{image.filename}: EXIF {dict(image.getexif())}"
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
        assert key not in image.info, f"{image.filename}: {key}"


def test_no_published_image_carries_gps_or_any_metadata(gallery):
    rasters = [p for p in gallery.root.rglob("*") if p.suffix in EXTENSION_TYPES]
    assert len(rasters) > PHOTOS * 12
    for path in rasters:
        with Image.open(path) as image:
            assert GPS_IFD not in image.getexif()
            assert_no_metadata(image)
    images = gallery.root / "images"
    assert not (images / "gallery" / "photo-01.jpg").exists()  # only its variants are published
    assert not (images / "cover.jpg").exists()
    with Image.open(images / "unused-phone-photo.jpg") as unused:  # linked by no post: cleaned
        assert unused.size == (600, 900)
    assert (images / "diagram.svg").read_bytes().startswith(b"<svg")


def test_the_cover_is_in_cards_structured_data_and_feeds(gallery):
    card = page(gallery.root, "").select_one(".card .card-image img")
    assert card["loading"] == "lazy" and card["sizes"] == "6rem" and card["alt"] == ""
    assert card.find_parent("article").select_one(".card-title a")["href"].endswith(GALLERY)
    posting = next(d for d in jsonld(page(gallery.root, GALLERY)) if d["@type"] == "BlogPosting")
    image = posting["image"]
    assert image["@type"] == "ImageObject" and (image["width"], image["height"]) == (1600, 1067)
    assert local_file(gallery, image["url"]).suffix == ".jpg"
    size = str(local_file(gallery, image["url"]).stat().st_size)
    for feed in ("all.atom.xml", "all.rss.xml"):
        entries = feedparser.parse(gallery.root / "feeds" / feed).entries
        entry = next(entry for entry in entries if entry.link.endswith(GALLERY))
        enclosure = entry.enclosures[0]
        assert (enclosure.href, enclosure.length, enclosure.type) == (image["url"], size,
                                                                      "image/jpeg")  # fmt: skip
        assert not any(other.get("enclosures") for other in entries if other is not entry)


def test_feeds_carry_each_pictures_fallback_img_not_the_picture(gallery):
    """Feed readers ignore ``<source>``: a feed gets the ``<img>`` alone, with its size and alt."""
    body = page(gallery.root, GALLERY).select_one(".post-body")
    in_pictures = [picture.img for picture in pictures(body)]
    entries = feedparser.parse(gallery.root / "feeds" / "all.atom.xml").entries
    entry = next(entry for entry in entries if entry.link.endswith(GALLERY))
    html = entry.content[0].value
    assert "<picture" not in html and "<source" not in html
    fed = BeautifulSoup(html, "html.parser").find_all("img")
    assert [img["src"] for img in fed] == [img["src"] for img in body.find_all("img")]
    by_src = {img["src"]: img for img in fed}
    for shown in in_pictures:
        img = by_src[shown["src"]]
        assert (img["width"], img["height"], img["alt"]) == (shown["width"], shown["height"],
                                                             shown["alt"])  # fmt: skip
        assert not (img.get("srcset") or img.get("sizes") or img.get("loading"))
        assert local_file(gallery, img["src"]).is_file()
    assert len(in_pictures) >= PHOTOS


def test_an_animation_stays_animated_and_transparency_stays(gallery):
    soup = page(gallery.root, GALLERY)
    spinner = soup.select_one('.post-body img[src$=".gif"]')
    assert spinner["alt"] == "" and "decorative" not in spinner.get("class", [])
    for url, _ in candidates(spinner.find_parent("picture").source["srcset"]):
        with Image.open(local_file(gallery, url)) as animation:
            assert animation.n_frames == 3
    mark = soup.select_one('.post-body img[alt="The blog\'s mark"]')
    assert mark["src"].endswith(".png")
    with Image.open(local_file(gallery, mark["src"])) as fallback:
        assert fallback.mode == "RGBA" and fallback.getchannel("A").getextrema() == (0, 255)


def test_the_sizes_attribute_matches_the_theme_column():
    css = (ROOT / "theme" / "static" / "css" / "main.css").read_text()
    wrap = re.search(r"\.wrap \{([^}]*)\}", css).group(1)
    assert "max-width: 42rem" in wrap and "padding: 0 1rem" in wrap  # 40rem of text
    card = re.search(r"\.card-image \{([^}]*)\}", css).group(1)
    assert "width: 6rem" in card


@pytest.mark.slow
def test_the_gallery_passes_the_nu_html_checker(gallery, tmp_path):
    copy = tmp_path / "gallery"
    shutil.copytree(gallery.root / GALLERY, copy)
    returncode, checked, output = nu_html_check(copy)
    assert checked and returncode == 0, output


def test_pelican_reads_only_the_shown_photos_a_link_names_and_those_are_published_clean(
    tmp_path,
):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    for name in "abcd":
        phone_jpeg(content / "images" / f"{name}.jpg", photo(500, 400, ord(name)))
    body = (
        "![Shown](/images/a.jpg)\n\n![Shown, written with static]({static}/images/b.jpg)\n\n"
        "[![Click to enlarge](/images/c.jpg)]({static}/images/c.jpg)\n\n![D](/images/d.jpg)\n"
    )
    header = HEADER.format(title="Linked Photos", slug="linked-photos")
    (content / "posts" / "linked.md").write_text(f"{header}\n{body}")
    summary = "Summary: See [the photo]({static}/images/d.jpg).\n"
    header = HEADER.format(title="Summary Link", slug="summary-link").replace("Summary: ", "Was: ")
    (content / "posts" / "summary.md").write_text(f"{header}{summary}\nText.\n")
    settings = settings_file(tmp_path, "dev")
    result = build(tmp_path / "output", settings, content, extra=(*cache_in(tmp_path), "-D"))
    assert result.ok, result.output
    read = {name for name in "abcd" if f"Read file images/{name}.jpg -> Static" in result.output}
    assert read == {"c", "d"}  # a and b are published as variants only: Pelican need not read them
    images = tmp_path / "output" / "images"
    assert sorted(path.name for path in images.glob("?.jpg")) == ["c.jpg"]
    with Image.open(images / "c.jpg") as original:
        assert original.size == (500, 400) and GPS_IFD not in original.getexif()
        assert_no_metadata(original)
    soup = page(tmp_path / "output", "linked-photos/")
    assert soup.select_one(".post-body a:has(picture)")["href"] == "/images/c.jpg"
    assert "Unable to find" not in result.output  # the summary's link to d is found

    settings = settings_file(tmp_path, "originals", extra="IMAGE_PUBLISH_ORIGINALS = True\n")
    result = build(tmp_path / "originals", settings, content, extra=cache_in(tmp_path))
    assert result.ok, result.output
    for name in "abcd":
        with Image.open(tmp_path / "originals" / "images" / f"{name}.jpg") as original:
            assert_no_metadata(original)


# --- the asset cache ---------------------------------------------------------------------


def cache_in(folder: Path) -> tuple[str, ...]:
    return ("-e", f'ASSET_CACHE_PATH="{folder / "assets"}"', "--verbose")


def test_a_second_build_encodes_nothing_and_writes_the_same_bytes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    phone_jpeg(content / "images" / "one.jpg", photo(1000, 700, 1))
    phone_jpeg(content / "images" / "two.jpg", photo(700, 1000, 2), 6)
    body = "![One](/images/one.jpg)\n\n![Two](/images/two.jpg)\n\n![](/images/two.jpg)\n"
    post = content / "posts" / "two-photos.md"
    post.write_text(HEADER.format(title="Two Photos", slug="two-photos") + "\n" + body)
    settings = settings_file(tmp_path, "dev")
    cache = tmp_path / "pelican-cache"  # Pelican's own: the second build reads the post from it
    first = build(tmp_path / "first", settings, content, cache=cache, extra=cache_in(tmp_path))
    # the two photos, and the sample authors' portraits (content/data/authors.yaml), each also
    # as the tiny copy event pages write into themselves
    assert "responsive_images: encoded 6 image(s)" in first.output
    files = [path for path in (tmp_path / "assets").rglob("*.*") if path.name != "uses.json"]
    encoded = {path: path.stat().st_mtime_ns for path in files}  # uses.json: every build's
    second = build(tmp_path / "second", settings, content, cache=cache, extra=cache_in(tmp_path))
    assert "encoded" not in second.output
    assert {path: path.stat().st_mtime_ns for path in encoded} == encoded
    assert same_tree(tmp_path / "first", tmp_path / "second") == []
    problem = "content/posts/two-photos.md:12: image '/images/two.jpg' has no alt text"
    for result in (first, second):  # reported again for the post Pelican took from its cache
        assert result.ok and any(problem in line for line in result.problems), result.problems


def test_a_shared_build_encodes_once_and_writes_the_same_bytes(tmp_path):
    content = tmp_path / "content"
    write_site_data(content, write_posts(content, 24))
    for index in range(4):
        phone_jpeg(content / "images" / f"p{index}.jpg", photo(900, 600, index))
        post = content / "posts" / f"{post_slug(index)}.md"
        header, body = post.read_text().split("\n\n", 1)
        cover = f"Cover: {{static}}/images/p{(index + 1) % 4}.jpg\nCover_alt: Hills\n"
        post.write_text(f"{header}\n{cover}\n![Photo {index}](/images/p{index}.jpg)\n\n{body}")
    cache = tmp_path / "assets"
    shared, alone = build_both(tmp_path, content, settings=f"ASSET_CACHE_PATH = {str(cache)!r}\n")
    assert shared.ok and alone.ok, shared.output + alone.output
    assert shared.output.count("responsive_images: encoded") == 1  # not again in a writer
    assert "parallel_build: output shared by 3 processes" in shared.output
    # 900 px wide, each a cover somewhere: 256 (cards), 400, 800 and 900 px
    assert len(list((tmp_path / "shared" / "images").glob("*.avif"))) == 4 * 4
    assert same_tree(tmp_path / "shared", tmp_path / "alone") == []


# --- bad input ---------------------------------------------------------------------------

BAD_POST = """Title: Broken Images
Slug: broken-images
Date: 2026-02-01 10:00
Author: The Editors
Category: Leadership
Summary: Broken on purpose.
Cover: {static}/images/cover.jpg

Intro.

![A missing photo]({static}/images/nope.jpg)

![A damaged photo]({static}/images/damaged.jpg)

![Not a photo at all]({static}/images/text.jpg)

![A scan](/images/scan.tiff)

![A bomb](/images/bomb.png)

![](/images/good.jpg)

<img src="{static}/images/good.jpg">

![Outside](../../../secret.jpg)

![A good photo](/images/good.jpg)

![An image of another site](https://images.example.org/x.jpg)
"""
PROBLEMS = [
    (7, "Cover '{static}/images/cover.jpg' has no Cover_alt: describe the image"),
    (11, "image '{static}/images/nope.jpg' was not found"),
    (13, "image '{static}/images/damaged.jpg' is damaged: image file is truncated"),
    (15, "image '{static}/images/text.jpg' is not an image file Pillow can read"),
    (17, "image '/images/scan.tiff' is a TIFF image: use JPEG, PNG, WebP, AVIF, GIF"),
    (
        19,
        "image '/images/bomb.png' is 60,000 x 60,000 pixels, more than IMAGE_MAX_PIXELS "
        "(89,478,485): refused",
    ),
    (
        21,
        "image '/images/good.jpg' has no alt text: describe it (![what it shows](...)) or "
        "mark it decorative ({: .decorative})",
    ),
    (23, "image '{static}/images/good.jpg' has no alt text"),
    (25, "image '../../../secret.jpg' is outside the content folder"),
]


def png_bomb(path: Path, width: int, height: int) -> None:
    """A PNG whose header claims ``width`` x ``height`` RGB pixels (gigabytes once decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
                     + chunk(b"IEND", b""))  # fmt: skip


@pytest.fixture
def broken_images(content_copy) -> Path:
    images = content_copy / "images"
    phone_jpeg(images / "good.jpg", photo(600, 400, 3))
    phone_jpeg(images / "cover.jpg", photo(600, 400, 4))
    whole = phone_jpeg(images / "whole.jpg", photo(800, 600, 5)).read_bytes()
    (images / "damaged.jpg").write_bytes(whole[: len(whole) // 2])
    (images / "text.jpg").write_text("not a photo\n")
    photo(300, 200, 6).save(images / "scan.tiff")
    png_bomb(images / "bomb.png", 60_000, 60_000)
    (content_copy / "posts" / "broken-images.md").write_text(BAD_POST)
    return content_copy


def expected_lines() -> list[str]:
    return [f"content/posts/broken-images.md:{line}: {problem}" for line, problem in PROBLEMS]


def test_every_bad_image_is_one_line_and_a_publish_build_writes_nothing(broken_images, tmp_path):
    output = tmp_path / "output"
    result = build(output, content=broken_images, extra=cache_in(tmp_path))
    assert not result.ok and result.stopped
    assert "Traceback" not in result.output
    assert len(result.problems) == len(PROBLEMS), result.problems
    for expected, problem in zip(expected_lines(), result.problems, strict=True):
        assert expected in problem, (problem, expected)
        assert sum(line.endswith(problem) for line in result.output.splitlines()) == 1
    assert not output.exists() or not any(output.rglob("*.*")), "a stopped build wrote files"


def test_a_dev_build_shows_bad_images_leaves_them_out_and_goes_on(broken_images, tmp_path):
    output = tmp_path / "output"
    result = build(output, "pelicanconf.py", broken_images, extra=cache_in(tmp_path))
    assert result.ok, result.output
    assert len(result.problems) == len(PROBLEMS)
    assert all(e in p for p, e in zip(result.problems, expected_lines(), strict=True))
    soup = page(output, "broken-images/")
    assert f"This build has {len(PROBLEMS)} problems" in soup.select_one(".build-problems").text
    shown = [img["src"] for img in soup.select(".post-body img")]
    assert len(shown) == 2 and shown[1] == "https://images.example.org/x.jpg"
    good = soup.select_one(".post-body picture img")
    assert good["alt"] == "A good photo" and good["fetchpriority"] == "high"
    assert not soup.select(".cover")  # a cover without its alt text is left out too
    assert not (output / "images" / "bomb.png").exists()


# --- continuous integration --------------------------------------------------------------


def test_ci_keeps_the_asset_cache_between_runs():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"].strip() == ".cache/assets"
    names = [step["name"] for step in steps]
    assert names.index(cache["name"]) < names.index("Test (the README's test command)")


# --- in a browser ------------------------------------------------------------------------

LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_chromium_picks_avif_and_nothing_shifts(browser, gallery, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page_ = context.new_page()
    page_.add_init_script(LAYOUT_SHIFTS)
    page_.goto(f"{gallery.url}/{GALLERY}", wait_until="networkidle")
    height = page_.evaluate("document.body.scrollHeight")
    for top in range(0, height, 600):  # read to the end: every lazy image loads
        page_.evaluate(f"window.scrollTo(0, {top})")
        page_.wait_for_timeout(50)
    page_.wait_for_load_state("networkidle")
    chosen = page_.evaluate(  # the post's own pictures (not its author card's portrait)
        "Array.from(document.querySelectorAll('.cover picture img, .post-body picture img'))"
        ".map(img => [img.complete && img.naturalWidth > 0, img.currentSrc])"
    )
    assert len(chosen) == PHOTOS + 4
    assert all(loaded and src.endswith(".avif") for loaded, src in chosen), chosen
    assert page_.evaluate("window.__shifts") == []
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_lighthouse_mobile_scores_the_gallery_100_within_150_kb(gallery):
    require_tool(lighthouse_available(), "Lighthouse (npm ci) with node and Chromium")
    report = run_lighthouse(f"{gallery.url}/{GALLERY}")
    audits = report["audits"]
    assert report["categories"]["performance"]["score"] == 1, {
        name: audits[name]["displayValue"]
        for name in ("first-contentful-paint", "largest-contentful-paint", "speed-index")
    }
    assert audits["cumulative-layout-shift"]["numericValue"] == 0
    assert audits["total-byte-weight"]["numericValue"] <= 150 * 1024
    requests = audits["network-requests"]["details"]["items"]
    photos = [item["mimeType"] for item in requests if item.get("resourceType") == "Image"
              and not item["url"].endswith(".svg")]  # the site's icon  # fmt: skip
    assert photos and set(photos) == {"image/avif"}, photos
    print(
        f"LCP {audits['largest-contentful-paint']['displayValue']}, "
        f"{audits['total-byte-weight']['numericValue'] / 1024:.1f} KiB, {len(photos)} photos"
    )
