"""A post's cover as its feed item's enclosure (Atom ``link rel=enclosure``, RSS)."""

from __future__ import annotations

from feedgenerator import Enclosure

from .pictures import Cover


class Enclosures:
    """The covers of the build's posts, by the address a feed item links to."""

    def __init__(self, siteurl: str):
        self.siteurl = siteurl
        self.by_link: dict[str, Enclosure] = {}

    def add(self, content, cover: Cover) -> None:
        self.by_link[f"{self.siteurl}/{content.url}"] = Enclosure(
            cover.url, str(cover.size), cover.type
        )

    def add_to(self, feed) -> None:
        for item in feed.items:
            enclosure = self.by_link.get(item["link"].split("?", 1)[0])
            if enclosure is not None:
                item["enclosures"] = [enclosure]
