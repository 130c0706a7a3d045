"""A page of a plugin's own (the events page, the search page), written by its generator."""

from __future__ import annotations

from pelican.generators import Generator


class OnePageGenerator(Generator):
    """Writes template ``PAGE`` where the plugin's settings say.

    A subclass sets ``self.options`` (its checked settings) in ``generate_context`` and names
    the settings that hold the page's path (``SAVE_AS``) and address (``URL``).
    """

    PAGE = ""
    SAVE_AS = ""
    URL = ""

    def generate_output(self, writer):
        writer.write_file(
            self.options[self.SAVE_AS],
            self.get_template(self.PAGE),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
            page_name=self.PAGE,
            url=self.options[self.URL],
        )
