"""Every article and page a build knows, whatever its status: plugins attach data to all."""

from __future__ import annotations

from pelican.generators import ArticlesGenerator, PagesGenerator


def all_articles(generator) -> list:
    """Published, hidden and draft articles and their translations, of one ArticlesGenerator.

    Drafts and hidden posts are built too, so they need the same attributes as the rest.
    """
    groups = (
        generator.articles,
        generator.translations,
        generator.hidden_articles,
        generator.hidden_translations,
        generator.drafts,
        generator.drafts_translations,
    )
    return [article for group in groups for article in group]


def all_pages(generator) -> list:
    """Published, hidden and draft pages of one PagesGenerator."""
    return [*generator.pages, *generator.hidden_pages, *generator.draft_pages]


def page_translations(generator) -> list:
    """The translations of a PagesGenerator's pages, whatever their status: Pelican writes them
    too, so a presenter that every written page needs (its head) attaches to them as well."""
    return [*generator.translations, *generator.hidden_translations, *generator.draft_translations]


def contents_of(generator) -> list:
    """Every article of an ArticlesGenerator, or every page of a PagesGenerator, whatever its
    status and language (Pelican writes them all); nothing of any other generator."""
    if isinstance(generator, ArticlesGenerator):
        return all_articles(generator)
    if isinstance(generator, PagesGenerator):
        return [*all_pages(generator), *page_translations(generator)]
    return []
