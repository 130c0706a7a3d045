"""One author's profile: the schema an entry of authors.yaml must follow, and the profile the
theme, the share cards and the JSON-LD read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from blogkit.images import PHOTO_SUFFIXES, ImageRequest
from blogkit.problems import quoted
from blogkit.web import require_web_url

LINKEDIN_HOST = "linkedin.com"


class AuthorSchema(BaseModel):
    """One entry as written; unknown fields are errors (``linkdin:`` is a typo)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    role: str | None = Field(default=None, min_length=1)
    bio: str | None = Field(default=None, min_length=1)
    photo: str | None = Field(default=None, min_length=1)
    linkedin: str | None = None
    website: str | None = None

    @field_validator("linkedin", "website")
    @classmethod
    def _web_url(cls, url, info: ValidationInfo):
        require_web_url(info.field_name, url)
        if info.field_name == "linkedin" and url is not None and not is_linkedin(url):
            raise ValueError(
                f"linkedin {quoted(url)} is not a LinkedIn address "
                "(https://www.linkedin.com/in/...)"
            )
        return url

    @field_validator("photo")
    @classmethod
    def _raster(cls, photo):
        if photo is not None and Path(photo).suffix.lower() not in PHOTO_SUFFIXES:
            raise ValueError(f"photo {quoted(photo)} must be a JPEG, PNG, WebP or AVIF image")
        return photo


def is_linkedin(url: str | None) -> bool:
    host = (urlsplit(url or "").hostname or "").lower()
    return host == LINKEDIN_HOST or host.endswith("." + LINKEDIN_HOST)


@dataclass
class Profile:
    """What the author page, a post's author card and the JSON-LD show of one author."""

    name: str
    role: str
    bio_html: Markup
    bio_text: str
    linkedin: str | None
    website: str | None
    photo: ImageRequest | None  # filled in by responsive_images

    @property
    def website_label(self) -> str:
        """The website's link text: its host name, as a reader would type it."""
        return (urlsplit(self.website or "").hostname or "").removeprefix("www.")

    @property
    def portrait(self):
        """The author page's picture (None without a photo, or before it is made)."""
        return self.photo.pictures.get("page") if self.photo else None

    @property
    def card_portrait(self):
        """The lazy picture of a post's author card."""
        return self.photo.pictures.get("card") if self.photo else None

    @property
    def inline_portrait(self):
        """The tiny portrait an event page shows without a request (a ``data:`` URI)."""
        return self.photo.inline if self.photo else None

    def person(self) -> dict:
        """schema.org Person properties beyond name and url, for blog_core's JSON-LD."""
        data: dict = {}
        if self.role:
            data["jobTitle"] = self.role
        if self.photo is not None and self.photo.url:
            data["image"] = self.photo.url
        same_as = [url for url in (self.linkedin, self.website) if url]
        if same_as:
            data["sameAs"] = same_as
        return data
