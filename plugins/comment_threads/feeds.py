"""Comment Atom feeds, one per post and one for the whole site, written with feedgenerator."""

from __future__ import annotations

import logging
import os
from datetime import datetime

from feedgenerator import Atom1Feed
from pelican.generators import Generator

from blogkit.clock import build_now

from .settings import SETTINGS_KEY

logger = logging.getLogger(__name__)


class DatedAtomFeed(Atom1Feed):
    """An Atom feed whose <updated> never falls back to the wall clock (reproducible builds)."""

    def __init__(self, *args, fallback_date: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback_date = fallback_date

    def latest_post_date(self):
        return max((item["pubdate"] for item in self.items), default=self.fallback_date)


def _entry(feed: Atom1Feed, comment, article, domain: str) -> None:
    link = f"{domain}/{article.url}#{comment.anchor}"
    feed.add_item(
        title=f"{comment.author} on “{article.title}”",
        link=link,
        description=str(comment.html),
        content=str(comment.html),
        author_name=comment.author,
        author_link=comment.website,
        pubdate=comment.date,
        unique_id=link,
    )


def _newest_comments(articles) -> list[tuple]:
    """(comment, post) for every comment of the posts given, newest first."""
    everything = [
        (comment, article)
        for article in articles
        for root in getattr(article, "comments", None) or []
        for comment in root.walk()
    ]
    return sorted(everything, key=lambda pair: (pair[0].date, pair[0].name), reverse=True)


class CommentFeedsGenerator(Generator):
    """Writes the feeds once every post has its comments (after every context is computed)."""

    def generate_output(self, writer) -> None:
        options = self.context[SETTINGS_KEY]
        settings = self.settings
        domain = (settings.get("FEED_DOMAIN") or settings.get("SITEURL") or "").rstrip("/")
        articles = list(self.context.get("articles", [])) + list(
            self.context.get("hidden_articles", [])
        )
        for article in articles:
            path = getattr(article, "comment_feed_url", None)
            if not path:
                continue
            title = f"Comments on “{article.title}”"
            feed = self._feed(title, f"{domain}/{article.url}", f"{domain}/{path}", article.date)
            for root in article.comments:
                for comment in root.walk():
                    _entry(feed, comment, article, domain)
            self._write(feed, path)
        path = options["COMMENTS_ALL_FEED_ATOM"]
        if path:
            feed = self._feed("Recent comments", f"{domain}/", f"{domain}/{path}", build_now())
            newest = _newest_comments(self.context.get("articles", []))
            for comment, article in newest[: options["COMMENTS_FEED_MAX_ITEMS"]]:
                _entry(feed, comment, article, domain)
            self._write(feed, path)

    def _feed(self, title: str, link: str, feed_url: str, fallback_date: datetime) -> Atom1Feed:
        return DatedAtomFeed(
            title=f"{title} · {self.settings.get('SITENAME', '')}",
            link=link,
            description="",
            feed_url=feed_url,
            language=self.settings.get("DEFAULT_LANG", "en"),
            fallback_date=fallback_date,
        )

    def _write(self, feed: Atom1Feed, path: str) -> None:
        target = os.path.join(self.output_path, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as output:
            feed.write(output, "utf-8")
        logger.info("Writing %s", target)
