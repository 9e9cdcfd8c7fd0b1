"""The Store contract, run against both backends (the `store` fixture is parametrised over
DuckDB and PostgreSQL in conftest.py), plus DuckDB's process-level behaviour (file lock, crash)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from escucha.records import RECORD_FIELDS, QuarantineItem, Record, build_record
from escucha.store import (
    ANALYSIS_COLUMNS,
    Store,
    StoreLocked,
    open_store,
)
from escucha.store.sql import RECORD_DATA_COLUMNS, TABLES

BOGOTA = ZoneInfo("America/Bogota")
T0 = datetime(2025, 3, 1, 9, 30, tzinfo=BOGOTA)


def rec(n: int, source: str = "mesa_ayuda", **fields) -> Record:
    base = dict(
        channel="pqrs" if n % 2 == 0 else "email",
        created_at=T0 + timedelta(hours=n),
        text=f"Caso {n}: el cobro de la factura llegó duplicado",
    )
    base.update(fields)
    return build_record(source, f"C-{n}", **base)


def bad_item(payload: str = '{"id": "X-1", "texto": ""}') -> QuarantineItem:
    return QuarantineItem(
        source="mesa_ayuda", stage="ingest", payload=payload, source_id="X-1",
        reason="mesa_ayuda record X-1: field 'text': is empty",
    )


def by_id(df: pd.DataFrame) -> dict[str, dict]:
    return {row["id"]: row for row in df.to_dict("records")}


# -- open_store ------------------------------------------------------------------------------


def test_open_store_default_and_duckdb_urls(tmp_path: Path) -> None:
    from escucha.store.duckdb import DuckDBStore

    with open_store(None, tmp_path / "datos") as s:
        assert isinstance(s, DuckDBStore)
        assert s.path == (tmp_path / "datos" / "escucha.duckdb").resolve()
    target = tmp_path / "otro" / "x.duckdb"
    with open_store(f"duckdb://{target}", tmp_path) as s:
        assert s.path == target.resolve()
        s.save_batch("c", [rec(1)], [], None, "r1")
    # a bare path names the same file; open_store created the tables and kept the data
    with open_store(str(target), tmp_path) as s:
        assert s.count_records() == 1
        assert s.url == f"duckdb://{target.resolve()}"


@pytest.mark.postgres
def test_open_store_postgres_urls(postgres_schema_url: str, tmp_path: Path) -> None:
    from escucha.store.postgres import PostgresStore

    for url in (postgres_schema_url, postgres_schema_url.replace("postgresql://", "postgres://", 1)):
        with open_store(url, tmp_path) as s:
            assert isinstance(s, PostgresStore)
            assert s.count_records() == 0


@pytest.mark.parametrize("url", ["mysql://ana:s3creto@db:3306/escucha", "sqlite:///x.db", "duckdb://"])
def test_open_store_rejects_unknown_urls(url: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError) as err:
        open_store(url, tmp_path)
    assert url.split("@")[-1] in str(err.value)
    assert "s3creto" not in str(err.value)


def test_schema_stores_every_record_field() -> None:
    assert [c for c, _ in RECORD_DATA_COLUMNS] == list(RECORD_FIELDS)
    assert {t.name for t in TABLES} == {
        "runs", "locks", "records", "quarantine", "cursors", "enrichments", "embeddings",
        "topic_assignments", "topics", "outputs", "signals", "customer_followups", "labels",
    }


# -- upsert ----------------------------------------------------------------------------------


def test_upsert_counts_and_run_ids(store: Store) -> None:
    first = [rec(1), rec(2), rec(3)]
    res = store.save_batch("mesa", first, [], {"pagina": 1}, "run-1")
    assert (res.new, res.updated, res.unchanged, res.quarantined) == (3, 0, 0, 0)
    assert res.by_channel == {"email": 2, "pqrs": 1}
    before = by_id(store.fetch_records())

    # the same batch again: nothing new, nothing rewritten, the first run keeps ownership
    res = store.save_batch("mesa", first, [], {"pagina": 1}, "run-2")
    assert (res.new, res.updated, res.unchanged) == (0, 0, 3)
    assert res.by_channel == {}
    again = by_id(store.fetch_records())
    assert store.count_records() == 3
    for rid, row in again.items():
        assert row["run_id"] == "run-1"
        assert row["updated_at"] == before[rid]["updated_at"]

    # a case that got closed is an update: new content, new run id, first ingest time kept
    closed = rec(2, status="cerrado", closed_at=T0 + timedelta(days=2))
    res = store.save_batch("mesa", [rec(1), closed, rec(4)], [], None, "run-3")
    assert (res.new, res.updated, res.unchanged) == (1, 1, 1)
    assert res.by_channel == {"pqrs": 1}
    after = by_id(store.fetch_records())
    assert after[closed.id]["status"] == "cerrado"
    assert after[closed.id]["run_id"] == "run-3"
    assert after[closed.id]["updated_at"] > before[closed.id]["updated_at"]
    assert after[closed.id]["ingested_at"] == before[closed.id]["ingested_at"]
    assert after[closed.id]["content_hash"] == closed.content_hash()
    assert after[rec(1).id]["run_id"] == "run-1"
    assert after[rec(4).id]["run_id"] == "run-3"
    assert store.count_records() == 4
    assert store.count_records("pqrs") == 2


def test_duplicate_ids_in_one_batch_last_wins(store: Store) -> None:
    res = store.save_batch("mesa", [rec(1, status="abierto"), rec(2), rec(1, status="cerrado")], [], None, "r")
    assert (res.new, res.updated, res.unchanged) == (2, 0, 0)
    df = store.fetch_records(ids=[rec(1).id], columns=["id", "status"])
    assert df["status"].tolist() == ["cerrado"]


def test_fetch_records_order_filters_and_columns(store: Store) -> None:
    store.save_batch("mesa", [rec(i) for i in range(5)], [], None, "r")
    ids = [rec(3).id, "no-existe", rec(0).id]
    df = store.fetch_records(ids=ids, columns=["id", "source_id"])
    assert df["id"].tolist() == [rec(3).id, rec(0).id]
    assert list(df.columns) == ["id", "source_id"]
    since = store.fetch_records(since=T0 + timedelta(hours=3))
    assert sorted(since["source_id"]) == ["C-3", "C-4"]
    assert store.fetch_records(ids=[]).empty
    with pytest.raises(ValueError, match="no_such"):
        store.fetch_records(columns=["id", "no_such"])


def test_records_round_trip_all_fields(store: Store) -> None:
    full = rec(
        7, author="u_0123456789abcdef", customer_id="CLI-9", customer_segment="estrategico",
        process="fidelizacion", product="Plan Hogar", country="co", region="Antioquia",
        pqrs_type="Reclamo", opened_at=T0, first_response_at=T0 + timedelta(minutes=90, microseconds=7),
        closed_at=T0 + timedelta(days=1), status="cerrado", followers=1200, likes=0, shares=3,
        url="https://example.org/p/1", score=4.5, extra={"turnos_agente": ["Hola", "¿En qué le ayudo?"], "n": 2},
    )
    store.save_batch("mesa", [full], [], None, "r")
    row = store.fetch_records(ids=[full.id]).iloc[0]
    for name, value in full.model_dump().items():
        got = row[name]
        if name == "extra":
            assert json.loads(got) == value
        elif isinstance(value, datetime):
            assert got.to_pydatetime() == value
        else:
            assert got == value, name
    minimal = store.fetch_records(ids=[rec(8).id])
    assert minimal.empty
    store.save_batch("mesa", [rec(8)], [], None, "r")
    row = store.fetch_records(ids=[rec(8).id]).iloc[0]
    assert pd.isna(row["author"]) and pd.isna(row["followers"]) and pd.isna(row["closed_at"])
    assert pd.isna(row["extra"]) and pd.isna(row["score"])


def test_timestamps_are_utc_aware_and_equal(store: Store) -> None:
    # 02:30 on 2024-10-27 happens twice in Madrid (end of summer time): the first one is meant
    zones = [BOGOTA, ZoneInfo("Europe/Madrid"), timezone(timedelta(hours=5, minutes=30)), timezone.utc]
    records = [
        rec(i, created_at=datetime(2024, 10, 27, 2, 30, 15, 123456, tzinfo=z)) for i, z in enumerate(zones)
    ]
    store.save_batch("mesa", records, [], None, "r")
    df = store.fetch_records(columns=["id", "created_at", "ingested_at"])
    assert str(df["created_at"].dtype) == "datetime64[us, UTC]"
    assert str(df["ingested_at"].dtype) == "datetime64[us, UTC]"
    got = dict(zip(df["id"], df["created_at"]))
    for r in records:
        # compared in UTC: Python never calls an ambiguous local time equal across zones
        assert got[r.id].to_pydatetime() == r.created_at.astimezone(timezone.utc)
        assert got[r.id].tzinfo is not None

    started = datetime(2025, 1, 5, 1, 0, 0, 250000, tzinfo=BOGOTA)
    store.start_run("run-tz", "nightly", started)
    assert store.list_runs()["started_at"].iloc[0].to_pydatetime() == started
    with pytest.raises(ValueError, match="naive"):
        store.start_run("run-naive", "nightly", datetime(2025, 1, 5, 1, 0))


# -- quarantine and the cursor --------------------------------------------------------------


def test_quarantine_kept_with_reason_and_deduped(store: Store) -> None:
    res = store.save_batch("mesa", [rec(1)], [bad_item(), bad_item()], {"pagina": 1}, "run-1")
    assert res.quarantined == 1
    res = store.save_batch("mesa", [], [bad_item()], {"pagina": 2}, "run-2")
    assert res.quarantined == 1
    assert store.quarantine([bad_item(), bad_item('{"id": "X-2"}')], "run-2") == 1

    q = store.list_quarantine()
    assert len(q) == 2
    first = q[q["payload"] == bad_item().payload].iloc[0]
    assert first["reason"] == bad_item().reason
    assert first["run_id"] == "run-1"  # first sighting kept
    assert first["source_id"] == "X-1" and first["stage"] == "ingest"

    assert store.resolve_quarantine([first["id"]], "run-3") == 1
    assert store.resolve_quarantine([first["id"]], "run-4") == 0
    assert store.list_quarantine()["payload"].tolist() == ['{"id": "X-2"}']
    resolved = store.list_quarantine(include_resolved=True)
    row = resolved[resolved["id"] == first["id"]].iloc[0]
    assert row["resolved_run_id"] == "run-3" and row["resolved_at"].tzinfo is not None
    # a resolved row seen again stays one row
    store.quarantine([bad_item()], "run-5")
    assert len(store.list_quarantine(include_resolved=True)) == 2


def test_settle_quarantine_resolves_stores_once_and_updates_reasons(store: Store) -> None:
    store.save_batch("mesa", [rec(1)], [bad_item(), bad_item('{"id": "X-2"}'), bad_item('{"id": "X-3"}')], None, "run-1")
    ids = {r["payload"]: r["id"] for r in store.list_quarantine().to_dict("records")}
    q1, q2, q3 = ids[bad_item().payload], ids['{"id": "X-2"}'], ids['{"id": "X-3"}']
    binary = rec(3, author="ana\x00")  # the database refuses it: its item must stay unresolved
    fixed = [rec(1), rec(2)]  # rec(1) was stored already: an upsert, never a second row
    new_item = bad_item('{"id": "X-9"}')
    result, resolved = store.settle_quarantine(
        "mesa", fixed + [binary], [new_item], {q1: [rec(1).id, rec(2).id], q3: [binary.id]},
        {q2: "export.csv row 7: mesa record X-2: field 'created_at': unrecognised date 'ayer'"}, "run-2")
    assert (result.new, result.unchanged) == (1, 1)
    assert resolved == [q1]
    assert store.count_records() == 2
    open_ = by_id(store.list_quarantine())
    assert q1 not in open_ and q3 in open_
    assert open_[q2]["reason"].startswith("export.csv row 7:") and "ayer" in open_[q2]["reason"]
    assert any(r["payload"] == new_item.payload for r in open_.values())
    done = by_id(store.list_quarantine(include_resolved=True))[q1]
    assert done["resolved_run_id"] == "run-2"
    # settling again changes nothing: resolved stays resolved, records stay single
    _, again = store.settle_quarantine("mesa", fixed, [], {q1: [rec(1).id]}, {}, "run-3")
    assert again == [] and store.count_records() == 2


def test_same_bad_row_twice_in_a_file_is_two_items(store: Store) -> None:
    a, b = bad_item(), bad_item()
    a.key, b.key = "fp:3", "fp:4"
    assert store.save_batch("mesa", [], [a, b], None, "run-1").quarantined == 2
    assert store.save_batch("mesa", [], [a], None, "run-2").quarantined == 1  # a re-read: same item
    assert len(store.list_quarantine()) == 2


def test_unstorable_text_is_quarantined_not_fatal(store: Store) -> None:
    binary = rec(2, author="ana\x00\x01")  # passes Record validation, but PostgreSQL refuses NUL
    raw = bad_item(payload="línea\x00binaria")
    res = store.save_batch("mesa", [rec(1), binary], [raw], {"pagina": 1}, "r")
    assert (res.new, res.quarantined) == (1, 2)
    assert store.fetch_records(ids=[binary.id]).empty
    q = store.list_quarantine()
    reasons = " | ".join(q["reason"])
    assert "field 'author'" in reasons and "C-2" in reasons
    assert "línea\\x00binaria" in q["payload"].tolist()
    assert store.get_cursor("mesa") == {"pagina": 1}


def test_cursor_round_trip(store: Store) -> None:
    assert store.get_cursor("mesa") is None
    cursor = {"desde": "2025-03-01T09:30:00-05:00", "pagina": 3, "ids": ["a", "ñ"], "nan": float("nan")}
    store.save_batch("mesa", [rec(1)], [], cursor, "r1")
    assert store.get_cursor("mesa") == {**cursor, "nan": None}
    store.save_batch("mesa", [rec(2)], [], None, "r2")  # None: the cursor is left as it was
    assert store.get_cursor("mesa")["pagina"] == 3
    store.save_batch("otro", [], [], {"pagina": 1}, "r2")
    assert store.get_cursor("mesa")["pagina"] == 3
    assert store.get_cursor("otro") == {"pagina": 1}


@pytest.mark.parametrize("failure", ["record", "cursor"])
def test_failed_batch_writes_nothing(store: Store, failure: str) -> None:
    store.save_batch("mesa", [rec(1), rec(2)], [], {"pagina": 1}, "run-1")
    changed = rec(1, status="cerrado")
    batch = [changed, rec(3), rec(4)]
    connector: str | None = "mesa"
    if failure == "record":
        # built and validated, then broken (as a buggy connector could): the DB refuses it
        batch.append(rec(5).model_copy(update={"source": None}))
    else:
        # the last statement of the transaction (the cursor) fails after records and
        # quarantine rows were written inside it
        connector = None
    with pytest.raises(Exception):
        store.save_batch(connector, batch, [bad_item()], {"pagina": 2}, "run-2")  # type: ignore[arg-type]

    assert store.count_records() == 2
    assert store.get_cursor("mesa") == {"pagina": 1}
    assert store.list_quarantine(include_resolved=True).empty
    row = store.fetch_records(ids=[changed.id]).iloc[0]
    assert pd.isna(row["status"]) and row["run_id"] == "run-1"
    # the store is still usable after the rollback
    res = store.save_batch("mesa", batch[:3], [bad_item()], {"pagina": 2}, "run-3")
    assert (res.new, res.updated, res.quarantined) == (2, 1, 1)
    assert store.get_cursor("mesa") == {"pagina": 2}


# -- enrichment --------------------------------------------------------------------------------


def enrich_rows(batch: pd.DataFrame, model_version: str, **extra) -> pd.DataFrame:
    return pd.DataFrame({
        "record_id": batch["id"], "text_hash": batch["text_hash"], "model_version": model_version,
        "language": "es", "sentiment": "NEG", "sentiment_pos": 0.1, "sentiment_neu": 0.2, "sentiment_neg": 0.7,
        **extra,
    })


def test_pending_enrichment_pagination_and_resume(store: Store) -> None:
    records = [rec(i) for i in range(25)]
    store.save_batch("mesa", records, [], None, "r")
    all_ids = sorted(r.id for r in records)

    gen = store.iter_pending_enrichment("v1", 10)
    first = next(gen)
    assert list(first.columns) == ["id", "channel", "text", "text_hash"]
    assert first["id"].tolist() == all_ids[:10]
    assert first["text_hash"].tolist() == [next(r for r in records if r.id == i).text_hash() for i in all_ids[:10]]
    store.upsert_enrichments(enrich_rows(first, "v1"), "r")
    gen.close()  # the run dies here

    # resume: only what was not written, in id order, writing as we go
    seen = []
    for batch in store.iter_pending_enrichment("v1", 10):
        assert len(batch) <= 10
        seen.extend(batch["id"])
        store.upsert_enrichments(enrich_rows(batch, "v1"), "r")
    assert seen == all_ids[10:]
    assert list(store.iter_pending_enrichment("v1", 10)) == []

    # a changed text and a new model version make records pending again
    edited = rec(3, text="Caso 3: ya me devolvieron el dinero, gracias")
    store.save_batch("mesa", [edited], [], None, "r2")
    assert [b["id"].tolist() for b in store.iter_pending_enrichment("v1", 10)] == [[edited.id]]
    assert sum(len(b) for b in store.iter_pending_enrichment("v2", 10)) == 25


def test_pending_enrichment_large_batches_respect_batch_size(store: Store) -> None:
    # regression: DuckDB 2.0.0 dropped LIMIT > 5000 on a LEFT JOIN against an empty table
    records = [build_record("carga", i, channel="social", created_at=T0, text=f"post {i}") for i in range(6500)]
    store.save_batch("carga", records, [], None, "r")
    sizes = [len(b) for b in store.iter_pending_enrichment("v1", 6000)]
    assert sizes == [6000, 500]


def test_upsert_enrichments_overwrites_and_validates(store: Store) -> None:
    store.save_batch("mesa", [rec(1)], [], None, "r")
    batch = next(store.iter_pending_enrichment("v1", 10))
    scores = {"alegría": 0.1, "enojo": 0.8}
    assert store.upsert_enrichments(enrich_rows(batch, "v1", emotion="enojo", emotion_scores=[scores]), "r1") == 1
    assert store.upsert_enrichments(enrich_rows(batch, "v1", sentiment="POS"), "r2") == 1
    frame = store.analysis_frame()
    assert frame["sentiment"].tolist() == ["POS"]
    with pytest.raises(ValueError, match="sentimiento"):
        store.upsert_enrichments(enrich_rows(batch, "v1").assign(sentimiento="NEG"), "r3")
    with pytest.raises(ValueError, match="model_version"):
        store.upsert_enrichments(enrich_rows(batch, "v1").drop(columns=["model_version"]), "r3")


def test_embeddings_round_trip(store: Store) -> None:
    ids = [rec(i).id for i in range(4)]
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(4, 16)).astype(np.float32)
    assert store.ids_with_embedding() == []
    assert store.upsert_embeddings(ids[:3], vectors[:3], "use-cmlm-es", "r0") == 3
    assert store.ids_with_embedding() == sorted(ids[:3])
    assert store.upsert_embeddings(ids, vectors, "use-cmlm-es", "r1") == 4
    assert store.ids_with_embedding() == sorted(ids)

    got_ids, got = store.fetch_embeddings()
    assert got_ids == sorted(ids)
    assert got.dtype == np.float32 and got.shape == (4, 16)
    order = [ids.index(i) for i in got_ids]
    np.testing.assert_allclose(got, vectors[order], rtol=1e-3, atol=1e-3)

    got_ids, got = store.fetch_embeddings([ids[2], "falta", ids[0]])
    assert got_ids == [ids[2], ids[0]]
    np.testing.assert_array_equal(got, vectors[[2, 0]].astype(np.float16).astype(np.float32))

    store.upsert_embeddings(ids[:1], np.ones((1, 16)), "use-cmlm-es", "r2")
    _, one = store.fetch_embeddings([ids[0]])
    np.testing.assert_array_equal(one, np.ones((1, 16), dtype=np.float32))
    with pytest.raises(ValueError):
        store.upsert_embeddings(ids, np.ones((3, 16)), "enc", "r")
    with pytest.raises(ValueError, match="finite"):
        store.upsert_embeddings(ids[:1], np.full((1, 16), 1e6), "enc", "r")


# -- topics and the analysis frame ----------------------------------------------------------


def topics_frame(labels: dict[int, str]) -> pd.DataFrame:
    return pd.DataFrame({
        "topic_id": list(labels), "label": list(labels.values()), "category": "facturación",
        "keywords": [["cobro", "factura"]] * len(labels), "verbatims": [json.dumps(["cobro doble"])] * len(labels),
        "size": [10] * len(labels), "model_version": "t1",
    })


def test_topics_replace_and_assignments(store: Store) -> None:
    store.save_batch("mesa", [rec(i) for i in range(3)], [], None, "r")
    store.replace_topics(topics_frame({-1: "otros", 3: "Cobro doble", 5: "Demora"}), "r1")
    store.replace_topics(topics_frame({-1: "otros", 3: "Cobro doble en factura"}), "r2")
    t = store.fetch_topics()
    assert t["topic_id"].tolist() == [-1, 3]
    assert t["label"].tolist() == ["otros", "Cobro doble en factura"]
    assert json.loads(t["keywords"].iloc[1]) == ["cobro", "factura"]
    assert json.loads(t["verbatims"].iloc[1]) == ["cobro doble"]
    assert set(t["run_id"]) == {"r2"}

    assert store.ids_without_topic() == sorted(rec(i).id for i in range(3))
    n = store.upsert_topic_assignments(
        pd.DataFrame({"record_id": [rec(0).id, rec(1).id], "topic_id": [3, -1], "model_version": "t1"}), "r2"
    )
    assert n == 2
    assert store.ids_without_topic() == [rec(2).id]


def test_analysis_frame_joins_and_coalesces_pqrs_type(store: Store) -> None:
    typed = rec(1, pqrs_type="queja")  # the source's own type wins over the prediction
    untyped = rec(2)
    bare = rec(3)  # neither enriched nor assigned a topic
    store.save_batch("mesa", [typed, untyped, bare], [], None, "r")
    pending = next(store.iter_pending_enrichment("v1", 10))
    rows = enrich_rows(pending[pending["id"].isin([typed.id, untyped.id])], "v1")
    rows["pqrs_type_pred"] = ["reclamo" if i == typed.id else "petición" for i in rows["record_id"]]
    store.upsert_enrichments(rows, "r")
    store.replace_topics(topics_frame({7: "Cobro doble"}), "r")
    store.upsert_topic_assignments(pd.DataFrame({"record_id": [typed.id], "topic_id": [7]}), "r")

    df = store.analysis_frame()
    assert list(df.columns) == list(ANALYSIS_COLUMNS)
    assert df["id"].tolist() == [typed.id, untyped.id, bare.id]  # by created_at
    rows = by_id(df)
    assert rows[typed.id]["pqrs_type"] == "queja"
    assert rows[untyped.id]["pqrs_type"] == "petición"
    assert pd.isna(rows[bare.id]["pqrs_type"])
    assert rows[typed.id]["topic_id"] == 7 and rows[typed.id]["topic_label"] == "Cobro doble"
    assert rows[typed.id]["topic_category"] == "facturación"
    assert pd.isna(rows[untyped.id]["topic_id"]) and pd.isna(rows[bare.id]["sentiment_neg"])
    assert rows[untyped.id]["sentiment_neg"] == pytest.approx(0.7)
    assert str(df["created_at"].dtype) == "datetime64[us, UTC]"
    assert rows[typed.id]["created_at"].to_pydatetime() == typed.created_at
    assert str(df["topic_id"].dtype) == "Int64"

    with_text = store.analysis_frame(since=untyped.created_at, with_text=True)
    assert with_text["id"].tolist() == [untyped.id, bare.id]
    assert with_text["text"].tolist() == [untyped.text, bare.text]


def test_analysis_frame_empty_store_has_columns(store: Store) -> None:
    df = store.analysis_frame(with_text=True)
    assert df.empty and list(df.columns) == list(ANALYSIS_COLUMNS) + ["text"]


# -- runs, outputs, locks --------------------------------------------------------------------


def test_runs(store: Store) -> None:
    store.start_run("run-1", "nocturno", T0)
    store.start_run("run-2", "nocturno", T0 + timedelta(days=1))
    store.finish_run("run-1", "ok", {"nuevos": 3, "media": float("nan"), "por_canal": {"pqrs": np.int64(3)}})
    runs = store.list_runs()
    assert runs["run_id"].tolist() == ["run-2", "run-1"]
    done = runs.iloc[1]
    assert done["status"] == "ok" and done["finished_at"].tzinfo is not None
    assert json.loads(done["summary"]) == {"nuevos": 3, "media": None, "por_canal": {"pqrs": 3}}
    assert runs.iloc[0]["status"] == "running" and pd.isna(runs.iloc[0]["finished_at"])
    store.start_run("run-1", "nocturno", T0 + timedelta(days=5))  # resumed: running again, same start
    again = store.list_runs(limit=1)
    assert len(again) == 1 and again["run_id"].iloc[0] == "run-2"
    r1 = store.list_runs().set_index("run_id").loc["run-1"]
    assert r1["status"] == "running" and r1["started_at"].to_pydatetime() == T0


def test_outputs_are_recorded_once(store: Store) -> None:
    assert store.record_output("alerta", "crisis:2025-03-01", "run-1", {"canal": "social", "n": 40}) is True
    assert store.record_output("alerta", "crisis:2025-03-01", "run-2", {"canal": "social", "n": 41}) is False
    assert store.record_output("informe", "crisis:2025-03-01", "run-2", {}) is True
    alerts = store.list_outputs("alerta")
    assert len(alerts) == 1
    assert json.loads(alerts["payload"].iloc[0]) == {"canal": "social", "n": 40}
    assert alerts["run_id"].iloc[0] == "run-1"
    assert store.list_outputs("alerta", run_id="run-2").empty
    assert len(store.list_outputs("informe", run_id="run-2")) == 1


def test_locks(store_url: str, store: Store, tmp_path: Path) -> None:
    with open_store(store_url, tmp_path) as other:  # a second connection to the same store
        assert store.acquire_lock("nocturno", "worker-a", stale_after_s=3600)
        assert not other.acquire_lock("nocturno", "worker-b", stale_after_s=3600)
        assert store.acquire_lock("nocturno", "worker-a", stale_after_s=3600)  # heartbeat by the owner
        assert other.acquire_lock("otro", "worker-b", stale_after_s=3600)  # locks are per name
        other.release_lock("nocturno", "worker-b")  # not the owner: no effect
        assert not other.acquire_lock("nocturno", "worker-b", stale_after_s=3600)

        time.sleep(0.05)
        # worker-a crashed long ago by this measure: its lock is stale and is taken over
        assert other.acquire_lock("nocturno", "worker-b", stale_after_s=0.01)
        assert not store.acquire_lock("nocturno", "worker-a", stale_after_s=3600)
        other.release_lock("nocturno", "worker-b")
        assert store.acquire_lock("nocturno", "worker-a", stale_after_s=3600)


# -- DuckDB across processes -----------------------------------------------------------------

_HOLD_OPEN = """
import sys, time
from escucha.store.duckdb import DuckDBStore
s = DuckDBStore(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
time.sleep(0.5)
s.close()
"""


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.mark.timeout(60)
def test_duckdb_second_process_gets_store_locked(tmp_path: Path) -> None:
    from escucha.store.duckdb import DuckDBStore

    path = tmp_path / "escucha.duckdb"
    DuckDBStore(path).close()
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLD_OPEN, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env=_child_env(),
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked, match="another Escucha run is using") as err:
            DuckDBStore(path)
        assert str(path) in str(err.value)
        child.stdin.write("\n")
        child.stdin.flush()  # the child lets go about half a second from now
        with DuckDBStore(path, wait_s=30) as s:
            s.init_schema()
            assert s.count_records() == 0
    finally:
        child.kill()
        child.wait()


_WRITER = """
import sys
from datetime import datetime, timezone
from escucha.records import build_record
from escucha.store import open_store
from pathlib import Path
path, size = sys.argv[1], int(sys.argv[2])
s = open_store(path, Path(path).parent)
for b in range(10_000):
    recs = [build_record("carga", f"{b}-{i}", channel="chat", created_at=datetime(2025, 1, 1, tzinfo=timezone.utc),
                         text=f"mensaje {i} del lote {b}") for i in range(size)]
    s.save_batch("carga", recs, [], {"lote": b}, "run-kill")
    print(b, flush=True)
"""


@pytest.mark.timeout(120)
def test_duckdb_survives_kill_mid_batch(tmp_path: Path) -> None:
    path = tmp_path / "escucha.duckdb"
    size = 3000
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), str(size)], stdout=subprocess.PIPE, text=True,
        env=_child_env(),
    )
    try:
        assert child.stdout is not None
        done = [child.stdout.readline().strip() for _ in range(3)]
        assert done == ["0", "1", "2"]
        time.sleep(0.05)  # into the next batch
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL

    with open_store(str(path), tmp_path) as s:  # opens again: DuckDB replays its WAL
        cursor = s.get_cursor("carga")
        assert cursor is not None and cursor["lote"] >= 2
        last = cursor["lote"]
        df = s.fetch_records(columns=["source_id", "text", "run_id"])
        batches = df["source_id"].str.split("-").str[0].astype(int).value_counts().to_dict()
        # every committed batch is complete, nothing of an uncommitted one is there
        assert batches == {b: size for b in range(last + 1)}
        assert (df["run_id"] == "run-kill").all()
        res = s.save_batch("carga", [build_record("carga", "0-0", channel="chat", created_at=T0,
                                                  text="mensaje 0 del lote 0")], [], None, "again")
        assert res.new == 0
