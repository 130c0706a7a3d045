"""A page of a plugin's own (the events page, the search page), written by its generator."""

from __future__ import annotations

from dataclasses import dataclass

from pelican.generators import Generator

# The context entry where each plugin's page leaves what it says of itself ({page: OwnPage}):
# the theme's head presenter (blog_core) composes the page's head from it.
OWN_PAGES = "OWN_PAGES"
# Where share_cards leaves the card of each of those pages ({page: ShareImage}), and the site's
# (every page's without one of its own).
OWN_PAGE_CARDS = "OWN_PAGE_CARDS"
SITE_CARD = "SITE_SHARE_IMAGE"
# People named outside posts: event_listing leaves {name: [event cards]} for every speaker and
# host; author_profiles gives each of them with a profile an author page (posts or not) and
# leaves {name: Author} of every person with a profile.
PEOPLE_EVENTS = "PEOPLE_EVENTS"
PEOPLE = "PEOPLE"


@dataclass(frozen=True)
class CardFacts:
    """What a page's share card shows, for share_cards to draw (or fit, from ``image``)."""

    name: str  # the readable start of the card's file name
    title: str
    kicker: str  # above the title: "Event", "Cancelled"...
    line: str  # under the title, bold: a date
    detail: str  # under it: a place
    alt: str  # the card's alt text
    image: object = None  # a blogkit.images.ImageRequest, fitted instead of drawing


@dataclass(frozen=True)
class OwnPage:
    """What a plugin's page says of itself, as plain data."""

    title: str  # its name, before the site's in its <title>
    url: str
    description: str  # its meta description
    card: CardFacts | None = None  # its own share card (else share_cards' own choice)
    og_title: str = ""  # a page about one thing (an event): its name alone; else the <title>


class OnePageGenerator(Generator):
    """Writes template ``PAGE`` where the plugin's settings say.

    A subclass sets ``self.options`` (its checked settings) in ``generate_context`` and names
    the settings that hold the page's path (``SAVE_AS``) and address (``URL``); it then calls
    ``describe()``, which leaves ``TITLE`` and ``DESCRIPTION`` for the page's head.
    """

    PAGE = ""
    SAVE_AS = ""
    URL = ""
    TITLE = ""
    DESCRIPTION = ""  # "{sitename}" in it is the site's name

    def describe(self, card: CardFacts | None = None) -> None:
        """The page's title, address, description and what its share card shows, if it says,
        in the context under ``OWN_PAGES``."""
        description = self.DESCRIPTION.format(sitename=self.settings.get("SITENAME", ""))
        page = OwnPage(self.TITLE, self.options[self.URL], description, card)
        self.context.setdefault(OWN_PAGES, {})[self.PAGE] = page

    def generate_output(self, writer):
        self.write_page(writer, self.PAGE, self.options[self.SAVE_AS], self.PAGE,
                        self.options[self.URL])  # fmt: skip

    def write_page(self, writer, template: str, save_as: str, name: str, url: str, **values):
        """One page of the plugin's (its own, or one of several: an event's), with what every
        such page's template reads: ``page_name`` (its head, from ``OWN_PAGES``) and ``url``."""
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
            page_name=name,
            url=url,
            **values,
        )
