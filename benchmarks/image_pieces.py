"""One build in this process, timing responsive_images' own steps (bench_images --pieces).

On a shared machine a whole build's time moves by seconds; a step of a few milliseconds,
timed where it runs and kept at its best over several builds, moves far less. Prints one
JSON line of milliseconds. Run in one process (BUILD_WORKERS=1), so every step is
timed here.

    python3 -m benchmarks.image_pieces CONTENT OUTPUT ASSET_CACHE
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from pelican import main  # noqa: E402
from pelican.generators import StaticGenerator  # noqa: E402

from blogkit.outputs import CachedFiles  # noqa: E402
from responsive_images.pictures import Pictures  # noqa: E402
from responsive_images.plugin import ImagesOfTheBuild  # noqa: E402
from responsive_images.sources import Sources  # noqa: E402
from responsive_images.uses import UsesFinder  # noqa: E402
from site_tools.run_pelican import prepare  # noqa: E402

# What each step is: see responsive_images.plugin's docstring.
STEPS = {
    "finding (step 1, as Pelican lists the static files)": (ImagesOfTheBuild, "photos_withheld"),
    "of which: tags read, resolved, checked": (UsesFinder, "uses_of"),
    "steps 2-4 (static_generator_finalized)": (ImagesOfTheBuild, "process"),
    "of which: sources' keys and manifests": (Sources, "gather"),
    "of which: pictures written into posts": (Pictures, "show"),
    "files linked into the output": (CachedFiles, "generate_output"),
    "StaticGenerator.generate_context (steps 2-4 in it)": (StaticGenerator, "generate_context"),
}


def timed(owner, name: str, label: str, spent: dict) -> None:
    function = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

    setattr(owner, name, wrapper)


def run(content: str, output: str, assets: str) -> dict:
    spent = dict.fromkeys(STEPS, 0.0)
    for label, (owner, name) in STEPS.items():
        timed(owner, name, label, spent)
    os.chdir(ROOT)
    started = time.perf_counter()
    arguments = [content, "--settings", "pelicanconf.py", "--output", output, "--cache-path",
                 f"{output}-cache", "--quiet", "--ignore-cache", "-e",
                 f'ASSET_CACHE_PATH="{assets}"', "BUILD_WORKERS=1"]  # fmt: skip
    main(prepare(arguments))
    spent["whole build"] = time.perf_counter() - started
    return {label: round(1000 * seconds, 1) for label, seconds in spent.items()}


if __name__ == "__main__":
    print(json.dumps(run(*sys.argv[1:4])))
