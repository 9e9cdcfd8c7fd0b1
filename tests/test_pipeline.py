"""Pipeline stages without Prefect: ingest with redaction, cursors, run lock."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from escucha.config import load_config
from escucha.pipeline.context import RUN_LOCK, take_run_lock
from escucha.pipeline.ingest import build_connectors, build_redaction, ingest_connector
from escucha.store import open_store
from escucha.store import StoreLocked

HEADER = "radicado,fecha,descripcion,nombre,pais\n"


def _cfg(tmp_path: Path, path: Path):
    cfg_file = tmp_path / "c.yaml"
    cfg_file.write_text(json.dumps({
        "data_dir": str(tmp_path / "data"),
        "connectors": [{"name": "mesa", "type": "export_files", "channel": "pqrs",
                        "options": {"path": str(path), "mapping": {
                            "source_id": "radicado", "created_at": "fecha", "text": "descripcion",
                            "author": "nombre", "country": "pais"}}}],
    }), encoding="utf-8")
    return load_config(cfg_file, environ={})


@pytest.fixture
def store(tmp_path):
    with open_store(None, tmp_path / "data") as s:
        yield s


def test_ingest_redacts_before_storing_and_is_idempotent(tmp_path, store):
    f = tmp_path / "pqrs.csv"
    f.write_text(HEADER
                 + 'P-1,03/11/2026 08:15,"Escríbanme a laura.gomez@correo.com o al 310 555 1234, cobro doble",Laura Gómez,CO\n'
                 + "P-2,mañana,Sin fecha válida,Ana,CO\n", encoding="utf-8")
    cfg = _cfg(tmp_path, f)
    [conn] = build_connectors(cfg)
    policy = build_redaction(cfg)
    first = ingest_connector(store, conn, policy, "run-1")
    assert (first.new, first.quarantined) == (1, 1)
    text = store.fetch_records(columns=["id", "text"])["text"].iloc[0]
    assert "laura.gomez@correo.com" not in text and "310 555 1234" not in text
    assert "[EMAIL]" in text and "[TELEFONO]" in text and "cobro doble" in text
    q = store.list_quarantine()
    assert len(q) == 1 and "created_at" in q["reason"].iloc[0] and "mañana" in q["reason"].iloc[0]
    # the cursor moved with the batch: the same file is not read again
    assert store.get_cursor("mesa")["done"]
    again = ingest_connector(store, conn, policy, "run-2")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 0)
    assert store.count_records() == 1


def test_unreadable_source_is_quarantined_not_fatal(tmp_path, store):
    cfg = _cfg(tmp_path, tmp_path / "missing.csv")
    [conn] = build_connectors(cfg)
    result = ingest_connector(store, conn, None, "run-1")
    assert result.quarantined == 1
    reason = store.list_quarantine()["reason"].iloc[0]
    assert "mesa" in reason and "missing.csv" in reason


def test_run_lock_refuses_a_live_holder_and_takes_over_a_dead_one(store):
    owner = take_run_lock(store, "run-a")
    with pytest.raises(StoreLocked, match="holds the store lock"):
        take_run_lock(store, "run-b")  # same live process (pid) but another owner string
    store.release_lock(RUN_LOCK, owner)
    # a run that crashed on this host: its pid no longer exists
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    dead_owner = f"{socket.gethostname()}:{dead.pid}:run-dead"
    assert store.acquire_lock(RUN_LOCK, dead_owner, 3600)
    taken = take_run_lock(store, "run-c")
    assert taken.endswith(":run-c") and store.lock_holder(RUN_LOCK) == taken


def test_second_process_refuses_or_waits_and_leaves_the_store_intact(tmp_path):
    """While one run has the store, a second `escucha` that needs it refuses with a clear message
    (exit 3), or waits `store.lock_wait_s` first; nothing it could have written is written."""
    import time

    f = tmp_path / "pqrs.csv"
    f.write_text(HEADER + "P-1,03/11/2026 08:15,Cobro doble,Ana,CO\n" + "P-2,mañana,Sin fecha,Ana,CO\n", encoding="utf-8")
    cfg = _cfg(tmp_path, f)
    cfg_file = tmp_path / "c.yaml"
    with open_store(None, tmp_path / "data") as holder:
        [conn] = build_connectors(cfg)
        ingest_connector(holder, conn, build_redaction(cfg), "run-1")
        before = (holder.count_records(), holder.list_quarantine(include_resolved=True)["reason"].tolist())
        owner = take_run_lock(holder, "run-1")
        cmd = [sys.executable, "-m", "escucha.cli", "quarantine", "retry", "--all", "-c", str(cfg_file)]
        refused = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert refused.returncode == 3, refused.stderr
        assert "another Escucha run is using" in refused.stderr and "wait for it to finish" in refused.stderr
        t0 = time.monotonic()
        waited = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                                env={**__import__("os").environ, "ESCUCHA__STORE__LOCK_WAIT_S": "1.5"})
        assert waited.returncode == 3 and "waited 1.5 s" in waited.stderr, waited.stderr
        assert time.monotonic() - t0 >= 1.5
        holder.release_lock(RUN_LOCK, owner)
    with open_store(None, tmp_path / "data") as store:
        assert (store.count_records(), store.list_quarantine(include_resolved=True)["reason"].tolist()) == before
        assert store.lock_holder(RUN_LOCK) is None
