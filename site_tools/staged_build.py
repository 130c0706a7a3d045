"""A rebuild whose pages are written in the order they are wanted, not the order Pelican has.

Everything else is Pelican's own build (``blogkit.pelican_internals.staging.computed_generators``):
every source is read (or kept from the last build when unchanged, site_tools.kept_contents),
every context computed, every page written. Only the output is staged. While the generators
run their output, a stand-in writer keeps each page and feed they ask for instead of rendering
it; static files are copied at once (a stylesheet must be fresh when the browser reloads).
Then the caller writes what is wanted first (the pages the browser shows, the pages of changed
posts) and the rest after. A generator's output is planned in the pieces Pelican makes it of
(the articles' feeds, posts, archives, listings...): what a wanted page needs first, the rest
after.

A plugin's generator writes its files itself, so which files it writes is only known once it
ran: it is one step, done before any file nobody has planned is declared fresh.

Whole-site work the plugins left for after the reload (``blogkit.lifecycle.after_reload``: a
check of every link, the redirects) is done before the first plugin's generator runs (it may
write what that work found); when it found problems the red box of the pages written before
did not show, those pages are written again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from blogkit import lifecycle
from blogkit.pelican_internals import staging
from site_tools.output_files import WrittenFiles

SUBJECTS = ("article", "page")  # the keyword a page's own post or page is passed under


@dataclass(eq=False)
class Step:
    """One piece of the output, run when its turn comes."""

    run: Callable[[], object]
    outputs: tuple[str, ...] = ()  # files it writes, relative to the output folder
    sources: frozenset[str] = frozenset()  # source files of the post or page it shows
    planned: bool = True  # False: a generator's whole output, its files known once it ran
    again: Callable[[object], object] | None = None  # a page's write, with another writer


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
        pages = staging.pages_written(self.settings, name, url, paginated, template_name, kwargs)
        for output, page_kwargs in pages:
            arguments = (output, template, context, relative_urls, {}, template_name,
                         override_output, url)  # fmt: skip
            again = partial(write_page_with, arguments, page_kwargs)
            self.steps.append(Step(partial(again, self.writer), (output,), sources, again=again))

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if not path:  # asked for the feed object, not a file
            return self.writer.write_feed(elements, context, path, *args, **kwargs)
        write = partial(self.writer.write_feed, elements, context, path, *args, **kwargs)
        self.steps.append(Step(write, (path,)))
        return None


def write_page_with(arguments: tuple, kwargs: dict, writer) -> None:
    writer.write_file(*arguments, **kwargs)


class StagedOutput:
    """One rebuild's output: the pieces not planned yet and the steps not run yet.

    Planning a piece runs it with the planning writer: its writes become steps, in order. The
    pieces that write posts' and pages' own pages, or may write over another piece's file, are
    planned before any page is written; the others when a page asked for is not planned yet,
    one at a time, or after the reload. A generator that writes its files itself runs whole;
    the files it wrote the last time say which pages to ask it for first.
    """

    def __init__(
        self, planner: PlannedWriter, pieces: list, whole: list, files: WrittenFiles,
        new_writer: Callable[[], object],
    ) -> None:  # fmt: skip
        self.planner = planner
        self.new_writer = new_writer
        # The pages written before the work left for after the reload was done; None after.
        self.unsettled: list[Step] | None = []
        self.unplanned = sorted(pieces, key=lambda piece: not (piece.contents or piece.overrides))
        self.pending = dict.fromkeys(whole)  # an ordered set
        self.by_output: dict[str, list[Step]] = {}
        self.files = files
        self.plan_while(lambda piece: piece.contents or piece.overrides)

    @property
    def done(self) -> bool:
        return not self.pending and not self.unplanned

    def plan_next(self) -> None:
        piece = self.unplanned.pop(0)
        planned = len(self.planner.steps)
        piece.run(self.planner)
        for step in self.planner.steps[planned:]:
            self.pending[step] = None
            for output in step.outputs:
                self.by_output.setdefault(output, []).append(step)

    def plan_while(self, wanted: Callable[[object], bool]) -> None:
        """Plan the next pieces while ``wanted`` says so of the next one."""
        while self.unplanned and wanted(self.unplanned[0]):
            self.plan_next()

    def run(self, step: Step) -> None:
        if step in self.pending:
            del self.pending[step]
            if step.planned:
                step.run()
                if self.unsettled is not None:
                    self.unsettled.append(step)
            else:
                self.settle()
                self.files.run_generator(step.run)

    def settle(self) -> bool:
        """Do the work left for after the reload, once; True when pages written before it
        were written again (their red box lacked what it found)."""
        if self.unsettled is None:
            return False
        written, self.unsettled = [step for step in self.unsettled if step.again], None
        if not (lifecycle.settle() and written):
            return False
        writer = self.new_writer()  # Pelican's refuses to write a file twice
        for step in written:
            step.again(writer)
        return True

    def write_next(self) -> None:
        """Plan what is left first (it writes nothing), then run generators' whole outputs
        (their files are unknown until they ran), then the pages."""
        if self.unplanned:
            self.plan_next()
        else:
            self.run(next(iter(self.pending)))

    def write_page(self, output: str) -> None:
        """Write ``output`` now if this rebuild writes it and has not yet.

        Every step that writes it runs (one may override another), or, for a file no piece
        plans, generators' whole outputs until one wrote it: afterwards ``output`` is fresh.
        """
        if output in self.files.by_generators_before:
            self.run_whole_until(output)
        if output in self.files.paths and output not in self.by_output:
            return
        self.plan_while(lambda piece: output not in self.by_output)
        for step in self.by_output.get(output, []):
            self.run(step)
        if output not in self.by_output:
            self.run_whole_until(output)

    def run_whole_until(self, output: str) -> None:
        for step in [step for step in self.pending if not step.planned]:
            if output in self.files.paths:
                return
            self.run(step)

    def write_sources(self, sources: Iterable[str]) -> None:
        """The pages of the posts and pages read from ``sources``."""
        changed = set(sources)
        for step in [step for step in self.pending if step.sources & changed]:
            self.run(step)


def stage_output(pelican_instance, generators, files: WrittenFiles) -> StagedOutput:
    """Every generator's output in pieces to plan; static files copied now."""
    writer = staging.build_writer(pelican_instance)
    pieces, whole = [], []
    for generator in generators:
        if staging.writes_only_through_writer(generator):
            pieces += staging.output_pieces(generator)
        elif staging.copies_static_files(generator):
            generator.generate_output(writer)
        elif hasattr(generator, "generate_output"):
            whole.append(Step(partial(generator.generate_output, writer), planned=False))
    planner = PlannedWriter(writer, pelican_instance.settings)
    new_writer = partial(staging.build_writer, pelican_instance)
    return StagedOutput(planner, pieces, whole, files, new_writer)
