"""A rebuild whose pages are written in the order they are wanted, not the order Pelican has.

Everything else is Pelican's own build (``blogkit.pelican_internals.computed_generators``):
every source is read (from Pelican's cache when unchanged), every context computed, every page
written. Only the output is staged. While the generators run their output, a stand-in writer
keeps each page and feed they ask for instead of rendering it; static files are copied at once
(a stylesheet must be fresh when the browser reloads). Then the caller writes what is wanted
first (the pages the browser shows, the pages of changed posts) and the rest after.

A plugin's generator writes its files itself, so which files it writes is only known once it
ran: it is one step, done before any file nobody has planned is declared fresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from blogkit import pelican_internals

SUBJECTS = ("article", "page")  # the keyword a page's own post or page is passed under


@dataclass(eq=False)
class Step:
    """One piece of the output, run when its turn comes."""

    run: Callable[[], object]
    outputs: tuple[str, ...] = ()  # files it writes, relative to the output folder
    sources: frozenset[str] = frozenset()  # source files of the post or page it shows
    planned: bool = True  # False: a generator's whole output, its files known once it ran


class PlannedWriter:
    """Stands for Pelican's writer while generators run their output: keeps every write.

    A paginated list is kept as one write for each of its pages, so the one a browser shows
    is written without the others.
    """

    def __init__(self, writer, settings):
        self.writer = writer
        self.settings = settings
        self.steps: list[Step] = []

    def write_file(
        self, name, template, context, relative_urls=False, paginated=None, template_name=None,
        override_output=False, url=None, **kwargs,
    ) -> None:  # fmt: skip
        if not name:
            return  # Pelican writes nothing for an empty name
        sources = frozenset(kwargs[key].source_path for key in SUBJECTS if key in kwargs)
        pages = pelican_internals.pages_written(
            self.settings, name, url, paginated, template_name, kwargs
        )
        for output, page_kwargs in pages:
            write = partial(
                self.writer.write_file, output, template, context, relative_urls, {},
                template_name, override_output, url, **page_kwargs,
            )  # fmt: skip
            self.steps.append(Step(write, (output,), sources))

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if not path:  # asked for the feed object, not a file
            return self.writer.write_feed(elements, context, path, *args, **kwargs)
        write = partial(self.writer.write_feed, elements, context, path, *args, **kwargs)
        self.steps.append(Step(write, (path,)))
        return None


class StagedOutput:
    """One rebuild's output: the steps not run yet, in order, and the files they wrote."""

    def __init__(self, steps: list[Step]):
        self.pending = dict.fromkeys(steps)  # an ordered set
        self.written: set[str] = set()
        self.by_output: dict[str, list[Step]] = {}
        for step in steps:
            for output in step.outputs:
                self.by_output.setdefault(output, []).append(step)

    @property
    def done(self) -> bool:
        return not self.pending

    def run(self, step: Step) -> None:
        if step in self.pending:
            del self.pending[step]
            step.run()
            self.written.update(step.outputs)

    def write_next(self) -> None:
        """Generators' whole outputs come first (their files are unknown until they ran)."""
        self.run(next(iter(self.pending)))

    def write_page(self, output: str) -> None:
        """Write ``output`` now if this rebuild writes it and has not yet.

        Every step that writes it runs (one may override another), or, for a file no step
        planned, every generator's whole output: afterwards ``output`` is fresh.
        """
        if output in self.written:
            return
        steps = self.by_output.get(output) or [s for s in self.pending if not s.planned]
        for step in steps:
            self.run(step)

    def write_sources(self, sources: Iterable[str]) -> None:
        """The pages of the posts and pages read from ``sources``."""
        changed = set(sources)
        for step in [step for step in self.pending if step.sources & changed]:
            self.run(step)


def stage_output(pelican_instance, generators) -> StagedOutput:
    """Run every generator's output with writes kept for later; static files copied now."""
    writer = pelican_internals.build_writer(pelican_instance)
    planned = PlannedWriter(writer, pelican_instance.settings)
    whole: list[Step] = []
    for generator in generators:
        if pelican_internals.writes_only_through_writer(generator):
            generator.generate_output(planned)
        elif pelican_internals.copies_static_files(generator):
            generator.generate_output(writer)
        elif hasattr(generator, "generate_output"):
            whole.append(Step(partial(generator.generate_output, writer), planned=False))
    return StagedOutput(whole + planned.steps)
