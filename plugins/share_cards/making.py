"""Cards drawn once: each named by the key of everything drawn on it in the asset cache (kind
``cards``), those it lacks drawn on every CPU. What drawing reported (characters no font
has) is kept in the entry's manifest, so a warm build warns as the cold one did."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import PIL

from blogkit import lazy
from blogkit.asset_cache import AssetCache, key_of
from blogkit.problems import report, warn
from blogkit.processes import run_all

from .jobs import Outcome, fonts_digest
from .shown import Wanted

drawing = lazy.module("share_cards.drawing")  # Pillow's drawing and fontTools: to draw only

logger = logging.getLogger(__name__)

# Part of every card's key: raise it when the drawing changes what a card shows.
DRAWING_VERSION = 4
# Cards sent to a drawing process at a time: a card is 3-4 ms of drawing, and each trip cost
# the build's own process 0.3-0.5 ms (1,000 cards: 0.35 s of its time one by one, 0.08 s by 8).
CARDS_PER_TRIP = 8


class Made(NamedTuple):
    key: str
    file: str  # in the asset cache


class CardMaker:
    """Finds or draws the build's cards in ``cache``, in ``workers`` processes."""

    def __init__(self, cache: AssetCache, options: dict, workers: int):
        self.cache = cache
        self.options = options
        self.workers = workers
        self.manifests: dict[str, dict | None] = {}  # by key: this build's, None: not drawn
        self.problems: dict[str, str] = {}  # by key: why it could not be drawn
        self.finished = False

    def make(self, cards: list[Wanted], quiet: bool = False) -> list[Made | None]:
        """Each card's key and file, or None where it could not be drawn (reported, unless
        ``quiet``: the build's own :meth:`make` of every card reports it). A key is looked up
        (and drawn) once a build, however often it is asked for."""
        keys = [card_key(card.job) for card in cards]
        jobs = {key: card.job for key, card in zip(keys, cards, strict=True)
                if key not in self.manifests}  # fmt: skip
        if jobs:
            self.find_or_draw(jobs)
        made = []
        for card, key in zip(cards, keys, strict=True):
            manifest = self.manifests[key]
            if manifest is None:
                if not quiet:
                    report("", f"share card {card.name!r} {self.problems[key]}")
                made.append(None)
                continue
            if manifest["missing"] and not quiet:
                warn("", f"share card {card.name!r}: no bundled font has "
                         f"{manifest['missing']!r}; the card leaves them out")  # fmt: skip
            made.append(Made(key, os.path.join(self.cache.folder_of(key), manifest["file"])))
        return made

    def find_or_draw(self, jobs: dict) -> None:
        """Each job's manifest, from the cache or drawn; its problem where it could not be."""
        manifests = self.cache.look_up(jobs)
        todo = {key: replace(job, target=self.cache.folder_of(key))
                for key, job in jobs.items() if manifests[key] is None}  # fmt: skip
        for key, outcome in zip(todo, self.drawn_cards(list(todo.values())), strict=True):
            if outcome.manifest is not None:
                self.cache.remember(key, outcome.manifest)
            manifests[key], self.problems[key] = outcome.manifest, outcome.problem
        self.manifests.update(manifests)

    def finish(self) -> None:
        """Once the build's cards are made: entries no recent build used pruned."""
        self.cache.finish()
        self.finished = True

    def drawn_cards(self, jobs: list) -> list[Outcome]:
        """Each job's outcome; Pillow's drawing and the fonts load only when there are jobs."""
        if not jobs:
            return []
        started = time.perf_counter()
        drawing.prepare()
        crashed = Outcome(problem="could not be drawn: its process stopped")
        outcomes = run_all(drawing.make, jobs, self.workers, crashed, "share_cards: drawing cards",
                           batch=CARDS_PER_TRIP)  # fmt: skip
        seconds = time.perf_counter() - started
        logger.info("share_cards: drew %d card(s) in %.2f s", len(jobs), seconds)
        return outcomes


def identity(path: str) -> str:
    """A cached image's content key and name (its folder is named by the key): the same on
    every machine, where the absolute path is not."""
    return f"{Path(path).parent.name}/{Path(path).name}" if path else ""


# Every page's card is named on every build, mostly as the build before did (the dev server).
KEYS_KEPT = 16_384


@lru_cache(maxsize=KEYS_KEPT)
def card_key(job) -> str:
    """The hash of everything drawn: the job (images by content), fonts, code and Pillow.
    Kept by the job's value (plain frozen data; its images named by their content)."""
    fields = asdict(job)
    for name in ("portrait", "cover"):
        if name in fields:
            fields[name] = identity(fields[name])
    return key_of([DRAWING_VERSION, PIL.__version__, type(job).__name__, fields, fonts_digest()])
