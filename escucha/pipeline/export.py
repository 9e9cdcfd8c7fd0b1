"""`escucha export`: the store as one tidy Parquet dataset that BI tools read (Power BI, Looker
Studio through BigQuery, DuckDB, Spark, pandas).

    OUT/
      _escucha_export.json                          what was exported, as of when, row counts
      records/created_date=2026-11-03/part-0.parquet  one row per record (enrichment and topic included)
      topics/part-0.parquet                         one row per topic of the current model
      sla_cases/part-0.parquet                      one row per PQRS case: its term and state as of `as_of`

Records are partitioned Hive-style by their local creation date (the schedule's time zone), so
`read_parquet('OUT/records/**/*.parquet', hive_partitioning = true)` gives them a `created_date`
column and a filter on it reads only those folders. The column lives in the folder names only,
as Hive, Spark, BigQuery and pyarrow expect. Every column and its type is in docs/EXPORT.md
(the types below are the contract: `tests/test_export.py` checks the document against them).

Personal data stays out by default: no text, no link (`with_text` adds the redacted text, the
link and the topics' verbatims); authors are the store's pseudonyms and customer ids leave as a
keyed hash, `customer_key`, so customers can be counted and followed across exports but not
named (`with_customer_ids` adds the source's own `customer_id` for joining a CRM).

The same store and `as_of` always give the same files, byte for byte. A re-export builds the
whole dataset beside OUT and swaps it in, so a reader never sees half of one and nothing is left
from the previous one; a folder that is not an export is never overwritten.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from escucha.analytics.sla import SlaTerms, sla_status
from escucha.records import pseudonymise

EXPORT_FORMAT = 1
MARKER = "_escucha_export.json"
PARTITION = "created_date"
TS = pa.timestamp("us", tz="UTC")

RECORD_FIELDS: tuple[pa.Field, ...] = (
    pa.field("id", pa.string()), pa.field("source", pa.string()), pa.field("channel", pa.string()),
    pa.field("created_at", TS), pa.field("author", pa.string()), pa.field("customer_key", pa.string()),
    pa.field("customer_segment", pa.string()), pa.field("process", pa.string()), pa.field("product", pa.string()),
    pa.field("country", pa.string()), pa.field("region", pa.string()), pa.field("pqrs_type", pa.string()),
    pa.field("opened_at", TS), pa.field("first_response_at", TS), pa.field("closed_at", TS),
    pa.field("status", pa.string()), pa.field("followers", pa.int64()), pa.field("likes", pa.int64()),
    pa.field("shares", pa.int64()), pa.field("score", pa.float64()), pa.field("language", pa.string()),
    pa.field("sentiment", pa.string()), pa.field("sentiment_pos", pa.float64()),
    pa.field("sentiment_neu", pa.float64()), pa.field("sentiment_neg", pa.float64()),
    pa.field("emotion", pa.string()), pa.field("irony", pa.float64()), pa.field("toxicity", pa.float64()),
    pa.field("topic_id", pa.int64()), pa.field("topic_label", pa.string()), pa.field("topic_category", pa.string()),
    pa.field("topic_kind", pa.string()),
)
RECORD_TEXT_FIELDS: tuple[pa.Field, ...] = (pa.field("text", pa.string()), pa.field("url", pa.string()))
RECORD_ID_FIELDS: tuple[pa.Field, ...] = (pa.field("customer_id", pa.string()),)

TOPIC_FIELDS: tuple[pa.Field, ...] = (
    pa.field("topic_id", pa.int64()), pa.field("label", pa.string()), pa.field("category", pa.string()),
    pa.field("keywords", pa.string()), pa.field("size", pa.int64()), pa.field("model_version", pa.string()),
    pa.field("kind", pa.string()),
)
TOPIC_TEXT_FIELDS: tuple[pa.Field, ...] = tuple(pa.field(f"verbatim_{i}", pa.string()) for i in (1, 2, 3))

SLA_FIELDS: tuple[pa.Field, ...] = (
    pa.field("id", pa.string()), pa.field("opened_date", pa.date32()), pa.field("due_date", pa.date32()),
    pa.field("term_days", pa.int64()), pa.field("days_to_first_response", pa.int64()),
    pa.field("days_to_resolution", pa.int64()), pa.field("days_elapsed", pa.int64()),
    pa.field("used_share", pa.float64()), pa.field("is_open", pa.bool_()), pa.field("state", pa.string()),
    pa.field("as_of", TS),
)


@dataclass
class ExportResult:
    path: Path
    records: int = 0
    partitions: int = 0
    topics: int = 0
    sla_cases: int = 0
    with_text: bool = False
    tables: dict[str, int] = field(default_factory=dict)


def record_schema(with_text: bool = False, with_customer_ids: bool = False) -> pa.Schema:
    fields = RECORD_FIELDS + (RECORD_TEXT_FIELDS if with_text else ()) + (RECORD_ID_FIELDS if with_customer_ids else ())
    return pa.schema(fields)


def topic_schema(with_text: bool = False) -> pa.Schema:
    return pa.schema(TOPIC_FIELDS + (TOPIC_TEXT_FIELDS if with_text else ()))


def sla_schema() -> pa.Schema:
    return pa.schema(SLA_FIELDS)


def records_table(frame: pd.DataFrame, salt: str, *, with_text: bool = False,
                  with_customer_ids: bool = False) -> pd.DataFrame:
    """The analysis frame as the export's records: its columns, in order, ids hashed."""
    schema = record_schema(with_text, with_customer_ids)
    out = frame.copy()
    ids = out["customer_id"] if "customer_id" in out else pd.Series(None, index=out.index, dtype=object)
    out["customer_key"] = [pseudonymise(None if pd.isna(v) else str(v), salt) for v in ids]
    for name in schema.names:
        if name not in out:
            out[name] = None
    return out[schema.names].sort_values(["created_at", "id"], kind="mergesort").reset_index(drop=True)


