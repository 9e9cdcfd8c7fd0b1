"""The dashboard's numbers for one request: the store's frame (read at most every `cache_s`
seconds, `data.FrameCache`) and the view of the request's filters, computed once a minute per
filters and data (`ViewCache`), so a team reloading the page does not recompute it."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, Callable, Hashable, Mapping, TypeVar

import pandas as pd
from cachetools import LRUCache

from escucha.analytics import SlaTerms
from escucha.outputs.dashboard.data import FrameCache, Snapshot, store_loader
from escucha.outputs.dashboard.metrics import DashboardView, Filters, compute_view
from escucha.outputs.reports.routing import TeamSpec, teams_from_config

V = TypeVar("V")


class ViewCache:
    """The last `size` values by key (least recently used out first); safe across threads. Two
    requests that miss at once both compute: cheaper than holding a lock over a computation."""

    def __init__(self, size: int = 32):
        self._values: LRUCache = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        with self._lock:
            value = self._values.get(key)
        if value is None:
            value = compute()
            with self._lock:
                self._values[key] = value
        return value

    def __len__(self) -> int:
        return len(self._values)


class DashboardViews:
    def __init__(self, frames: FrameCache, teams: Mapping[str, TeamSpec], terms: SlaTerms, tz: str,
                 clock: Callable[[], datetime]):
        self.frames = frames
        self.teams = dict(teams)
        self.terms = terms
        self.tz = tz
        self.clock = clock
        self.cache = ViewCache()

    @classmethod
    def from_config(cls, cfg: Any, clock: Callable[[], datetime],
                    loader: Callable[[], pd.DataFrame] | None = None) -> "DashboardViews":
        frames = FrameCache(loader or store_loader(cfg, clock), ttl_s=float(cfg.dashboard.cache_s))
        teams = {t.name: t for t in teams_from_config(cfg.reports)}
        return cls(frames, teams, SlaTerms.from_config(cfg.sla), cfg.schedule.timezone, clock)

    @property
    def team_titles(self) -> dict[str, str]:
        return {name: (t.title or name) for name, t in self.teams.items()}

    def get(self, params: Mapping[str, str]) -> tuple[DashboardView, list[str], Snapshot]:
        """(view, notes about ignored filters, the snapshot it was computed from). Raises
        `data.StoreBusy` when the store cannot be read and nothing was read before."""
        filters, notes = Filters.parse(params, list(self.teams))
        snap = self.frames.get()
        now = self.clock()
        key = (snap.read_at, filters, pd.Timestamp(now).floor("min"))
        view = self.cache.get(key, lambda: compute_view(snap.frame, filters, now, self.teams, self.terms, tz=self.tz))
        return view, notes, snap
