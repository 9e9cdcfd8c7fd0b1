"""Write the schema-1 store fixtures with the code of the release that wrote schema 1.

Run from a checkout of that release (it has no `schema_versions` table), for example:

    git worktree add --detach ../escucha-v1 ff3debb
    PYTHONPATH=../escucha-v1 python tests/data/store_v1/make_fixture.py tests/data/store_v1

It writes `escucha.duckdb` (gzipped) and `postgres.sql` (pg_dump --inserts of the same rows, written
through the same code into a scratch schema of the PostgreSQL test server), a few rows in every
table, and `counts.json` with the rows per table that an upgrade must keep.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg

from escucha.records import build_record
from escucha.store import open_store
from escucha.store._base import ENRICHMENT_COLUMNS, QuarantineItem  # the release's own layout

PG = "postgresql://postgres@127.0.0.1:5432/test"
T0 = datetime(2026, 11, 2, 13, 0, tzinfo=timezone.utc)
TABLES = ("runs", "locks", "records", "quarantine", "cursors", "enrichments", "embeddings", "topic_assignments",
          "topics", "outputs")


def fill(store) -> None:
    run = "20261102T130000-v1fixture"
    store.start_run(run, "escucha-nightly", T0)
    texts = ["Me cobraron dos veces la factura de noviembre", "La app no abre desde ayer, error al pagar",
             "Excelente atención en la sede norte, gracias", "Quiero cancelar el plan, nadie responde"]
    records = [build_record("v1-export", str(i + 1), channel="pqrs", created_at=T0, text=t, country="CO",
                            pqrs_type="queja" if i != 2 else "felicitación", customer_segment="medio",
                            opened_at=T0, extra={"fila": i + 1})
               for i, t in enumerate(texts)]
    bad = QuarantineItem("v1-export", "ingest", "field 'created_at': '31/02/2026' is not a date",
                         payload='{"radicado": "9", "fecha": "31/02/2026"}', source_id="9")
    store.save_batch("v1-export", records, [bad], {"file": "pqrs.csv", "rows": 5}, run)
    ids = [r.id for r in records]
    enr = pd.DataFrame({c: [None] * len(ids) for c in ENRICHMENT_COLUMNS})
    enr["record_id"] = ids
    enr["text_hash"] = [r.text_hash for r in store.fetch_records(ids=ids).itertuples()]
    enr["language"] = "es"
    enr["text_norm"] = [t.lower() for t in texts]
    enr["sentiment"] = ["NEG", "NEG", "POS", "NEG"]
    enr["sentiment_pos"], enr["sentiment_neu"], enr["sentiment_neg"] = 0.1, 0.2, 0.7
    enr["emotion"] = "enojo"
    enr["emotion_scores"] = [{"enojo": 0.6, "alegría": 0.1}] * len(ids)
    enr["pqrs_type_pred"] = "queja"
    enr["model_version"] = "embedded-v1"
    vectors = np.eye(len(ids), 8, dtype=np.float32)
    store.save_enrichment(enr, vectors, "use-v3", run)
    topics = pd.DataFrame({"topic_id": [0, 1], "label": ["Cobro doble", "Fallas de la app"],
                           "category": ["facturación", "app y portal"],
                           "keywords": [["cobro", "factura"], ["app", "error"]],
                           "verbatims": [[texts[0]], [texts[1]]], "size": [2, 1], "model_version": ["t-v1"] * 2})
    assign = pd.DataFrame({"record_id": ids, "topic_id": [0, 1, -1, 0], "model_version": "t-v1"})
    store.save_topics(assign, topics, run)
    store.record_output("report", "2026-11-02:producto", run, {"paths": {"html": "reports/producto.html"}})
    store.record_output("alert", "ans-vencido:2026-11-02", run, {"key": "ans-vencido:2026-11-02",
                        "kind": "ans_vencido", "severity": "media", "title": "Casos vencidos",
                        "evidence": {"count": 1}})
    store.acquire_lock("escucha-run", "host:1:" + run, 3600)
    store.finish_run(run, "completed", {"new": 4, "quarantined": 1})


def counts(store) -> dict[str, int]:
    return {t: int(store._fetchall(f"SELECT count(*) FROM {t}")[0][0]) for t in TABLES}


def main(out: Path) -> None:
    import escucha.store

    assert "schema_version" not in dir(escucha.store.open_store(":memory:", Path("."))), \
        f"run with the release that wrote schema 1 on PYTHONPATH, not {escucha.store.__file__}"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "escucha.duckdb"
        with open_store(str(path), Path(tmp)) as store:
            fill(store)
            n = counts(store)
        with path.open("rb") as src, (out / "escucha.duckdb.gz").open("wb") as raw, \
                gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as dst:
            shutil.copyfileobj(src, dst)
    schema = "v1_" + uuid.uuid4().hex[:8]
    with psycopg.connect(PG, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    try:
        with open_store(f"{PG}?options=-csearch_path%3D{schema}", Path(".")) as store:
            fill(store)
            assert counts(store) == n
        dump = subprocess.run(["pg_dump", "--inserts", "--no-owner", "--no-privileges", "--schema", schema,
                               "-h", "127.0.0.1", "-U", "postgres", "test"], check=True, capture_output=True,
                              text=True).stdout
    finally:
        with psycopg.connect(PG, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")
    # the test loads it into a schema of its own: name the schema by a placeholder
    lines = [ln for ln in dump.splitlines() if ln.strip() and not ln.startswith(
        ("--", "SET ", "SELECT pg_catalog.set_config", "CREATE SCHEMA", "ALTER SCHEMA", "\\"))]
    text = "\n".join(lines).replace(f"{schema}.", "{schema}.").replace(";\n", ";\n\n")
    (out / "postgres.sql").write_text(text.strip() + "\n", encoding="utf-8")
    (out / "counts.json").write_text(json.dumps(n, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
