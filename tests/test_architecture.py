"""The rules the README's architecture section states, checked on the source itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PLUGINS = ROOT / "plugins"
SHARED = "blogkit"
PACKAGES = sorted(path.name for path in PLUGINS.iterdir() if (path / "__init__.py").is_file())


def imported_packages(package: Path) -> dict[str, set[str]]:
    """{module file: top-level names it imports}, relative imports left out."""
    found = {}
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(source.relative_to(ROOT))] = names
    return found


def lazily_named_modules(package: Path) -> set[str]:
    """Packages named in ``lazy.module("...")`` calls: an import all the same."""
    named = set()
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                named.add(node.args[0].value.split(".")[0])
    return named


@pytest.mark.parametrize("plugin", [name for name in PACKAGES if name != SHARED])
def test_a_plugin_imports_no_other_plugin(plugin):
    others = set(PACKAGES) - {plugin, SHARED}
    imports = imported_packages(PLUGINS / plugin)
    wrong = {module: names & others for module, names in imports.items() if names & others}
    assert wrong == {}
    assert lazily_named_modules(PLUGINS / plugin) <= {plugin}


def test_the_shared_package_imports_no_plugin_and_registers_nothing():
    imports = imported_packages(PLUGINS / SHARED)
    assert {module: names & set(PACKAGES) - {SHARED} for module, names in imports.items()} == {
        module: set() for module in imports
    }
    assert "def register" not in (PLUGINS / SHARED / "__init__.py").read_text()


@pytest.mark.parametrize("plugin", [name for name in PACKAGES if name != SHARED])
def test_every_plugin_has_register_in_its_package(plugin):
    module = ast.parse((PLUGINS / plugin / "__init__.py").read_text(encoding="utf-8"))
    names = {alias.asname or alias.name for node in ast.walk(module)
             if isinstance(node, ast.ImportFrom) for alias in node.names}  # fmt: skip
    defined = {node.name for node in module.body if isinstance(node, ast.FunctionDef)}
    assert "register" in names | defined


def test_pelican_internals_are_touched_in_one_module():
    """Private Pelican names (``_add_failed_source_path``, ``_written_files``...) appear only in
    blogkit/pelican_internals.py."""
    private = ("_add_failed_source_path", "_written_files", "_source_path", "load_plugins")
    offenders = [
        f"{source.relative_to(ROOT)}: {name}"
        for source in PLUGINS.rglob("*.py")
        if source.name != "pelican_internals.py"
        for name in private
        if re.search(rf"(?<!\w){name}\b", source.read_text(encoding="utf-8"))
    ]
    assert offenders == []
