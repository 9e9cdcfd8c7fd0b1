"""A small spaCy-style registry: components are registered by name and built from config.

Entries may be classes/factories or "module:attr" import strings, resolved only when built,
so that choosing the embedded default never imports torch.

A registry with an `entry_point_group` also finds components that other packages declare as
Python entry points, so `pip install escucha-conector-x` adds a connector without touching this
code:

    # pyproject.toml of the plugin
    [project.entry-points."escucha.connectors"]
    mi_crm = "escucha_conector_x:MiCrmConnector"

Entry points are listed only when a name is not built in (or when `names()` is asked) and
loaded only when their name is chosen, so a broken plugin never breaks a run that does not use
it; a built-in name always wins over a plugin's.
"""

from __future__ import annotations

import importlib
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")

# The entry-point groups third-party packages use to add components.
CONNECTORS_GROUP = "escucha.connectors"
CHANNELS_GROUP = "escucha.channels"
CATALOGS_GROUP = "escucha.catalogs"


class PluginError(ImportError):
    """An installed plugin named in the configuration could not be loaded; says which package."""


class Registry(Generic[T]):
    def __init__(self, kind: str, entry_point_group: str | None = None):
        self.kind = kind
        self.entry_point_group = entry_point_group
        self._entries: dict[str, Callable[..., T] | str] = {}
        # Plugins' entry points, apart from the built-in entries until one is loaded: telling them
        # apart by class would break where importlib.metadata's classes are not the ones this
        # module imported (a test runner or a tool that reloads importlib.metadata).
        self._entry_points: dict[str, EntryPoint] = {}
        self._from_plugins: dict[str, str] = {}  # name -> distribution
        self._discovered = entry_point_group is None

    def register(self, name: str, target: Callable[..., T] | str | None = None):
        """Use as `@registry.register("csv")` on a class, or `register("x", "pkg.mod:Cls")`."""
        if target is not None:
            self._entries[name] = target
            return target

        def deco(obj: Callable[..., T]) -> Callable[..., T]:
            self._entries[name] = obj
            return obj

        return deco

    def names(self) -> list[str]:
        self._discover()
        return sorted(set(self._entries) | set(self._entry_points))

    def plugins(self) -> dict[str, str]:
        """Names that come from entry points -> the distribution that provides each."""
        self._discover()
        return dict(self._from_plugins)

    def get(self, key: str) -> Callable[..., T]:
        if key not in self._entries:
            self._discover()
            if key in self._entry_points:
                ep = self._entry_points[key]
                try:
                    self._entries[key] = ep.load()
                except Exception as exc:  # noqa: BLE001 - any failure to import a plugin is reported the same way
                    raise PluginError(f"{self.kind} {key!r} from the installed package {_distribution(ep)!r} "
                                      f"({ep.value}) could not be loaded: {type(exc).__name__}: {exc}") from exc
        try:
            entry = self._entries[key]
        except KeyError:
            raise KeyError(f"unknown {self.kind} {key!r}; registered: {', '.join(self.names()) or 'none'}") from None
        if isinstance(entry, str):
            module, _, attr = entry.partition(":")
            entry = getattr(importlib.import_module(module), attr)
            self._entries[key] = entry
        return entry

    def refresh(self) -> None:
        """Look for entry points again on the next lookup (a plugin installed while running)."""
        for name in self._from_plugins:
            self._entries.pop(name, None)
        self._entry_points = {}
        self._from_plugins = {}
        self._discovered = self.entry_point_group is None

    def create(self, key: str, /, **params: Any) -> T:
        return self.get(key)(**params)

    def _discover(self) -> None:
        if self._discovered:
            return
        self._discovered = True
        for ep in entry_points(group=self.entry_point_group):
            if ep.name not in self._entries:
                self._entry_points[ep.name] = ep
                self._from_plugins[ep.name] = _distribution(ep)


def plugin_objects(group: str) -> dict[str, Any]:
    """Every entry point of `group`, loaded (for groups whose entries are data, such as topic
    catalogues: a path to a YAML file, or a function returning one)."""
    out: dict[str, Any] = {}
    for ep in entry_points(group=group):
        try:
            obj = ep.load()
        except Exception as exc:  # noqa: BLE001
            raise PluginError(f"{group} entry {ep.name!r} from {_distribution(ep)!r} could not be loaded: "
                              f"{type(exc).__name__}: {exc}") from exc
        out[ep.name] = obj() if callable(obj) else obj
    return out


def _distribution(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return getattr(dist, "name", None) or ep.value.partition(":")[0].partition(".")[0]
