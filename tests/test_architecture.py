"""The rules the README's architecture section states, checked on the source itself."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pelican.contents
import pelican.generators
import pelican.readers
import pelican.writers
import pytest

from blogkit import pelican_internals
from tests.helpers import ROOT

PLUGINS = ROOT / "plugins"
SHARED = ROOT / "blogkit"
ADAPTER = SHARED / "pelican_internals"
PACKAGES = sorted(path.name for path in PLUGINS.iterdir() if (path / "__init__.py").is_file())
# Where the site's own code is: every place that could touch Pelican's internals.
SITE_CODE = sorted(
    [
        *PLUGINS.rglob("*.py"),
        *(ROOT / "site_tools").rglob("*.py"),
        ROOT / "tasks.py",
        *(path for path in SHARED.rglob("*.py") if ADAPTER not in path.parents),
    ]
)
# Pelican's modules a plugin is meant to use: signals, the classes plugins subclass or check
# (generators, contents, readers) and its documented helpers (settings, utils).
PUBLIC_MODULES = {"pelican", "pelican.signals", "pelican.generators", "pelican.contents",
                  "pelican.readers", "pelican.settings", "pelican.utils"}  # fmt: skip
PUBLIC_NAMES = {("pelican.plugins", "signals")}
# Documented names of Python's own that begin with an underscore.
PYTHON_NAMES = {"_exit", "_asdict", "_replace", "_fields", "_make"}


def parsed(source: Path) -> ast.Module:
    return ast.parse(source.read_text(encoding="utf-8"))


def imported_packages(package: Path) -> dict[str, set[str]]:
    """{module file: top-level names it imports}, relative imports left out."""
    found = {}
    for source in package.rglob("*.py"):
        names = set()
        for node in ast.walk(parsed(source)):
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
        for node in ast.walk(parsed(source)):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                named.add(node.args[0].value.split(".")[0])
    return named


@pytest.mark.parametrize("plugin", PACKAGES)
def test_a_plugin_imports_no_other_plugin(plugin):
    others = set(PACKAGES) - {plugin}
    imports = imported_packages(PLUGINS / plugin)
    wrong = {module: names & others for module, names in imports.items() if names & others}
    assert wrong == {}
    assert lazily_named_modules(PLUGINS / plugin) <= {plugin}


def test_the_shared_package_imports_no_plugin_and_registers_nothing():
    imports = imported_packages(SHARED)
    assert {module: names & set(PACKAGES) for module, names in imports.items()} == {
        module: set() for module in imports
    }
    assert "def register" not in (SHARED / "__init__.py").read_text()


@pytest.mark.parametrize("plugin", PACKAGES)
def test_every_plugin_has_register_in_its_package(plugin):
    module = parsed(PLUGINS / plugin / "__init__.py")
    names = {alias.asname or alias.name for node in ast.walk(module)
             if isinstance(node, ast.ImportFrom) for alias in node.names}  # fmt: skip
    defined = {node.name for node in module.body if isinstance(node, ast.FunctionDef)}
    assert "register" in names | defined


# --- Pelican's internals: touched in the adapter only ------------------------------------------


def private_attributes(tree: ast.AST) -> set[str]:
    """``_name`` attributes read or written on anything but the code's own ``self``/``cls``."""
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and node.attr not in PYTHON_NAMES
        and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"})
    }


def pelican_imports(tree: ast.AST) -> set[tuple[str, str]]:
    """``(module, name)`` of everything imported from Pelican."""
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module.startswith("pelican")
        ):
            found.update((node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update((alias.name, "") for alias in node.names
                         if alias.name.startswith("pelican"))  # fmt: skip
    return found


def public(module: str, name: str) -> bool:
    return module in PUBLIC_MODULES or (module, name) in PUBLIC_NAMES


def internal_names_of_the_adapter() -> set[str]:
    """Every internal the adapter uses: private attributes, what it imports from Pelican's
    internal modules, and the private functions it declares it calls."""
    names = set()
    for source in ADAPTER.glob("*.py"):
        tree = parsed(source)
        names |= private_attributes(tree)
        names |= {
            name or module for module, name in pelican_imports(tree) if not public(module, name)
        }
    for _, called, _ in pelican_internals.declared_calls():
        last = called.rsplit(".", 1)[-1].rsplit(":", 1)[-1]
        if last.startswith("_"):
            names.add(last)
    return names


def test_the_adapter_names_the_internals_it_uses():
    """The check below looks for these: the adapter's own uses, found in its source."""
    found = internal_names_of_the_adapter()
    assert {"_content", "_written_files", "_add_failed_source_path", "_get_generator_classes",
            "FileStampDataCacher", "LimitFilter", "Paginator", "URLWrapper"} <= found  # fmt: skip


@pytest.mark.parametrize("source", SITE_CODE, ids=lambda path: str(path.relative_to(ROOT)))
def test_pelican_internals_are_touched_only_through_the_adapter(source):
    """No plugin, tool or task uses an internal the adapter uses, reads or writes a private
    attribute of another object, or imports from a Pelican module outside its plugin API."""
    tree = parsed(source)
    words = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    words |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    words |= {name for _, name in pelican_imports(tree)}
    assert words & internal_names_of_the_adapter() == set()
    assert private_attributes(tree) == set()
    assert {pair for pair in pelican_imports(tree) if not public(*pair)} == set()


def pelican_methods() -> set[str]:
    """The methods of the Pelican objects plugins are handed: generators, readers, writers,
    contents."""
    classes = [
        cls
        for module in (pelican.generators, pelican.readers, pelican.writers, pelican.contents)
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__.startswith("pelican")
    ]
    return {name for cls in classes for name, member in vars(cls).items()
            if callable(member) and not name.startswith("__")}  # fmt: skip


@pytest.mark.parametrize("source", SITE_CODE, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_method_of_a_pelican_object_is_replaced_outside_the_adapter(source):
    """Replacing ``generator.generate_output`` or ``readers.read_file`` is an internal too."""
    methods = pelican_methods()
    replaced = {
        target.attr
        for node in ast.walk(parsed(source))
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Attribute)
        and target.attr in methods
        and not (isinstance(target.value, ast.Name) and target.value.id == "self")
    }
    assert replaced == set()


def test_the_checks_find_what_they_look_for():
    """Each check fails on the kind of line it is there for."""
    tree = ast.parse(
        "from pelican.cache import FileStampDataCacher\n"
        "text = content._content\n"
        "generator.generate_output = output\n"
    )
    assert private_attributes(tree) == {"_content"}
    assert pelican_imports(tree) == {("pelican.cache", "FileStampDataCacher")}
    assert "generate_output" in pelican_methods()
