"""Published posts grouped into series, each in its order; two parts at one index reported."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from blogkit.problems import metadata_line, report
from blogkit.slugs import slugify


@dataclass(frozen=True)
class Series:
    """One series: its name, its own page and its parts in reading order."""

    name: str
    slug: str
    url: str
    save_as: str
    parts: tuple  # the posts, first part first
    size: int  # how many
    page: str  # its page's key in OWN_PAGES (blogkit.pages): blog_core composes its head


@dataclass(frozen=True)
class Entry:
    """One part in a part's box: the post, and whether it is the one being read."""

    post: object
    current: bool


@dataclass(frozen=True)
class SeriesPart:
    """What a post shows of its series."""

    series: Series
    label: str  # "Part 2 of 4 of Name"
    entries: tuple[Entry, ...]
    previous: object | None
    next: object | None


def index_of(post) -> tuple[int | None, str]:
    """``Series_index`` as a whole number of 1 or more (None without one), or a problem."""
    value = post.metadata.get("series_index")
    if value is None or str(value).strip() == "":
        return None, ""
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1:
        return None, f"Series_index {text!r} is not a whole number of 1 or more"
    return int(text), ""


def reading_order(name: str, posts: list) -> list:
    """The parts by ``Series_index`` (those without one after, by date); a second part at an
    index already taken is reported."""
    taken: dict[int, object] = {}
    keyed = []
    for post in sorted(posts, key=lambda post: (post.date, post.source_path)):
        index, problem = index_of(post)
        line = metadata_line(post.source_path, "Series_index")
        if problem:
            report(post.source_path, problem, line)
        elif index is not None and index in taken:
            first = taken[index].source_path
            problem = f"Series_index {index} of series {name!r} is also that of {first}"
            report(post.source_path, problem, line)
        elif index is not None:
            taken[index] = post
        keyed.append(((index is None, index or 0, post.date, post.source_path), post))
    return [post for _, post in sorted(keyed, key=lambda pair: pair[0])]


def group(posts, options: dict, settings: dict) -> list[Series]:
    """Every series the published ``posts`` name, by name."""
    named = defaultdict(list)
    for post in posts:
        name = str(post.metadata.get("series") or "").strip()
        if name:
            named[name].append(post)
    found = []
    for name in sorted(named):
        slug = slugify(name, settings)
        found.append(Series(
            name=name,
            slug=slug,
            url=options["SERIES_URL"].format(slug=slug),
            save_as=options["SERIES_SAVE_AS"].format(slug=slug),
            parts=tuple(reading_order(name, named[name])),
            size=len(named[name]),
            page=f"series/{slug}",
        ))  # fmt: skip
    return found


def parts_of(series: Series) -> list[tuple[object, SeriesPart]]:
    """Each post of ``series`` with what it shows of it."""
    total = len(series.parts)
    shown = []
    for number, post in enumerate(series.parts, start=1):
        shown.append((post, SeriesPart(
            series=series,
            label=f"Part {number} of {total} of {series.name}",
            entries=tuple(Entry(part, part is post) for part in series.parts),
            previous=series.parts[number - 2] if number > 1 else None,
            next=series.parts[number] if number < total else None,
        )))  # fmt: skip
    return shown
