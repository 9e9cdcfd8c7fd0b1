"""A small spaCy-style registry: components are registered by name and built from config.

Entries may be classes/factories or "module:attr" import strings, resolved only when built,
so that choosing the embedded default never imports torch.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str):
        self.kind = kind
        self._entries: dict[str, Callable[..., T] | str] = {}

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
        return sorted(self._entries)

    def get(self, key: str) -> Callable[..., T]:
        try:
            entry = self._entries[key]
        except KeyError:
            raise KeyError(f"unknown {self.kind} {key!r}; registered: {', '.join(self.names()) or 'none'}") from None
        if isinstance(entry, str):
            module, _, attr = entry.partition(":")
            entry = getattr(importlib.import_module(module), attr)
            self._entries[key] = entry
        return entry

    def create(self, key: str, /, **params: Any) -> T:
        return self.get(key)(**params)