def topics_table(topics: pd.DataFrame, *, with_text: bool = False) -> pd.DataFrame:
    """The current model's topics: keywords as one comma-separated text (what BI tools show)."""
    schema = topic_schema(with_text)
    out = topics.copy()
    out["keywords"] = [", ".join(_json_list(k)) for k in out.get("keywords", pd.Series(dtype=object))]
    verbatims = [_json_list(v) for v in out.get("verbatims", pd.Series(dtype=object))]
    for i in (1, 2, 3):
        out[f"verbatim_{i}"] = [v[i - 1] if len(v) >= i else None for v in verbatims]
    for name in schema.names:
        if name not in out:
            out[name] = None
    return out[schema.names].sort_values("topic_id", kind="mergesort").reset_index(drop=True)


def sla_table(frame: pd.DataFrame, as_of: datetime, terms: SlaTerms) -> pd.DataFrame:
    """One row per PQRS case: term, business days and state as of `as_of` (analytics.sla)."""
    status = sla_status(frame, as_of, terms)
    out = pd.DataFrame({"id": status["id"].astype(str)})
    for c in ("opened_date", "due_date"):
        out[c] = pd.to_datetime(status[c]).dt.date
    out["term_days"] = status["term_days"].astype("int64")
    for c in ("days_to_first_response", "days_to_resolution", "days_elapsed"):
        out[c] = pd.to_numeric(status[c]).round().astype("Int64")
    out["used_share"] = status["used_share"].astype(float)
    out["is_open"] = status["is_open"].astype(bool)
    out["state"] = status["state"].astype(str)
    out["as_of"] = pd.Timestamp(as_of).tz_convert("UTC")
    return out.sort_values("id", kind="mergesort").reset_index(drop=True)


def export_store(cfg, store, out_dir: str | Path, as_of: datetime, *, with_text: bool = False,
                 with_customer_ids: bool = False) -> ExportResult:
    """Export the whole store (records, topics, SLA cases as of `as_of`) to `out_dir`."""
    frame = store.analysis_frame(with_text=with_text)
    records = records_table(frame, cfg.pseudonym_salt, with_text=with_text, with_customer_ids=with_customer_ids)
    topics = topics_table(store.fetch_topics(), with_text=with_text)
    sla = sla_table(frame, as_of, SlaTerms.from_config(cfg.sla))
    return write_dataset(out_dir, records, topics, sla, as_of=as_of, tz=cfg.schedule.timezone,
                         with_text=with_text, with_customer_ids=with_customer_ids)


def write_dataset(out_dir: str | Path, records: pd.DataFrame, topics: pd.DataFrame, sla: pd.DataFrame, *,
                  as_of: datetime, tz: str, with_text: bool = False, with_customer_ids: bool = False) -> ExportResult:
    """Write the three tables to `out_dir` (built beside it, then swapped in)."""
    out = Path(out_dir).expanduser()
    _check_target(out)
    partial = out.with_name(f".{out.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    result = ExportResult(path=out, with_text=with_text)
    try:
        days = records["created_at"].dt.tz_convert(tz).dt.strftime("%Y-%m-%d") if len(records) else pd.Series(dtype=str)
        schema = record_schema(with_text, with_customer_ids)
        for day, part in records.groupby(days, sort=True):
            _write(part, schema, partial / "records" / f"{PARTITION}={day}" / "part-0.parquet")
            result.partitions += 1
        if not len(records):  # an empty store: the folder is still there, with the schema
            _write(records, schema, partial / "records" / "part-0.parquet")
        _write(topics, topic_schema(with_text), partial / "topics" / "part-0.parquet")
        _write(sla, sla_schema(), partial / "sla_cases" / "part-0.parquet")
        result.records, result.topics, result.sla_cases = len(records), len(topics), len(sla)
        result.tables = {"records": result.records, "topics": result.topics, "sla_cases": result.sla_cases}
        meta = {"format": EXPORT_FORMAT, "as_of": pd.Timestamp(as_of).isoformat(), "time_zone": tz,
                "with_text": with_text, "with_customer_ids": with_customer_ids, "partitioning": f"records/{PARTITION}=YYYY-MM-DD",
                "rows": result.tables}
        (partial / MARKER).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _swap(partial, out)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return result


def _write(df: pd.DataFrame, schema: pa.Schema, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
    pq.write_table(table.replace_schema_metadata(None), path, compression="zstd")


def _check_target(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise ValueError(f"{out} exists and is not an Escucha export: choose an empty or new folder")


def _swap(partial: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    partial.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _json_list(value) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return [value]
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
