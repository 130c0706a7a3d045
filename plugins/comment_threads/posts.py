"""Read every comment once per build; attach threads, counts and comment links to posts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from pelican.generators import ArticlesGenerator

from blogkit.clock import build_now
from blogkit.content import all_articles
from blogkit.labels import count_label
from blogkit.outputs import also_written
from blogkit.problems import ContentError, metadata_line, report, report_error
from blogkit.problems import warn as warn_problem
from blogkit.web import site_root

from .cache import CommentCache, comment_cache
from .links import add_comment_url, how_comments_are_sent
from .model import Comment
from .reader import read_comment
from .settings import SETTINGS_KEY, comment_settings
from .threads import build_threads, count

SWITCH_OFF = {"off", "no", "false", "closed", "0"}
SWITCH_ON = {"on", "yes", "true", "open", "1"}


def warn(path: str, problem: str, line: int | None) -> None:
    """A problem worth fixing that does not stop a publish: the comment is still shown."""
    warn_problem(path, problem, line)


def read_all_comments(folder: Path, settings: dict) -> dict[str, list[Comment]]:
    """``{post slug: [comment, ...]}`` from ``<folder>/<slug>/*.md``; broken files reported."""
    found: dict[str, list[Comment]] = {}
    if not folder.is_dir():
        return found
    cache = comment_cache(settings)
    for entry in sorted_entries(folder):  # os.scandir: a build lists every post's folder
        path = Path(entry.path)
        if not entry.is_dir():
            if path.suffix == ".md":
                warn(str(path), "a comment file must be in a folder named after its post", None)
            continue
        comments = found.setdefault(path.name, [])
        for source in [Path(e.path) for e in sorted_entries(path) if e.name.endswith(".md")]:
            comment = cache.get(source) or read_and_cache(source, path.name, settings, cache)
            if comment is not None:
                comments.append(comment)
    cache.save()
    return found


def sorted_entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def read_and_cache(source: Path, post_slug: str, settings: dict, cache: CommentCache):
    """Read one comment; keep it for the next build unless it had a problem to report again."""
    problems = []

    def warn_and_note(path: str, problem: str, line: int | None) -> None:
        problems.append(problem)
        warn(path, problem, line)

    try:
        comment = read_comment(source, post_slug, settings, warn_and_note)
    except ContentError as error:
        report_error(error)
        return None
    if not problems:
        cache.put(source, comment)
    return comment


def comments_open(article) -> bool:
    """``Comments: off`` in a post's header closes its comments; anything unknown is reported."""
    value = switch_value(article)
    if value in SWITCH_ON:
        return True
    if value in SWITCH_OFF:
        return False
    source = article.source_path
    report(source, f"Comments {value!r} is not 'on' or 'off'", metadata_line(source, "Comments"))
    return True


def switch_value(article) -> str:
    return str(article.metadata.get("comments", "on")).strip().lower()


def comment_form(options: dict, settings: dict, article) -> dict[str, str] | None:
    """What the comment form's loader needs (``data-*`` of its script), or None: no Isso set,
    or comments closed. The thread's name in Isso is the post's path, as `invoke comments-pull`
    finds the post again."""
    if not options["COMMENTS_ISSO_URL"] or not article.comments_open:
        return None
    static = f"{site_root(settings.get('SITEURL', ''))}/{settings.get('THEME_STATIC_DIR', 'theme')}"
    return {
        "isso": options["COMMENTS_ISSO_URL"].rstrip("/"),
        "uri": "/" + article.url.lstrip("/"),
        "script": f"{static}/js/comment-form.js",
    }


class Shown(NamedTuple):
    """What a post shows of its comments (attached as attributes of the same names)."""

    comments: list[Comment]  # the threads, replies nested
    comment_count: int
    comment_label: str
    comments_open: bool
    comment_form: dict[str, str] | None
    comment_add_url: str
    comment_feed_url: str | None


# {slug: (what it was shown from, Shown)} of the last build of this process (the dev
# server's builder): a post whose comments and links did not change is shown as it was,
# not threaded again (1,000 posts: 10 ms a save). Kept only when showing it reported nothing.
_last_shown: dict[str, tuple[tuple, Shown]] = {}


def attach_comments(generator: ArticlesGenerator) -> None:
    """Every post gets ``comments``, ``comment_count`` and its links, on every build."""
    settings = generator.settings
    options = comment_settings(settings)
    folder = Path(settings["PATH"]) / options["COMMENTS_PATH"]
    by_slug = read_all_comments(folder, settings)
    articles = all_articles(generator)
    known = {article.slug for article in articles}
    for slug in sorted(set(by_slug) - known):
        warn(
            str(folder / slug),
            f"no post has the slug {slug!r}: its {len(by_slug[slug])} comment file(s) are kept "
            "but not shown",
            None,
        )
    today = build_now().astimezone(ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    template_date = today.strftime("%Y-%m-%d %H:%M")
    site = (template_date, settings.get("SITEURL"), settings.get("THEME_STATIC_DIR"),
            tuple(options.items()))  # fmt: skip
    for article in articles:
        comments = by_slug.get(article.slug, [])
        address = article.url if options["COMMENTS_ISSO_URL"] else None  # the form's thread
        facts = (site, article.title, address, getattr(article, "status", "published"),
                 article.metadata.get("comments"), comments)  # fmt: skip
        last = _last_shown.get(article.slug)
        if last is not None and same_facts(last[0], facts):
            shown = last[1]
        else:
            shown, reported = show(article, comments, options, settings, template_date)
            if not reported:
                _last_shown[article.slug] = (facts, shown)
        for name, value in shown._asdict().items():
            setattr(article, name, value)
    generator.context["COMMENTS_ALL_FEED_URL"] = options["COMMENTS_ALL_FEED_ATOM"]
    feeds = [options["COMMENTS_ALL_FEED_ATOM"], *(a.comment_feed_url for a in articles)]
    also_written(generator.context, [feed for feed in feeds if feed])
    generator.context["COMMENTS_HOW_TO_SEND"] = how_comments_are_sent(options)
    generator.context[SETTINGS_KEY] = options


def same_facts(last: tuple, now: tuple) -> bool:
    """The same facts, the comments the very same (read from unchanged files)."""
    *last_facts, last_comments = last
    *facts, comments = now
    return (last_facts == facts and len(last_comments) == len(comments)
            and all(a is b for a, b in zip(last_comments, comments, strict=True)))  # fmt: skip


def show(article, comments: list[Comment], options: dict, settings: dict, template_date: str):
    """What ``article`` shows of ``comments``, and whether showing it reported a problem."""
    reported = []

    def warn_and_note(path: str, problem: str, line: int | None) -> None:
        reported.append(problem)
        warn(path, problem, line)

    roots = build_threads(comments, warn_and_note)
    article.comments_open = comments_open(article)  # comment_form reads it
    if switch_value(article) not in SWITCH_ON | SWITCH_OFF:
        reported.append("Comments")
    for root in roots:
        for comment in root.walk():
            comment.reply_url = add_comment_url(
                options, article.slug, article.title, template_date, comment.name
            )
    comment_count = count(roots)
    # A feed per post that has comments: an empty file for every other post would cost a
    # build as much as a few hundred pages, and a reader's first comment creates it.
    feed = options["COMMENTS_FEED_ATOM"]
    is_draft = getattr(article, "status", "published") == "draft"
    has_feed = feed and not is_draft and comment_count
    shown = Shown(
        comments=roots,
        comment_count=comment_count,
        comment_label=count_label(comment_count, "comment"),
        comments_open=article.comments_open,
        comment_form=comment_form(options, settings, article),
        comment_add_url=add_comment_url(options, article.slug, article.title, template_date, None),
        comment_feed_url=feed.format(slug=article.slug) if has_feed else None,
    )
    return shown, bool(reported)
