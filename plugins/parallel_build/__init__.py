"""parallel_build: a cold build's two big loops shared with forked worker processes.

Pelican converts posts' Markdown one file at a time, then renders their pages one template
at a time; on a machine with more than one CPU, the other CPUs sit idle. ``reading``
converts posts in workers while Pelican reads on in its own order (the main process loads
plugins' libraries and compiles templates while it would wait); ``writing`` shares the
pages and feeds between the main process and forked copies of it.
The output is byte for byte what Pelican writes alone; ``PARALLEL_BUILD_WORKERS = 0``
turns both off. What it needs of Pelican's internals is in ``blogkit.pelican_internals``;
where Pelican is not as assumed, the build says so in one line and runs alone
(docs/parallel-build.md).
"""

from pelican import signals

from blogkit import lifecycle

from . import reading, settings, writing


def register():
    lifecycle.on_start(settings.workers.configure)
    signals.article_generator_init.connect(reading.reading.start)
    signals.article_generator_finalized.connect(reading.reading.stop)
    signals.finalized.connect(reading.reading.stop)
    signals.all_generators_finalized.connect(writing.writing.plan)
    signals.get_writer.connect(writing.shared_writer)
