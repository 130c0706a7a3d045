"""The asset cache (blogkit.asset_cache): one key recipe, entries made whole in any process, and
pruning that keeps what builds use; then the three kinds in real builds sharing one cache."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from blogkit.asset_cache import AssetCache, key_of, make_entry
from blogkit.problems import PROBLEMS
from blogkit.processes import run_all
from blogkit.settings import ASSET_CACHE, plugin_settings
from tests.helpers import ROOT, build, settings_file

KEEP = 3


def entries(root: Path, kind: str = "things") -> set[str]:
    folder = root / kind
    return {f"{path.parent.name}/{path.name}" for path in folder.glob("??/*")}


def one_build(root: Path, keys: list[str], keep: int = KEEP) -> dict:
    """A build of the kind ``things``: looks up ``keys``, makes what is missing, finishes."""
    cache = AssetCache(root, "things", keep)
    for key, manifest in cache.look_up(keys).items():
        if manifest is None:
            cache.remember(key, make_entry(cache.folder_of(key), write_file))
    cache.finish()
    return json.loads((root / "things" / "uses.json").read_text())


def write_file(folder: Path) -> dict:
    (folder / "made").write_text(folder.name)
    return {"file": "made"}


def test_one_key_recipe_sha256_of_the_parts_as_json():
    assert key_of([1, "x", {"b": 2, "a": [3]}]) == "d3ec804c9e743bad44d26c9973c4b8b3"
    assert key_of([{"a": 1, "b": 2}]) == key_of([{"b": 2, "a": 1}])


def test_an_entry_is_made_whole_and_the_first_one_made_stays(tmp_path):
    folder = tmp_path / "ab" / "abcd"
    assert make_entry(folder, write_file) == {"file": "made"}

    def other(into: Path) -> dict:
        (into / "other").write_text("late")
        return {"file": "other"}

    assert make_entry(folder, other) == {"file": "other"}  # what this process made...
    assert sorted(p.name for p in folder.iterdir()) == ["made", "manifest.json"]  # ...lost
    assert json.loads((folder / "manifest.json").read_text()) == {"file": "made"}
    assert [p.name for p in folder.parent.iterdir()] == ["abcd"]  # no temporary folder left


def test_a_failed_entry_leaves_nothing(tmp_path):
    def broken(into: Path) -> dict:
        (into / "half").write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        make_entry(tmp_path / "ab" / "abcd", broken)
    assert list((tmp_path / "ab").iterdir()) == []


def make_in_worker(folder: str) -> list[str]:
    make_entry(folder, write_file)
    return sorted(path.name for path in Path(folder).iterdir())


def test_forked_workers_making_one_entry_at_once_leave_one_whole_entry(tmp_path):
    folder = str(tmp_path / "ab" / "abcd")
    listings = run_all(make_in_worker, [folder] * 8, 4, None)
    assert listings == [["made", "manifest.json"]] * 8
    assert [p.name for p in (tmp_path / "ab").iterdir()] == ["abcd"]


def test_an_entry_used_stays_and_one_unused_for_the_last_n_builds_goes(tmp_path):
    used, dropped = key_of(["used"]), key_of(["dropped"])
    record = one_build(tmp_path, [used, dropped])
    assert record["builds"] == 1 and entries(tmp_path) == {f"{k[:2]}/{k}" for k in (used, dropped)}
    for number in range(2, KEEP + 1):  # unused by builds 2 and 3: still in the last three
        one_build(tmp_path, [used])
        assert dropped in {name.split("/")[1] for name in entries(tmp_path)}, number
    record = one_build(tmp_path, [used])  # build 4: builds 2 to 4 did not use it
    assert entries(tmp_path) == {f"{used[:2]}/{used}"}
    assert record == {"builds": 4, "used": {f"{used[:2]}/{used}": 4}, "running": {}}
    index = json.loads((tmp_path / "things" / "index.json").read_text())
    assert set(index["manifests"]) == {used}  # the memo forgets it too
    assert [p.name for p in (tmp_path / "things").iterdir() if p.name.startswith(".gone")] == []


def test_a_second_build_makes_nothing_and_reads_no_entry_again(tmp_path):
    key = key_of(["once"])
    one_build(tmp_path, [key])
    made = (tmp_path / "things" / key[:2] / key / "made").stat().st_mtime_ns
    (tmp_path / "things" / key[:2] / key / "manifest.json").unlink()  # the memo answers
    cache = AssetCache(tmp_path, "things", KEEP)
    assert cache.look_up([key]) == {key: {"file": "made"}}
    cache.finish()
    assert (tmp_path / "things" / key[:2] / key / "made").stat().st_mtime_ns == made


def test_a_build_that_looked_an_entry_up_keeps_it_while_others_build(tmp_path):
    """The entry is recorded before it is looked for, and the build as running: builds that
    start and end meanwhile leave it alone, however many; once it has ended, it goes with the
    next build when no other build used it."""
    key = key_of(["long build"])
    one_build(tmp_path, [key])
    long = AssetCache(tmp_path, "things", KEEP)
    long.look_up([key])  # a long build takes number 2 and finds it...
    for _ in range(3 * KEEP):
        record = one_build(tmp_path, [])  # ...builds 3 to 11 run and end meanwhile
    assert (tmp_path / "things" / key[:2] / key / "made").is_file()
    assert list(record["running"]) == ["2"]
    long.finish()
    assert one_build(tmp_path, [])["running"] == {}
    assert not (tmp_path / "things" / key[:2] / key).exists()


def test_a_build_whose_process_is_gone_no_longer_keeps_its_entries(tmp_path):
    key = key_of(["killed build"])
    ended = subprocess.Popen(["true"])
    ended.wait()  # its number now names no process
    one_build(tmp_path, [key])
    uses = tmp_path / "things" / "uses.json"
    record = json.loads(uses.read_text())
    record["running"] = {"1": f"{socket.gethostname()}:{ended.pid}"}
    uses.write_text(json.dumps(record))
    for _ in range(KEEP):
        record = one_build(tmp_path, [])
    assert record["running"] == {}
    assert not (tmp_path / "things" / key[:2] / key).exists()


def test_files_the_record_lacks_are_adopted_then_go_when_unused(tmp_path):
    """A killed build's temporary folder, an older layout's files (cards were ``ab/<key>.png``,
    the search bundle ``search/<hash>/``)."""
    kind = tmp_path / "things"
    for leftover in ("ab/abcdef.png", "ab/.abcdef.x1y2z3/half", "0123456789abcdef/pagefind.js"):
        (kind / leftover).parent.mkdir(parents=True, exist_ok=True)
        (kind / leftover).write_text("old")
    key = key_of(["kept"])
    for _ in range(KEEP):
        one_build(tmp_path, [key])
    assert (kind / "ab" / "abcdef.png").exists()  # adopted by build 1, within the last three
    one_build(tmp_path, [key])
    assert sorted(p.name for p in kind.iterdir()) == sorted(
        [".lock", "ab", key[:2], "index.json", "uses.json"]
    )
    assert list((kind / "ab").iterdir()) == []


def test_the_number_of_builds_kept_is_a_checked_setting():
    PROBLEMS.clear()
    values = plugin_settings({"ASSET_CACHE_KEEP_BUILDS": 0}, ASSET_CACHE)
    assert values == {"ASSET_CACHE_PATH": ".cache/assets", "ASSET_CACHE_KEEP_BUILDS": 10}
    assert [str(p) for p in PROBLEMS.errors] == [
        "ASSET_CACHE_KEEP_BUILDS is 0: it must be a number of builds; using 10"
    ]
    PROBLEMS.clear()


@pytest.mark.slow
def test_a_second_publish_build_encodes_draws_and_indexes_nothing(tmp_path):
    """Images, cards and the search index in one cache: the second build finds them all, and
    every kind records both builds."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cache = tmp_path / "assets"
    settings = settings_file(tmp_path, "shared", base="publishconf",
                             extra=f"ASSET_CACHE_PATH = {str(cache)!r}\n")  # fmt: skip
    first = build(tmp_path / "first", settings, content, extra=("--verbose",))
    kept = {path: path.stat().st_mtime_ns for path in cache.rglob("*") if path.is_file()}
    second = build(tmp_path / "second", settings, content, extra=("--verbose",))
    assert first.ok and second.ok, first.output + second.output
    assert "responsive_images: encoded" in first.output and "share_cards: drew" in first.output
    assert "from the cache" not in first.output
    assert "responsive_images: encoded" not in second.output
    assert "share_cards: drew" not in second.output
    assert "unchanged pages: from the cache" in second.output
    made = {path: time for path, time in kept.items() if len(path.relative_to(cache).parts) > 3}
    assert made and {path: path.stat().st_mtime_ns for path in made} == made  # none made again
    for kind in ("images", "cards", "search"):
        assert json.loads((cache / kind / "uses.json").read_text())["builds"] == 2, kind
