"""Read the analysis frame for the dashboard without getting in the nightly run's way.

DuckDB lets one process hold a database file for writing, and a reader takes a lock too: while
the dashboard has the file open, `escucha run` cannot open it. So the dashboard never keeps the
store open: it opens it read-only (no schema creation, no run lock), reads the frame, closes it,
and reuses that frame for `cache_s` seconds. While a run holds the file ("database is locked"),
the last frame read is served with a note; with none yet, `StoreBusy` carries a message in
Spanish and English. PostgreSQL has no such lock: the frame is read through the normal store.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, TypeVar

import duckdb
import pandas as pd

from escucha.store import DEFAULT_DUCKDB_FILE, Store, StoreLocked, open_store
from escucha.store.duckdb import DuckDBStore

T = TypeVar("T")
BUSY_MESSAGE = (
    "La base de datos está en uso por otra ejecución de Escucha (por ejemplo, la nocturna). "
    "Vuelva a intentarlo en unos minutos. / The database is locked by another Escucha process; "
    "try again in a few minutes."
)
MISSING_MESSAGE = (
    "Todavía no hay base de datos en {path}: ejecute primero «escucha run». / "
    "No database at {path} yet: run `escucha run` first."
)


# One store connection of this process at a time: DuckDB refuses a read-only and a read-write
# connection to the same file from one process at once (labelling.py writes labels).
STORE_ACCESS = threading.RLock()


class StoreBusy(RuntimeError):
    """The store cannot be read now (locked by a run, or missing); the message is for people."""


class ReadOnlyDuckDBStore(DuckDBStore):
    """A DuckDBStore opened with read_only=True: never creates tables, never takes the run lock."""

    def _connect(self, target: str, wait_s: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + max(0.0, wait_s)
        while True:
            try:
                return duckdb.connect(target, read_only=True)
            except (duckdb.IOException, duckdb.ConnectionException) as exc:
                # "Could not set lock on file ...: Conflicting lock is held in ... (PID n)"
                if "lock" not in str(exc).lower() and "different configuration" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreLocked(f"{BUSY_MESSAGE} DuckDB: {exc}") from exc
                time.sleep(0.2)


def duckdb_path(store_url: str | None, data_dir: str | Path) -> Path | None:
    """The DuckDB file a store URL names, or None for PostgreSQL."""
    if store_url is None or not str(store_url).strip():
        return (Path(data_dir).expanduser() / DEFAULT_DUCKDB_FILE).resolve()
    url = str(store_url).strip()
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("postgresql", "postgres"):
        return None
    path = url.split("://", 1)[1] if scheme else url
    return Path(path).expanduser().resolve()


def read_with(store_url: str | None, data_dir: str | Path, read: Callable[[Store], T], wait_s: float = 1.0) -> T:
    """`read(store)` on the store opened for a moment, read-only (DuckDB), then closed; one
    connection of this process at a time (STORE_ACCESS)."""
    with STORE_ACCESS:
        return _read_with(store_url, data_dir, read, wait_s)


def _read_with(store_url: str | None, data_dir: str | Path, read: Callable[[Store], T], wait_s: float) -> T:
    path = duckdb_path(store_url, data_dir)
    if path is None:
        with open_store(store_url, Path(data_dir)) as store:
            return read(store)
    if not path.is_file():
        raise StoreBusy(MISSING_MESSAGE.format(path=path))
    try:
        store = ReadOnlyDuckDBStore(path, wait_s=wait_s)
    except StoreLocked as exc:
        raise StoreBusy(BUSY_MESSAGE) from exc
    try:
        return read(store)
    finally:
        store.close()


def read_frame(store_url: str | None, data_dir: str | Path, since: datetime | None,
               wait_s: float = 1.0) -> pd.DataFrame:
    """The analysis frame with texts (records since `since` plus open PQRS cases), read-only."""
    return read_with(store_url, data_dir,
                     lambda store: store.analysis_frame(since=since, with_text=True, open_cases=since is not None),
                     wait_s)


@dataclass
class CustomerInputs:
    """What the at-risk list needs besides the frame: churn signals and follow-ups."""

    signals: pd.DataFrame
    followups: pd.DataFrame


def customer_inputs_loader(cfg: Any, now: Callable[[], datetime]) -> Callable[[], CustomerInputs]:
    """A loader of the stored signals (over the list's window) and follow-ups, read-only."""

    def load() -> CustomerInputs:
        since = now() - timedelta(days=int(cfg.customers.window_days) + 1)
        return read_with(cfg.store.url, cfg.data_dir,
                         lambda store: CustomerInputs(store.fetch_signals(since=since), store.list_followups()))

    return load


@dataclass
class Snapshot:
    frame: Any  # the analysis frame (or, for the customers page, its CustomerInputs)
    read_at: datetime
    stale: bool = False  # True: the store was locked, this is the last frame read


class FrameCache:
    """The frame, read again at most every `ttl_s` seconds; the last one is kept for lock periods."""

    def __init__(self, loader: Callable[[], pd.DataFrame], ttl_s: float = 60.0):
        self._loader = loader
        self._ttl = ttl_s
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._at = 0.0

    def clear(self) -> None:
        """Read again on the next get (after the dashboard itself wrote to the store)."""
        with self._lock:
            self._snap = None

    def get(self) -> Snapshot:
        with self._lock:
            fresh = self._snap is not None and time.monotonic() - self._at < self._ttl
            if fresh:
                return self._snap  # type: ignore[return-value]
            try:
                frame = self._loader()
            except StoreBusy:
                if self._snap is None:
                    raise
                return Snapshot(self._snap.frame, self._snap.read_at, stale=True)
            self._snap = Snapshot(frame, datetime.now(timezone.utc))
            self._at = time.monotonic()
            return self._snap


def store_loader(cfg: Any, now: Callable[[], datetime]) -> Callable[[], pd.DataFrame]:
    """A loader for FrameCache from the validated config (store URL, data_dir, history)."""
    days = int(cfg.dashboard.history_days)

    def load() -> pd.DataFrame:
        since = now() - timedelta(days=days)
        return read_frame(cfg.store.url, cfg.data_dir, since)

    return load
