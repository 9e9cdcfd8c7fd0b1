"""Build the run-wide objects a stage needs from the validated config."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from escucha.config import EscuchaConfig, resolve_path


@dataclass
class RunInfo:
    run_id: str
    flow: str
    started_at: datetime
    stage_seconds: dict[str, float] = field(default_factory=dict)


def new_run(flow: str) -> RunInfo:
    now = datetime.now(timezone.utc)
    return RunInfo(run_id=f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}", flow=flow, started_at=now)


def data_path(cfg: EscuchaConfig, *parts: str) -> Path:
    p = Path(cfg.data_dir).expanduser().joinpath(*parts)
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def open_configured_store(cfg: EscuchaConfig, check_schema: bool = True):
    """The configured store, open; SchemaMismatch (saying what to do) when its schema version is
    not this code's, unless `check_schema` is False (`escucha store upgrade`)."""
    from escucha.store import open_store

    Path(cfg.data_dir).expanduser().mkdir(parents=True, exist_ok=True)
    store = open_store(cfg.store.url, Path(cfg.data_dir).expanduser(), wait_s=cfg.store.lock_wait_s)
    if check_schema:
        try:
            store.check_schema()
        except BaseException:
            store.close()
            raise
    return store


def reports_dir(cfg: EscuchaConfig) -> Path:
    p = resolve_path(cfg, cfg.reports.out_dir)
    p.mkdir(parents=True, exist_ok=True)
    return p


def analytics_now(default: datetime) -> datetime:
    """The moment reports and alerts are computed for: the run's start, unless
    ESCUCHA_ANALYTICS_NOW (ISO 8601) pins it to reproduce a past day's reports."""
    import os

    pinned = os.environ.get("ESCUCHA_ANALYTICS_NOW")
    if not pinned:
        return default
    value = datetime.fromisoformat(pinned)
    if value.tzinfo is None:
        raise ValueError("ESCUCHA_ANALYTICS_NOW must carry a time zone, e.g. 2026-11-20T23:00:00-05:00")
    return value


RUN_LOCK = "escucha-run"
RUN_LOCK_STALE_S = 6 * 3600


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def take_run_lock(store, run_id: str) -> str:
    """Take the store's run lock or raise StoreLocked naming the holder.

    The owner string is host:pid:run_id, so a lock left by a run that crashed on this host
    (its process is gone) is taken over at once instead of blocking until it goes stale.
    """
    import os
    import socket

    from escucha.store import StoreLocked

    owner = f"{socket.gethostname()}:{os.getpid()}:{run_id}"
    if store.acquire_lock(RUN_LOCK, owner, RUN_LOCK_STALE_S):
        return owner
    holder = store.lock_holder(RUN_LOCK) or ""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host == socket.gethostname() and pid.isdigit() and not _alive(int(pid)):
        store.release_lock(RUN_LOCK, holder)
        if store.acquire_lock(RUN_LOCK, owner, RUN_LOCK_STALE_S):
            return owner
    raise StoreLocked(f"another Escucha run holds the store lock ({holder}); "
                      "wait for it to finish or try again later")


@contextmanager
def run_lock(store, run_id: str) -> Iterator[str]:
    """Hold the store's run lock for the `with` block (StoreLocked on entry when another run
    holds it); it is released however the block ends. Yields the owner string."""
    owner = take_run_lock(store, run_id)
    try:
        yield owner
    finally:
        store.release_lock(RUN_LOCK, owner)
