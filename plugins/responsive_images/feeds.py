"""What the feeds get of the build's images: each post's pictures as their fallback ``<img>``
(feed readers ignore ``<source>``: the ``<picture>`` markup would only make feeds heavier), and
each post's cover as its item's enclosure (Atom ``link rel=enclosure``, RSS)."""

from __future__ import annotations

import re

from feedgenerator import Enclosure

from .pictures import Cover, Picture

# The pictures this plugin writes (one element, never nested): what a feed item's HTML holds.
PICTURE = re.compile(r"<picture>.*?</picture>", re.S)
ITEM_HTML = ("description", "content")  # a feed item's fields that carry the post's HTML


class FeedImages:
    """The covers and pictures of the build's posts, for the feeds Pelican writes."""

    def __init__(self, siteurl: str):
        self.siteurl = siteurl
        self.enclosures: dict[str, Enclosure] = {}  # by the address a feed item links to
        self.in_feeds: dict[str, str] = {}  # a picture's markup -> its <img> for the feeds

    def add_cover(self, content, cover: Cover) -> None:
        self.enclosures[f"{self.siteurl}/{content.url}"] = Enclosure(
            cover.url, str(cover.size), cover.type
        )

    def add_picture(self, picture: Picture) -> str:
        """``picture``'s markup for the page, remembered with its ``<img>`` for the feeds."""
        markup = picture.html()
        self.in_feeds[markup] = picture.in_feed()
        return markup

    def rewrite(self, feed) -> None:
        """Each item of ``feed`` (as Pelican made it, before it is written): its pictures as
        their ``<img>``, its post's cover as its enclosure."""
        for item in feed.items:
            for field in ITEM_HTML:
                if item.get(field) and "<picture>" in item[field]:
                    item[field] = PICTURE.sub(self.img_of, item[field])
            enclosure = self.enclosures.get(item["link"].split("?", 1)[0])
            if enclosure is not None:
                item["enclosures"] = [enclosure]

    def img_of(self, match: re.Match) -> str:
        return self.in_feeds.get(match.group(), match.group())
