"""schema.org JSON-LD for posts, pages and the site, built from content objects."""

from __future__ import annotations

from blogkit.html_tags import plain_text


def absolute_url(settings: dict, url: str) -> str:
    siteurl = settings.get("SITEURL", "")
    return f"{siteurl}/{url}" if url else f"{siteurl}/"


class Addresses:
    """The absolute addresses of one build's authors, each worked out once: Pelican formats an
    object's URL from the settings on every access, and every post names its authors."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.authors: dict[str, str] = {}

    def of(self, item) -> str:
        return absolute_url(self.settings, item.url)

    def author(self, author) -> str:
        if author.slug not in self.authors:
            self.authors[author.slug] = self.of(author)
        return self.authors[author.slug]


def person(author, address: str) -> dict:
    """``Person``: the name, the author page (``address``), and what author_profiles attached
    (``person``: jobTitle, description, image, sameAs)."""
    return {
        "@type": "Person",
        "name": author.name,
        "url": address,
        **getattr(author, "person", {}),
    }


def profile_page(author, addresses: Addresses) -> dict:
    """The author page: a ``ProfilePage`` about its author."""
    address = addresses.author(author)
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": address,
        "name": author.name,
        "mainEntity": person(author, address),
    }


def blog_posting(article, settings: dict, url: str, addresses: Addresses) -> dict:
    """``BlogPosting`` of the post at ``url``, with counts added only once a plugin has
    attached them."""
    authors = getattr(article, "authors", [])
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "description": plain_text(getattr(article, "summary", "")),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.date.isoformat(),
        "dateModified": getattr(article, "modified", article.date).isoformat(),
        "author": [person(author, addresses.author(author)) for author in authors],
        "publisher": {"@type": "Organization", "name": settings.get("SITENAME", "")},
        "wordCount": getattr(article, "word_count", 0),
        "inLanguage": getattr(article, "lang", settings.get("DEFAULT_LANG", "en")),
    }
    if getattr(article, "category", None):
        data["articleSection"] = article.category.name
    if getattr(article, "tags", None):
        data["keywords"] = [tag.name for tag in article.tags]
    cover = getattr(article, "cover_image", None)  # attached by responsive_images
    if cover is not None:
        data["image"] = {"@type": "ImageObject", "url": cover.url, "width": cover.width,
                         "height": cover.height}  # fmt: skip
    part_of = getattr(article, "series_jsonld", None)  # attached by post_series
    if part_of:
        data["isPartOf"] = part_of
    comment_count = getattr(article, "comment_count", None)
    if comment_count is not None:
        data["commentCount"] = comment_count
    view_count = getattr(article, "view_count", None)
    if view_count is not None:
        data["interactionStatistic"] = {
            "@type": "InteractionCounter",
            "interactionType": "https://schema.org/ReadAction",
            "userInteractionCount": view_count,
        }
    return data


def web_page(page, settings: dict) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": page.title,
        "description": plain_text(getattr(page, "summary", "")),
        "url": absolute_url(settings, page.url),
    }


def web_site(settings: dict, description: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.get("SITENAME", ""),
        "description": description,
        "url": absolute_url(settings, ""),
    }
