"""The series of the build: grouped as the contexts are made, attached to their parts, and
their pages written (one per series, and the index)."""

from __future__ import annotations

from pelican.generators import Generator

from blogkit.pages import OWN_PAGES, OwnPage
from blogkit.problems import metadata_line, report
from blogkit.settings import plugin_settings
from blogkit.slugs import is_plain_slug

from . import grouping
from .settings import SETTINGS

INDEX_PAGE = "series_index"  # the index's key in OWN_PAGES and its template's name
POST_GROUPS = ("articles", "hidden_articles", "drafts")  # the posts of the context


class SeriesGenerator(Generator):
    """Runs after Pelican's article generator: the published posts are known."""

    def generate_context(self):
        self.options = plugin_settings(self.settings, SETTINGS)
        self.series: list[grouping.Series] = []
        for key in POST_GROUPS:
            for post in self.context.get(key) or []:
                post.series = post.series_jsonld = None  # a kept post may hold the last build's
        if not self.options["SERIES"]:
            return
        siteurl = self.settings.get("SITEURL", "")
        found = grouping.group(self.context.get("articles") or [], self.options, self.settings)
        for series in found:
            if not is_plain_slug(series.slug):
                problem = f"Series {series.name!r} makes no address: give it letters or digits"
                for post in series.parts:
                    report(post.source_path, problem, metadata_line(post.source_path, "Series"))
                continue
            self.series.append(series)
            in_jsonld = {"@type": "CreativeWorkSeries", "name": series.name,
                         "url": f"{siteurl}/{series.url}"}  # fmt: skip
            for post, part in grouping.parts_of(series):
                post.series, post.series_jsonld = part, in_jsonld
        pages = self.context.setdefault(OWN_PAGES, {})
        sitename = self.settings.get("SITENAME", "")
        for series in self.series:
            description = f"{series.name}: a series of {series.size} posts on {sitename}."
            pages[series.page] = OwnPage(series.name, series.url, description)
        if self.series:
            pages[INDEX_PAGE] = OwnPage(
                "Series", self.options["SERIES_INDEX_URL"], f"Every series of posts on {sitename}."
            )
        self.context["SERIES_INDEX_URL"] = self.options["SERIES_INDEX_URL"] if self.series else ""
        self.context["all_series"] = self.series

    def generate_output(self, writer):
        """Each page with the head blog_core composed for it (``PAGE_HEADS``, by its key)."""
        heads = self.context.get("PAGE_HEADS", {})
        relative_urls = self.settings.get("RELATIVE_URLS", False)
        for series in self.series:
            writer.write_file(series.save_as, self.get_template("series"), self.context,
                              relative_urls=relative_urls, series=series, url=series.url,
                              head=heads.get(series.page))  # fmt: skip
        if self.series:
            writer.write_file(
                self.options["SERIES_INDEX_SAVE_AS"], self.get_template(INDEX_PAGE), self.context,
                relative_urls=relative_urls, url=self.options["SERIES_INDEX_URL"],
                head=heads.get(INDEX_PAGE),
            )  # fmt: skip
