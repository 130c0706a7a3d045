"""Which configured plugins Pelican could not load or register, for build_guard.

Assumed: ``Pelican.__init__`` loads the plugins with ``pelican.plugins._utils.load_plugins``,
which, for each name of ``PLUGINS`` that is not an installed namespace plugin, calls the
module-level ``load_legacy_plugin(name, PLUGIN_PATHS)`` (looked up anew for each name), logs
and skips the name when it raises ImportError, and lets any other error end Pelican. It then
calls each loaded plugin's ``register()``, logs and skips one that raises, and replaces
``settings["PLUGINS"]`` with the names of the plugins it registered, a module by its
``__name__``. A plugin is loaded once per process (``sys.modules``).
"""

from __future__ import annotations

from pelican.plugins import _utils

CALLED = (("pelican.plugins._utils:load_legacy_plugin", ("plugin", "plugin_paths")),)


class PluginLoading:
    """The names Pelican tried to load as legacy plugins since :meth:`watch`, and how it went."""

    def __init__(self) -> None:
        self.loaded: list[str] = []
        self.failed: list[str] = []
        self.watching = False
        self.answer: list[str] = []

    def watch(self) -> None:
        """From now on (build_guard's import, while Pelican loads the plugins after it)."""
        if self.watching:
            return
        self.watching = True
        load = _utils.load_legacy_plugin

        def loading(plugin, plugin_paths):
            try:
                module = load(plugin, plugin_paths)
            except ImportError:
                self.failed.append(plugin)
                raise
            self.loaded.append(module.__name__)
            return module

        _utils.load_legacy_plugin = loading

    def not_loaded(self, pelican_instance) -> list[str]:
        """Configured plugins that failed to load, or loaded but did not register: asked as
        each build starts, answered from the loading that made ``pelican_instance``."""
        if self.loaded or self.failed:
            registered = set(pelican_instance.settings.get("PLUGINS") or [])
            unregistered = [name for name in self.loaded if name not in registered]
            self.answer = list(dict.fromkeys([*self.failed, *unregistered]))
            self.loaded, self.failed = [], []
        return self.answer


LOADING = PluginLoading()
