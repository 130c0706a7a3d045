"""author_profiles: content/data/authors.yaml on the author page, under posts and in JSON-LD,
and every bad input as one line ``authors.yaml:line: problem``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import TEST_SITEURL, build, jsonld, page, text_of

AUTHOR = "author/dana-whitfield/"
SEED = "network-before-you-need-it/"


def test_the_author_page_shows_portrait_name_role_bio_links_then_posts(site):
    soup = page(site, AUTHOR)
    header = soup.find("header", class_="author-header")
    img = header.find("img")
    assert img["alt"] == "Portrait of Dana Whitfield"
    assert img["src"].startswith(f"{TEST_SITEURL}/images/authors/dana-whitfield-")
    assert [s["type"] for s in header.find_all("source")] == ["image/avif", "image/webp"]
    assert text_of(header.find("h1")) == "Dana Whitfield"
    assert text_of(header.find(class_="author-role")) == "Career coach and community organizer"
    assert header.find(class_="author-bio").find("strong").text == "small, regular habits"
    links = {text_of(a): a["href"] for a in header.find_all("a")}
    assert links == {"Connect on LinkedIn": "https://www.linkedin.com/in/example-dana-whitfield"}
    titles = [text_of(h2) for h2 in soup.select(".card-title")]
    assert "Sample: Twenty-Minute Coffee Chats" in titles
    assert soup.find("h2", class_="listing-heading").find_next("article")


def test_every_portrait_variant_is_a_real_image_of_the_size_it_claims(site):
    soup = page(site, AUTHOR)
    for source in soup.select(".author-header source"):
        for candidate in source["srcset"].split(","):
            url, width = candidate.strip().rsplit(" ", 1)
            with Image.open(site / url.removeprefix(TEST_SITEURL + "/")) as image:
                assert image.width == int(width.removesuffix("w"))


def test_each_post_ends_with_its_authors_card_and_a_lazy_portrait(site):
    soup = page(site, SEED)
    card = soup.find("aside", class_="author-card")
    assert card["aria-label"] == "About The Editors"
    assert card.find_previous("footer", class_="post-footer")  # after the post
    img = card.find("img")
    assert img["loading"] == "lazy" and img["alt"] == ""  # the name follows it
    name = card.find(class_="author-card-name").find("a")
    assert (text_of(name), name["href"]) == ("The Editors", "/author/the-editors/")
    assert text_of(card.find(class_="author-role")) == "Editorial team"
    links = [text_of(a) for a in card.select(".author-links a")]
    assert links == ["Connect on LinkedIn", "theconnectedprofessional.example"]


def test_json_ld_person_and_profile_page(site):
    (posting,) = jsonld(page(site, SEED))
    (person,) = posting["author"]
    assert person["jobTitle"] == "Editorial team"
    assert person["image"].endswith(".jpg")
    assert person["sameAs"] == [
        "https://www.linkedin.com/company/example-connected-professional",
        "https://theconnectedprofessional.example",
    ]
    (profile,) = jsonld(page(site, AUTHOR))
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["name"] == "Dana Whitfield"
    assert profile["mainEntity"]["url"] == f"{TEST_SITEURL}/{AUTHOR}"


def test_an_author_without_an_entry_is_just_a_name(content_copy, tmp_path):
    post = content_copy / "posts" / "samples" / "sample-coffee-chats.md"
    post.write_text(post.read_text().replace("Author: Dana Whitfield", "Author: Sam Rivera"))
    output = tmp_path / "output"
    assert build(output, content=content_copy).ok
    soup = page(output, "author/sam-rivera/")
    assert text_of(soup.find("h1")) == "Sam Rivera"
    assert soup.find("img") is None and soup.find(class_="author-links") is None
    (profile,) = jsonld(soup)
    assert set(profile["mainEntity"]) == {"@type", "name", "url"}
    assert page(output, "sample-twenty-minute-coffee-chats/").find(class_="author-card") is None


BAD_AUTHORS = """\
The Editors:
  role: Editorial team
  linkdin: https://www.linkedin.com/in/editors
Dana Whitfield:
  linkedin: ftp://www.linkedin.com/in/dana
Ana One:
  linkedin: https://example.org/ana
Ana Two:
  website: javascript:alert(1)
Ana Three:
  photo: images/authors/nobody.jpg
Ana Four:
  photo: ../../etc/passwd.png
Ana Five:
  photo: images/authors/dana.svg
Ana Six:
  photo: images/authors/broken.png
Ana Seven:
  role: ""
Ana Eight:
  bio: {bio}
Ana Nine: [a, list]
The Editors:
  role: Twice
"""
EXPECTED = [
    "authors.yaml:3: unknown field 'linkdin' (did you mean 'linkedin'?)",
    "authors.yaml:5: linkedin 'ftp://www.linkedin.com/in/dana' is not an http(s) address",
    "authors.yaml:7: linkedin 'https://example.org/ana' is not a LinkedIn address",
    "authors.yaml:9: website 'javascript:alert(1)' is not an http(s) address",
    "authors.yaml:11: photo 'images/authors/nobody.jpg' was not found in",
    "authors.yaml:13: photo '../../etc/passwd.png' is outside the content folder",
    "authors.yaml:15: photo 'images/authors/dana.svg' must be a JPEG, PNG, WebP or AVIF image",
    "authors.yaml:19: role is empty",
    "authors.yaml:21: bio is 700 characters: keep it under 600",
    "authors.yaml:22: 'Ana Nine': expected fields (role: ..., bio: ...)",
    "authors.yaml:23: author 'The Editors' appears twice (first on line 1)",
    "authors.yaml:17: photo 'images/authors/broken.png' is not an image file Pillow can read",
]


@pytest.fixture
def bad_authors(content_copy) -> Path:
    (content_copy / "images" / "authors" / "dana.svg").write_text("<svg/>")
    (content_copy / "images" / "authors" / "broken.png").write_bytes(b"not a png")
    authors = content_copy / "data" / "authors.yaml"
    authors.write_text(BAD_AUTHORS.format(bio="x" * 700), encoding="utf-8")
    return content_copy


def test_every_bad_entry_is_one_line_and_a_publish_build_writes_nothing(bad_authors, tmp_path):
    output = tmp_path / "output"
    result = build(output, content=bad_authors)
    assert not result.ok and result.stopped
    for expected in EXPECTED:
        assert sum(expected in line for line in result.problems) == 1, (expected, result.problems)
    assert len(result.problems) == len(EXPECTED), result.problems
    assert not (output / "index.html").exists()


def test_a_dev_build_shows_them_and_leaves_those_authors_as_names(bad_authors, tmp_path):
    output = tmp_path / "output"
    result = build(output, "pelicanconf.py", content=bad_authors)
    assert result.ok
    box = text_of(page(output, "").find(class_="build-problems"))
    assert "authors.yaml:5: linkedin" in box
    soup = page(output, AUTHOR)
    assert soup.find(class_="author-header").find("img") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a list\n", "authors.yaml:1: expected a mapping of author names to profiles"),
        ("The Editors:\n  role: [\n", "authors.yaml:3: YAML syntax error"),
        ("a: &x 1\nb: *x\n", "authors.yaml:2: an alias (*x) repeats another value"),
    ],
)
def test_a_file_that_is_not_profiles_is_one_line(content_copy, tmp_path, text, expected):
    (content_copy / "data" / "authors.yaml").write_text(text, encoding="utf-8")
    result = build(tmp_path / "output", content=content_copy)
    assert not result.ok
    assert [line for line in result.problems if expected in line], result.problems
