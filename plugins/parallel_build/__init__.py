"""parallel_build: a cold build's two big loops shared with forked worker processes.

Pelican converts posts' Markdown one file at a time, then renders their pages one template
at a time; on a machine with more than one CPU, the other CPUs sit idle. ``reading``
converts posts in workers while Pelican reads on in its own order (the main process loads
plugins' libraries and compiles templates while it would wait); ``writing`` shares the
pages and feeds between the main process and forked copies of it.
Both use blogkit's worker pool (``BUILD_WORKERS``: ``1`` turns them off). The output is
byte for byte what Pelican writes alone. What it needs of Pelican's internals is in
``blogkit.pelican_internals.parallel``; where Pelican is not as assumed, the build says so in
one line and runs alone (docs/parallel-build.md).
"""

from pelican import signals

from blogkit import lifecycle

from . import reading, workers, writing


def start(build: lifecycle.Build) -> None:
    """As each build starts: its process count; what a failed build left running ends."""
    reading.reading.stop()
    writing.writing.abandon()
    workers.workers.configure(build)


def register():
    lifecycle.on_start(start)
    signals.article_generator_init.connect(reading.reading.start)
    signals.article_generator_finalized.connect(reading.reading.stop)
    signals.finalized.connect(reading.reading.stop)
    signals.all_generators_finalized.connect(writing.writing.plan)
    signals.get_writer.connect(writing.shared_writer)
