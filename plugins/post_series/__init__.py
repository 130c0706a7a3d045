"""post_series: posts that belong together, read in order.

``Series: <name>`` puts a published post in a series, ``Series_index: N`` places it (without
it, the date does). Each part gets ``series`` (``grouping.SeriesPart``: "Part 2 of 4 of ...",
every part, the previous and the next) and ``series_jsonld`` (``isPartOf`` a
``CreativeWorkSeries``, which blog_core adds to its JSON-LD); the generator writes a page per
series and an index of them. Two parts with the same index are one line ``file:line:
problem``. See docs/reading-on.md.
"""

from pelican import signals

from .generator import SeriesGenerator


def get_generators(_pelican):
    return SeriesGenerator


def register():
    signals.get_generators.connect(get_generators)
