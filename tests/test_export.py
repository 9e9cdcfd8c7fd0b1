"""`escucha export`: one tidy, partitioned Parquet dataset that BI tools read; read back with
DuckDB, no text or raw customer id unless asked, identical on a re-export, documented column by
column in docs/EXPORT.md."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from escucha.cli import app
from escucha.config.schema import EscuchaConfig
from escucha.pipeline.export import (
    MARKER,
    RECORD_FIELDS,
    RECORD_ID_FIELDS,
    RECORD_TEXT_FIELDS,
    SLA_FIELDS,
    TOPIC_FIELDS,
    TOPIC_TEXT_FIELDS,
    export_store,
)
from escucha.records import build_record
from escucha.store import ENRICHMENT_COLUMNS, open_store

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)
DOC = Path(__file__).parents[1] / "docs" / "EXPORT.md"
SALT = "sal-de-prueba-larga"


def _cfg(tmp_path: Path) -> EscuchaConfig:
    return EscuchaConfig.model_validate({"data_dir": str(tmp_path / "data"), "connectors": [], "pseudonym_salt": SALT})


@pytest.fixture
def store(tmp_path):
    """Three local days of records (one at 23:30 in Bogotá, already the next day in UTC), two
    PQRS cases (one past its term), enrichments for all but one record, two topics."""
    with open_store(None, tmp_path / "data") as s:
        records = [
            build_record("mesa", "RAD-1", channel="pqrs", created_at=NOW - timedelta(days=40), opened_at=NOW - timedelta(days=40),
                         pqrs_type="reclamo", customer_id="CC-1010", country="CO", customer_segment="medio",
                         text="Me cobraron dos veces la factura de noviembre"),
            build_record("mesa", "RAD-2", channel="pqrs", created_at=NOW - timedelta(days=2), opened_at=NOW - timedelta(days=2),
                         closed_at=NOW - timedelta(days=1), pqrs_type="petición", customer_id="CC-2020", country="MX",
                         text="Solicito el certificado de paz y salvo"),
            build_record("x", "post-1", channel="social", created_at=datetime(2026, 11, 19, 4, 30, tzinfo=timezone.utc),
                         text="Pésimo servicio, sin internet desde ayer", url="https://x.com/u/status/1", followers=1200),
            build_record("x", "post-2", channel="social", created_at=datetime(2026, 11, 19, 12, 0, tzinfo=timezone.utc),
                         text="Gracias por la atención tan rápida"),
        ]
        s.save_batch("mesa", records, [], None, "run-0")
        enriched = {records[0].id: ("NEG", 0), records[1].id: ("NEU", 1), records[2].id: ("NEG", 0)}
        s.upsert_enrichments(pd.DataFrame([{c: None for c in ENRICHMENT_COLUMNS} | {
            "record_id": rid, "text_hash": rid, "language": "es", "sentiment": sent, "sentiment_neg": 0.9 if sent == "NEG" else 0.1,
            "sentiment_pos": 0.05, "sentiment_neu": 0.05 if sent == "NEG" else 0.85, "model_version": "t"}
            for rid, (sent, _) in enriched.items()]), "run-0")
        topics = pd.DataFrame([
            {"topic_id": 0, "label": "Cobro doble", "category": "facturación", "keywords": json.dumps(["cobro", "factura"]),
             "verbatims": json.dumps(["Me cobraron dos veces la factura"]), "size": 2, "model_version": "m1"},
            {"topic_id": 1, "label": "Certificados", "category": "otros", "keywords": json.dumps(["certificado"]),
             "verbatims": json.dumps([]), "size": 1, "model_version": "m1"}])
        assignments = pd.DataFrame({"record_id": [records[0].id, records[1].id, records[2].id], "topic_id": [0, 1, 0],
                                    "model_version": "m1"})
        s.save_topics(assignments, topics, "run-0")
        yield s, records


def _read(path: Path, table: str = "records") -> pd.DataFrame:
    pattern = f"{path}/{table}/**/*.parquet" if table == "records" else f"{path}/{table}/*.parquet"
    return duckdb.sql(f"SELECT * FROM read_parquet('{pattern}', hive_partitioning = true) ORDER BY 1").df()


def test_duckdb_reads_records_topics_and_cases_back(tmp_path, store):
    s, records = store
    out = tmp_path / "bi"
    result = export_store(_cfg(tmp_path), s, out, NOW)
    assert (result.records, result.topics, result.sla_cases) == (4, 2, 2)
    got = _read(out).set_index("id")
    assert set(got.columns) == {f.name for f in RECORD_FIELDS} - {"id"} | {"created_date"}
    assert "text" not in got and "url" not in got and "customer_id" not in got  # personal data stays out
    # partitions are local days (America/Bogota): 04:30 UTC on the 19th is the 18th in Bogotá
    assert str(got.loc[records[2].id, "created_date"])[:10] == "2026-11-18"
    assert str(got.loc[records[3].id, "created_date"])[:10] == "2026-11-19"
    assert sorted(p.name for p in (out / "records").iterdir()) == [
        "created_date=2026-10-11", "created_date=2026-11-18", "created_date=2026-11-19"]
    one_day = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/records/**/*.parquet', hive_partitioning = true) "
                         "WHERE created_date = DATE '2026-11-18'").fetchall()[0][0]
    assert one_day == 2
    assert got.loc[records[0].id, "sentiment"] == "NEG" and got.loc[records[0].id, "topic_label"] == "Cobro doble"
    assert pd.isna(got.loc[records[3].id, "sentiment"]) and pd.isna(got.loc[records[3].id, "topic_id"])
    assert got.loc[records[2].id, "followers"] == 1200
    key = got.loc[records[0].id, "customer_key"]
    assert key.startswith("u_") and "1010" not in key and key != got.loc[records[1].id, "customer_key"]

    topics = _read(out, "topics")
    assert topics["keywords"].tolist() == ["cobro, factura", "certificado"] and "verbatim_1" not in topics
    cases = _read(out, "sla_cases").set_index("id")
    assert cases.loc[records[0].id, "state"] == "vencido" and bool(cases.loc[records[0].id, "is_open"])
    assert cases.loc[records[1].id, "state"] == "cerrado a tiempo" and cases.loc[records[1].id, "days_to_resolution"] == 1
    assert str(cases.loc[records[0].id, "opened_date"])[:10] == "2026-10-11"
    meta = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert meta["rows"] == {"records": 4, "topics": 2, "sla_cases": 2} and meta["with_text"] is False


def test_a_re_export_is_identical_and_replaces_the_previous_one(tmp_path, store):
    s, _ = store
    out = tmp_path / "bi"
    export_store(_cfg(tmp_path), s, out, NOW)
    first = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    (out / "records" / "created_date=1999-01-01").mkdir()
    (out / "records" / "created_date=1999-01-01" / "part-0.parquet").write_bytes(next(iter(first.values())))
    export_store(_cfg(tmp_path), s, out, NOW)
    again = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert again == first  # same bytes, and nothing left from before
    assert len(_read(out)) == 4
    assert not list(tmp_path.glob(".bi.*"))


def test_text_and_customer_ids_only_when_asked(tmp_path, store):
    s, records = store
    out = tmp_path / "bi"
    export_store(_cfg(tmp_path), s, out, NOW, with_text=True, with_customer_ids=True)
    got = _read(out).set_index("id")
    assert got.loc[records[2].id, "text"] == "Pésimo servicio, sin internet desde ayer"
    assert got.loc[records[2].id, "url"] == "https://x.com/u/status/1"
    assert got.loc[records[0].id, "customer_id"] == "CC-1010"
    assert _read(out, "topics")["verbatim_1"].tolist()[0] == "Me cobraron dos veces la factura"


def test_a_folder_that_is_not_an_export_is_never_overwritten(tmp_path, store):
    s, _ = store
    precious = tmp_path / "mis-datos"
    precious.mkdir()
    (precious / "informe.xlsx").write_bytes(b"x")
    with pytest.raises(ValueError, match="not an Escucha export"):
        export_store(_cfg(tmp_path), s, precious, NOW)
    assert (precious / "informe.xlsx").read_bytes() == b"x"


def test_cli_export(tmp_path, store, monkeypatch):
    s, _ = store
    s.close()
    monkeypatch.setenv("ESCUCHA__DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ESCUCHA__CONNECTORS", "[]")
    res = CliRunner().invoke(app, ["export", str(tmp_path / "bi"), "--as-of", "2026-11-20T10:00:00-05:00"])
    assert res.exit_code == 0, res.output
    assert "4 records in 3 days, 2 topics, 2 PQRS cases" in res.output
    bad = CliRunner().invoke(app, ["export", str(tmp_path / "bi"), "--as-of", "2026-11-20"])
    assert bad.exit_code == 2 and "time zone" in bad.output


def _documented(section: str) -> dict[str, str]:
    """Column -> type of one table of docs/EXPORT.md (the `## section` heading's table)."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): m.group(2) for m in re.finditer(r"^\| `([a-z_0-9]+)` \| ([A-Za-z ()]+?) \|", body, re.M)}


# what docs/EXPORT.md calls each Parquet type
TYPE_NAMES = {"string": "text", "int64": "integer", "double": "decimal", "bool": "boolean", "date32[day]": "date",
              "timestamp[us, tz=UTC]": "timestamp (UTC)"}


@pytest.mark.parametrize("section, fields", [
    ("records", RECORD_FIELDS + RECORD_TEXT_FIELDS + RECORD_ID_FIELDS),
    ("topics", TOPIC_FIELDS + TOPIC_TEXT_FIELDS),
    ("sla_cases", SLA_FIELDS),
])
def test_every_column_is_documented_with_its_type(section, fields):
    documented = _documented(section)
    expected = {f.name: TYPE_NAMES[str(f.type)] for f in fields}
    if section == "records":
        expected["created_date"] = "date"
    assert documented == expected
