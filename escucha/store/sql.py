"""SQL shared by both backends: table definitions and `SqlStore`, the Store written once in SQL.

`DuckDBStore` and `PostgresStore` only supply what differs: how to connect, the parameter
style, column types (BLOB vs BYTEA, DOUBLE vs DOUBLE PRECISION), how a batch reaches the
database (a registered Arrow table vs COPY into a temp table) and how a result becomes a
DataFrame. Every statement here uses `?` placeholders; values are never formatted into SQL
(identifiers come only from the constants below).

Tables (all timestamps are TIMESTAMPTZ in UTC; every data row carries the `run_id` that wrote it):

- ``runs``: run_id PK, flow, started_at, finished_at, status, summary (JSON).
- ``locks``: name PK, owner, acquired_at, heartbeat_at. A lock whose heartbeat is older than
  `stale_after_s` is taken over; acquiring again with the same owner refreshes the heartbeat.
- ``records``: every `Record` field (`extra` as JSON) + content_hash, text_hash, run_id,
  ingested_at (first seen), updated_at (last content change). PK id.
- ``quarantine``: id PK (hash of source + stage + payload: the same bad row is stored once),
  source, stage, source_id, reason, payload, run_id, created_at, resolved_at, resolved_run_id.
- ``cursors``: connector PK, cursor (JSON), run_id, updated_at.
- ``enrichments``: ENRICHMENT_COLUMNS (emotion_scores as JSON) + run_id. PK record_id.
- ``embeddings``: record_id PK, encoder, vector (float16 little-endian bytes), run_id.
- ``topic_assignments``: record_id PK, topic_id, model_version, run_id.
- ``topics``: TOPIC_COLUMNS (keywords and verbatims as JSON) + run_id. PK topic_id.
- ``outputs``: kind, key, run_id, payload (JSON), created_at. PK (kind, key).
- ``signals`` (version 2): record_id PK, text_hash, kind, cue, excerpt, detector_version, run_id:
  the signal a detector found in a record's text (escucha/nlp/signals), kind NULL when none, so a
  record is examined once per text and detector version.
- ``customer_followups`` (version 2): customer_key, marked_at (PK together), state, note, run_id:
  what sales did about a customer on the at-risk list (`escucha clientes marcar`).
- ``labels`` (version 3): what an analyst confirmed or corrected (escucha/labels.py): id PK (one row per
  click, never overwritten: the latest row of a record and task is its label), record_id, task
  (sentiment, emotion, pqrs_type, issue), label, previous (the machine's value when it was
  labelled), model_version (of that machine value), author, note (redacted), created_at.

JSON columns are returned as JSON text (str), never parsed, so both backends give the same
value back.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from abc import abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from escucha.records import QuarantineItem, Record, utcnow
from escucha.store._base import (
    ANALYSIS_COLUMNS,
    ENRICHMENT_COLUMNS,
    TOPIC_COLUMNS,
    SchemaMismatch,
    Store,
    UpsertResult,
)

# Logical column types; each backend maps them to its own SQL types.
TEXT, TS, INT, FLOAT, JSON, BLOB = "text", "ts", "int", "float", "json", "blob"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, logical type)
    primary_key: tuple[str, ...]
    not_null: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)

    @property
    def types(self) -> dict[str, str]:
        return dict(self.columns)


RECORD_DATA_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", TEXT), ("source", TEXT), ("source_id", TEXT), ("channel", TEXT), ("created_at", TS),
    ("text", TEXT), ("author", TEXT), ("customer_id", TEXT), ("customer_segment", TEXT),
    ("process", TEXT), ("product", TEXT), ("country", TEXT), ("region", TEXT), ("pqrs_type", TEXT),
    ("opened_at", TS), ("first_response_at", TS), ("closed_at", TS), ("status", TEXT),
    ("followers", INT), ("likes", INT), ("shares", INT), ("url", TEXT), ("score", FLOAT),
    ("extra", JSON),
)
RECORD_BOOKKEEPING: tuple[tuple[str, str], ...] = (
    ("content_hash", TEXT), ("text_hash", TEXT), ("run_id", TEXT), ("ingested_at", TS), ("updated_at", TS),
)

RUNS = Table(
    "runs",
    (("run_id", TEXT), ("flow", TEXT), ("started_at", TS), ("finished_at", TS), ("status", TEXT), ("summary", JSON)),
    ("run_id",), ("flow", "started_at", "status"),
)
LOCKS = Table(
    "locks",
    (("name", TEXT), ("owner", TEXT), ("acquired_at", TS), ("heartbeat_at", TS)),
    ("name",), ("owner", "acquired_at", "heartbeat_at"),
)
RECORDS = Table(
    "records", RECORD_DATA_COLUMNS + RECORD_BOOKKEEPING, ("id",),
    ("source", "source_id", "channel", "created_at", "text", "content_hash", "text_hash", "run_id",
     "ingested_at", "updated_at"),
)
QUARANTINE = Table(
    "quarantine",
    (("id", TEXT), ("source", TEXT), ("stage", TEXT), ("source_id", TEXT), ("reason", TEXT), ("payload", TEXT),
     ("run_id", TEXT), ("created_at", TS), ("resolved_at", TS), ("resolved_run_id", TEXT)),
    ("id",), ("source", "stage", "reason", "payload", "run_id", "created_at"),
)
CURSORS = Table(
    "cursors", (("connector", TEXT), ("cursor", JSON), ("run_id", TEXT), ("updated_at", TS)),
    ("connector",), ("cursor", "run_id", "updated_at"),
)
_ENRICHMENT_TYPES = {
    "sentiment_pos": FLOAT, "sentiment_neu": FLOAT, "sentiment_neg": FLOAT, "emotion_scores": JSON,
    "irony": FLOAT, "toxicity": FLOAT,
}
ENRICHMENTS = Table(
    "enrichments",
    tuple((c, _ENRICHMENT_TYPES.get(c, TEXT)) for c in ENRICHMENT_COLUMNS) + (("run_id", TEXT),),
    ("record_id",), ("text_hash", "model_version", "run_id"),
)
EMBEDDINGS = Table(
    "embeddings", (("record_id", TEXT), ("encoder", TEXT), ("vector", BLOB), ("run_id", TEXT)),
    ("record_id",), ("encoder", "vector", "run_id"),
)
TOPIC_ASSIGNMENTS = Table(
    "topic_assignments", (("record_id", TEXT), ("topic_id", INT), ("model_version", TEXT), ("run_id", TEXT)),
    ("record_id",), ("topic_id", "run_id"),
)
_TOPIC_TYPES = {"topic_id": INT, "keywords": JSON, "verbatims": JSON, "size": INT}
TOPICS = Table(
    "topics", tuple((c, _TOPIC_TYPES.get(c, TEXT)) for c in TOPIC_COLUMNS) + (("run_id", TEXT),),
    ("topic_id",), ("run_id",),
)
OUTPUTS = Table(
    "outputs", (("kind", TEXT), ("key", TEXT), ("run_id", TEXT), ("payload", JSON), ("created_at", TS)),
    ("kind", "key"), ("run_id", "created_at"),
)

SIGNALS = Table(
    "signals",
    (("record_id", TEXT), ("text_hash", TEXT), ("kind", TEXT), ("cue", TEXT), ("excerpt", TEXT),
     ("detector_version", TEXT), ("run_id", TEXT)),
    ("record_id",), ("text_hash", "detector_version", "run_id"),
)
CUSTOMER_FOLLOWUPS = Table(
    "customer_followups",
    (("customer_key", TEXT), ("marked_at", TS), ("state", TEXT), ("note", TEXT), ("run_id", TEXT)),
    ("customer_key", "marked_at"), ("state", "run_id"),
)
LABELS = Table(
    "labels",
    (("id", TEXT), ("record_id", TEXT), ("task", TEXT), ("label", TEXT), ("previous", TEXT),
     ("model_version", TEXT), ("author", TEXT), ("note", TEXT), ("created_at", TS)),
    ("id",), ("record_id", "task", "label", "author", "created_at"),
)

SCHEMA_VERSIONS = Table(
    "schema_versions", (("version", INT), ("description", TEXT), ("applied_at", TS)),
    ("version",), ("applied_at",),
)

TABLES: tuple[Table, ...] = (
    RUNS, LOCKS, RECORDS, QUARANTINE, CURSORS, ENRICHMENTS, EMBEDDINGS, TOPIC_ASSIGNMENTS, TOPICS, OUTPUTS,
    SIGNALS, CUSTOMER_FOLLOWUPS, LABELS,
)

RECORD_COLUMNS: tuple[str, ...] = RECORDS.names
# columns checked for text no database can hold (JSON too: json.dumps keeps lone surrogates)
_RECORD_TEXT_FIELDS = tuple(c for c, t in RECORD_DATA_COLUMNS if t in (TEXT, JSON))

# analysis_frame: (output column, SQL expression, logical type)
_ANALYSIS_SELECT: dict[str, tuple[str, str]] = {
    **{c: (f"r.{c}", t) for c, t in RECORD_DATA_COLUMNS},
    "pqrs_type": ("COALESCE(r.pqrs_type, e.pqrs_type_pred)", TEXT),
    **{c: (f"e.{c}", t) for c, t in ENRICHMENTS.columns},
    "topic_id": ("ta.topic_id", INT),
    "topic_label": ("t.label", TEXT),
    "topic_category": ("t.category", TEXT),
    "topic_kind": ("t.kind", TEXT),
}


# labels: where the machine's current value of each task is read (`previous` of a new label)
_MACHINE_VALUE: dict[str, tuple[str, str]] = {  # task -> (SQL expression, its model version)
    "sentiment": ("e.sentiment", "e.model_version"),
    "emotion": ("e.emotion", "e.model_version"),
    "pqrs_type": ("e.pqrs_type_pred", "e.model_version"),
    "issue": ("CAST(ta.topic_id AS TEXT)", "ta.model_version"),
}


class SchemaEditor:
    """What a migration may do to a store (escucha/store/migrations.py). Each step is idempotent,
    so a store created fresh (every table already current) and an old store converge:
    `create_table` creates a table from its current definition if it is missing, `add_column`
    adds a column if it is missing."""

    def __init__(self, store: "SqlStore"):
        self.store = store
        self.backend = "postgresql" if store.url.startswith("postgres") else "duckdb"

    def create_table(self, table: Table) -> None:
        self.store._exec(self.store._ddl(table))

    def add_column(self, table: str, column: str, ltype: str) -> None:
        if not self.store._has_column(table, column):
            self.store._exec(f"ALTER TABLE {table} ADD COLUMN {column} {self.store.SQL_TYPES[ltype]}")

    def has_table(self, name: str) -> bool:
        return self.store._has_table(name)

    def has_column(self, table: str, column: str) -> bool:
        return self.store._has_column(table, column)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Any other statement (`?` placeholders): data fixes, indexes."""
        self.store._exec(sql, params)


def quarantine_id(source: str, stage: str, payload: str, key: str | None = None) -> str:
    """Same source, stage, payload (and key, when the connector gives one) -> same id, so a bad
    row seen every night is stored once."""
    parts = (source, stage, payload) if key is None else (source, stage, key, payload)
    raw = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()[:32]


def storable_text(value: str) -> str:
    """Text both databases accept: NUL becomes the four characters '\\x00' and unpaired
    surrogates are escaped (PostgreSQL refuses NUL in text; neither can store surrogates)."""
    if "\x00" in value:
        value = value.replace("\x00", "\\x00")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def _is_missing(v: Any) -> bool:
    if v is None or v is pd.NaT or v is pd.NA:
        return True
    return isinstance(v, float) and math.isnan(v)


def _to_utc(v: Any, what: str) -> datetime | None:
    if _is_missing(v):
        return None
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, str):
        v = datetime.fromisoformat(v)
    if not isinstance(v, datetime):
        raise TypeError(f"{what}: expected a datetime, got {type(v).__name__}")
    if v.tzinfo is None or v.utcoffset() is None:
        raise ValueError(f"{what}: naive datetime {v.isoformat()} (timestamps must carry a time zone)")
    return v.astimezone(timezone.utc)


def _finite(v: Any) -> Any:
    """NaN and infinity have no JSON spelling; a run summary's empty mean becomes null."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite(x) for x in v]
    return v


def _json_default(o: Any) -> Any:
    if isinstance(o, np.generic):  # numpy scalars from pandas/numpy code
        return _finite(o.item())
    if isinstance(o, np.ndarray):
        return _finite(o.tolist())
    if isinstance(o, datetime):
        return o.isoformat()
    return str(o)


def _json_text(v: Any) -> str | None:
    """JSON text for a JSON column; a str is taken to be JSON already."""
    if _is_missing(v):
        return None
    if isinstance(v, str):
        return v
    return json.dumps(_finite(v), ensure_ascii=False, sort_keys=True, default=_json_default)


def python_values(values: Sequence[Any], ltype: str, what: str) -> list[Any]:
    """Plain Python values for one column, None for missing (NaN/NaT/NA never reach the DB)."""
    if ltype == TEXT:
        return [None if _is_missing(v) else str(v) for v in values]
    if ltype == TS:
        return [_to_utc(v, what) for v in values]
    if ltype == INT:
        return [None if _is_missing(v) else int(v) for v in values]
    if ltype == FLOAT:
        return [None if _is_missing(v) else float(v) for v in values]
    if ltype == JSON:
        return [_json_text(v) for v in values]
    if ltype == BLOB:
        return [None if v is None else bytes(v) for v in values]
    raise ValueError(f"unknown column type {ltype!r}")


def normalise_frame(df: pd.DataFrame, types: Mapping[str, str]) -> pd.DataFrame:
    """Same dtypes from both backends: tz-aware UTC datetimes, nullable Int64, float64, str."""
    for col in df.columns:
        ltype = types.get(col)
        s = df[col]
        if ltype == TS:
            df[col] = pd.to_datetime(s, utc=True).astype("datetime64[us, UTC]")
        elif ltype == INT:
            df[col] = pd.to_numeric(s).astype("Int64")
        elif ltype == FLOAT:
            df[col] = pd.to_numeric(s).astype("float64")
        elif ltype in (TEXT, JSON):
            df[col] = s.astype("str")
        elif ltype == BLOB:
            df[col] = pd.Series([None if v is None else bytes(v) for v in s], index=df.index, dtype=object)
    return df


class SqlStore(Store):
    """The Store in portable SQL. Subclasses implement the hooks at the bottom."""

    # logical type -> SQL type; set by the backend
    SQL_TYPES: dict[str, str] = {}

    def __init__(self) -> None:
        # One connection per store; this lock keeps threads (Prefect task runners) from
        # interleaving statements of different transactions on it.
        self._mutex = threading.RLock()
        self._stages: list[str] = []
        self._in_tx = False

    # -- schema ----------------------------------------------------------------------------
    def _ddl(self, table: Table) -> str:
        cols = []
        for name, ltype in table.columns:
            null = " NOT NULL" if name in table.not_null or name in table.primary_key else ""
            cols.append(f"{name} {self.SQL_TYPES[ltype]}{null}")
        cols.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
        return f"CREATE TABLE IF NOT EXISTS {table.name} (\n  " + ",\n  ".join(cols) + "\n)"

    def _extra_ddl(self) -> list[str]:
        """Indexes and the like that only one backend wants."""
        return []

    def init_schema(self) -> None:
        """Create every table in an empty store and stamp it with the newest schema version; a
        store written before versions were recorded is stamped as version 1 (its tables are
        exactly those of version 1). An older or newer store is left as it is: `schema_status`
        says so, and `upgrade_schema` (escucha store upgrade) brings an older one up."""
        from escucha.store.migrations import BASELINE, latest_version

        with self._tx():
            self._exec(self._ddl(SCHEMA_VERSIONS))
            if self._versions():
                return
            if self._has_table(RECORDS.name):
                self._stamp(BASELINE, "the schema before versions were recorded")
                return
            for table in TABLES:
                self._exec(self._ddl(table))
            for stmt in self._extra_ddl():
                self._exec(stmt)
            self._stamp(latest_version(), "created")

    def schema_version(self) -> int:
        """The newest migration applied to this store (0 for a store with no table at all)."""
        versions = self._versions()
        return max(versions) if versions else 0

    def upgrade_schema(self) -> list[int]:
        """Apply every migration newer than the store, in order, each in its own transaction with
        its version row (a failure leaves the store at the last good version). Returns the
        versions applied. A store newer than this code is refused (SchemaMismatch)."""
        from escucha.store.migrations import MIGRATIONS, latest_version

        self.init_schema()
        current = self.schema_version()
        if current > latest_version():
            raise SchemaMismatch(self.schema_message(current))
        applied = []
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            with self._tx():
                migration.apply(SchemaEditor(self))
                self._stamp(migration.version, migration.description)
            applied.append(migration.version)
        return applied

    def check_schema(self) -> None:
        """Raise SchemaMismatch, saying what to do, unless the store is at this code's version."""
        from escucha.store.migrations import latest_version

        current = self.schema_version()
        if current != latest_version():
            raise SchemaMismatch(self.schema_message(current))

    def schema_message(self, current: int) -> str:
        from escucha.store import redact_url
        from escucha.store.migrations import latest_version

        latest = latest_version()
        where = redact_url(self.url)
        if current < latest:
            return (f"the store {where} has schema version {current}; this Escucha needs version {latest}. "
                    "Back it up, then run `escucha store upgrade` (it keeps every row).")
        return (f"the store {where} has schema version {current}, written by a newer Escucha; this one knows "
                f"versions up to {latest}. Upgrade Escucha (pip install -U escucha) instead of using an older one.")

    def _versions(self) -> list[int]:
        if not self._has_table(SCHEMA_VERSIONS.name):
            return []
        return [int(r[0]) for r in self._fetchall("SELECT version FROM schema_versions")]

    def _stamp(self, version: int, description: str) -> None:
        self._exec("INSERT INTO schema_versions (version, description, applied_at) VALUES (?, ?, ?) "
                   "ON CONFLICT (version) DO NOTHING", [version, description, utcnow()])

    def _has_table(self, name: str) -> bool:
        return bool(self._fetchall(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?",
            [name]))

    def _has_column(self, table: str, column: str) -> bool:
        return bool(self._fetchall(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? AND column_name = ?", [table, column]))

    # -- runs ------------------------------------------------------------------------------
    def start_run(self, run_id: str, flow: str, started_at: datetime) -> None:
        started = _to_utc(started_at, "started_at")
        with self._tx():
            # a resumed run (same id) is marked running again and keeps its first start time
            self._exec(
                "INSERT INTO runs (run_id, flow, started_at, finished_at, status, summary) "
                "VALUES (?, ?, ?, NULL, 'running', NULL) "
                "ON CONFLICT (run_id) DO UPDATE SET status = 'running', finished_at = NULL",
                [run_id, flow, started],
            )

    def finish_run(self, run_id: str, status: str, summary: dict[str, Any]) -> None:
        with self._tx():
            self._exec(
                "UPDATE runs SET status = ?, summary = ?, finished_at = ? WHERE run_id = ?",
                [status, _json_text(summary), utcnow(), run_id],
            )

    def list_runs(self, limit: int = 20) -> pd.DataFrame:
        return self._read(
            f"SELECT {self._select_list(RUNS)} FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?",
            [int(limit)], RUNS.types,
        )

    # -- locks -----------------------------------------------------------------------------
    def acquire_lock(self, name: str, owner: str, stale_after_s: float) -> bool:
        now = utcnow()
        cutoff = now - timedelta(seconds=stale_after_s)
        with self._tx():
            self._exec(
                "INSERT INTO locks (name, owner, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, "
                "acquired_at = CASE WHEN locks.owner = excluded.owner THEN locks.acquired_at "
                "ELSE excluded.acquired_at END, heartbeat_at = excluded.heartbeat_at "
                "WHERE locks.owner = excluded.owner OR locks.heartbeat_at < ?",
                [name, owner, now, now, cutoff],
            )
            row = self._fetchall("SELECT owner FROM locks WHERE name = ?", [name])
        return bool(row) and row[0][0] == owner

    def release_lock(self, name: str, owner: str) -> None:
        with self._tx():
            self._exec("DELETE FROM locks WHERE name = ? AND owner = ?", [name, owner])

    def lock_holder(self, name: str) -> str | None:
        row = self._fetchall("SELECT owner FROM locks WHERE name = ?", [name])
        return row[0][0] if row else None

    # -- ingest ----------------------------------------------------------------------------
    def save_batch(
        self,
        connector: str,
        records: Sequence[Record],
        quarantined: Sequence[QuarantineItem],
        cursor: dict[str, Any] | None,
        run_id: str,
    ) -> UpsertResult:
        """One transaction: new ids are inserted, rows whose content_hash changed are updated
        (run_id and updated_at move to this run), identical rows are not touched. Duplicate ids
        in the batch: the last wins. A record with text no database can hold (NUL bytes) is
        quarantined instead of failing the batch. `quarantined` counts the distinct bad rows of
        this batch, whether or not an earlier run had already stored them."""
        now = utcnow()
        latest: dict[str, Record] = {}
        for rec in records:  # duplicates within the batch: the last one wins
            latest.pop(rec.id, None)
            latest[rec.id] = rec
        data = self._record_columns(list(latest.values()), run_id, now)
        bad = self._unstorable(data)
        items = list(quarantined)
        if bad:
            keep = [i for i in range(len(data["id"])) if i not in bad]
            for i, reason in sorted(bad.items()):
                rec = latest[data["id"][i]]
                items.append(QuarantineItem(
                    source=rec.source, stage="ingest", reason=f"{rec.source} record {rec.source_id}: {reason}",
                    payload=json.dumps(rec.model_dump(mode="json"), ensure_ascii=False), source_id=rec.source_id,
                ))
            data = {c: [v[i] for i in keep] for c, v in data.items()}
        qrows = self._quarantine_columns(items, run_id, now)

        result = UpsertResult(quarantined=len(qrows["id"]))
        with self._tx():
            if data["id"]:
                stage = self._stage("stage_records", RECORDS.columns, data)
                counts = self._fetchall(
                    f"SELECT s.channel, "
                    f"SUM(CASE WHEN r.id IS NULL THEN 1 ELSE 0 END), "
                    f"SUM(CASE WHEN r.id IS NOT NULL AND r.content_hash <> s.content_hash THEN 1 ELSE 0 END), "
                    f"SUM(CASE WHEN r.content_hash = s.content_hash THEN 1 ELSE 0 END) "
                    f"FROM {stage} s LEFT JOIN records r ON r.id = s.id GROUP BY s.channel"
                )
                for channel, new, updated, unchanged in counts:
                    result.new += int(new or 0)
                    result.updated += int(updated or 0)
                    result.unchanged += int(unchanged or 0)
                    if new:
                        result.by_channel[channel] = int(new)
                keep_on_update = {"id", "ingested_at"}
                sets = ", ".join(f"{c} = excluded.{c}" for c in RECORDS.names if c not in keep_on_update)
                cols = ", ".join(RECORDS.names)
                self._exec(
                    f"INSERT INTO records ({cols}) SELECT {cols} FROM {stage} WHERE true "
                    f"ON CONFLICT (id) DO UPDATE SET {sets} "
                    f"WHERE records.content_hash <> excluded.content_hash"
                )
            if qrows["id"]:
                self._insert_quarantine(qrows)
            if cursor is not None:
                self._exec(
                    "INSERT INTO cursors (connector, cursor, run_id, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (connector) DO UPDATE SET cursor = excluded.cursor, "
                    "run_id = excluded.run_id, updated_at = excluded.updated_at",
                    [connector, _json_text(cursor), run_id, now],
                )
        return result

    def _record_columns(self, records: list[Record], run_id: str, now: datetime) -> dict[str, list[Any]]:
        data: dict[str, list[Any]] = {c: [] for c in RECORDS.names}
        for rec in records:
            row = rec.model_dump()
            for name, _ in RECORD_DATA_COLUMNS:
                data[name].append(row[name])
            data["content_hash"].append(rec.content_hash())
            data["text_hash"].append(rec.text_hash())
        n = len(records)
        data["run_id"] = [run_id] * n
        data["ingested_at"] = [now] * n
        data["updated_at"] = [now] * n
        for name, ltype in RECORD_DATA_COLUMNS:
            if ltype in (TS, JSON):
                data[name] = python_values(data[name], ltype, name)
        return data

    @staticmethod
    def _unstorable(data: dict[str, list[Any]]) -> dict[int, str]:
        """Rows with text neither database can hold (NUL, unpaired surrogates) -> reason.
        Checked per column in one go; only a column that has a problem is scanned row by row."""
        bad: dict[int, str] = {}
        for name in _RECORD_TEXT_FIELDS:
            values = data[name]
            joined = "\x01".join(v for v in values if v is not None)
            try:
                joined.encode("utf-8")
                if "\x00" not in joined:
                    continue
            except UnicodeEncodeError:
                pass
            for i, v in enumerate(values):
                if v is None or i in bad:
                    continue
                if "\x00" in v:
                    bad[i] = f"field '{name}': contains NUL bytes (binary data, not text)"
                else:
                    try:
                        v.encode("utf-8")
                    except UnicodeEncodeError:
                        bad[i] = f"field '{name}': contains characters that are not valid Unicode"
        return bad

    def get_cursor(self, connector: str) -> dict[str, Any] | None:
        rows = self._fetchall("SELECT CAST(cursor AS TEXT) FROM cursors WHERE connector = ?", [connector])
        return json.loads(rows[0][0]) if rows and rows[0][0] is not None else None

    def count_records(self, channel: str | None = None) -> int:
        if channel is None:
            rows = self._fetchall("SELECT COUNT(*) FROM records")
        else:
            rows = self._fetchall("SELECT COUNT(*) FROM records WHERE channel = ?", [channel])
        return int(rows[0][0])

    def fetch_records(
        self,
        ids: Sequence[str] | None = None,
        since: datetime | None = None,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Records with their bookkeeping columns; in the order of `ids` when given, else by id."""
        cols = list(columns) if columns is not None else list(RECORDS.names)
        unknown = [c for c in cols if c not in RECORDS.types]
        if unknown:
            raise ValueError(f"unknown record column(s) {unknown}; known: {', '.join(RECORDS.names)}")
        select = ", ".join(self._select_expr("r", c, RECORDS.types[c]) for c in cols)
        return self._read_filtered(
            f"SELECT {select} FROM records r", "r.id", ids, since, "r.created_at", "r.id",
            {c: RECORDS.types[c] for c in cols},
        )

    # -- enrichment ------------------------------------------------------------------------
    def iter_pending_enrichment(self, model_version: str, batch_size: int) -> Iterator[pd.DataFrame]:
        """The pending ids are found once (one anti-join over the records, ids only), then each
        batch's texts are read by id after the caller handled the previous batch; a restarted
        run finds what is still pending. Re-running the anti-join for every batch, as this did
        before, made the enrich step's time grow with the history (1M records: every 2,000-record
        batch re-scanned a million enrichments)."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        types = {"id": TEXT, "channel": TEXT, "text": TEXT, "text_hash": TEXT}
        # NOT EXISTS, not LEFT JOIN ... IS NULL (DuckDB 2.0.0 mishandled a LIMIT on the LEFT JOIN
        # form while `enrichments` was empty; there is no LIMIT here, the form is kept anyway)
        pending = [row[0] for row in self._fetchall(
            "SELECT r.id FROM records r WHERE NOT EXISTS (SELECT 1 FROM enrichments e "
            "WHERE e.record_id = r.id AND e.text_hash = r.text_hash AND e.model_version = ?) ORDER BY r.id",
            [model_version],
        )]
        for start in range(0, len(pending), int(batch_size)):
            ids = pending[start : start + int(batch_size)]
            yield self._read_filtered("SELECT r.id, r.channel, r.text, r.text_hash FROM records r", "r.id", ids,
                                      None, "r.created_at", "r.id", types)

    def upsert_enrichments(self, df: pd.DataFrame, run_id: str) -> int:
        return self._upsert_frame(ENRICHMENTS, df, run_id, required=("record_id", "text_hash", "model_version"))

    def upsert_embeddings(self, ids: Sequence[str], vectors: np.ndarray, encoder: str, run_id: str) -> int:
        vectors = np.asarray(vectors)
        if vectors.ndim != 2 or vectors.shape[0] != len(ids):
            raise ValueError(f"vectors must have shape (len(ids)={len(ids)}, dim); got {vectors.shape}")
        with np.errstate(over="ignore"):  # overflow is reported just below, with a reason
            half = vectors.astype("<f2")
        if not np.isfinite(half).all():
            raise ValueError("vectors have values that are not finite in float16 (NaN, inf or beyond ±65504)")
        latest = {rid: i for i, rid in enumerate(ids)}  # duplicates: last wins
        data = {
            "record_id": list(latest),
            "encoder": [encoder] * len(latest),
            "vector": [half[i].tobytes() for i in latest.values()],
            "run_id": [run_id] * len(latest),
        }
        with self._tx():
            self._upsert(EMBEDDINGS, data)
        return len(latest)

    def save_enrichment(self, rows: pd.DataFrame, vectors: np.ndarray, encoder: str, run_id: str) -> int:
        with self._tx():
            self.upsert_embeddings(rows["record_id"].tolist(), vectors, encoder, run_id)
            return self.upsert_enrichments(rows, run_id)

    def fetch_embeddings(self, ids: Sequence[str] | None = None) -> tuple[list[str], np.ndarray]:
        """(ids, float32 array (n, dim)) in the order of `ids` (missing ones left out), else by id."""
        df = self._read_filtered(
            "SELECT m.record_id, m.vector FROM embeddings m", "m.record_id", ids, None, None, "m.record_id",
            {"record_id": TEXT, "vector": BLOB},
        )
        out_ids = [str(i) for i in df["record_id"]]
        blobs = list(df["vector"])
        if not blobs:
            return out_ids, np.zeros((0, 0), dtype=np.float32)
        sizes = {len(b) for b in blobs}
        if len(sizes) != 1:
            raise ValueError(f"embeddings of different sizes are stored ({sorted(s // 2 for s in sizes)} dims); "
                             "re-embed everything with one encoder")
        dim = sizes.pop() // 2
        arr = np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), dim).astype(np.float32)
        return out_ids, arr

    def ids_with_embedding(self) -> list[str]:
        return [r[0] for r in self._fetchall("SELECT record_id FROM embeddings ORDER BY record_id")]

    # -- signals (churn intent and the like) ------------------------------------------------
    def iter_pending_signals(self, detector_version: str, batch_size: int) -> Iterator[pd.DataFrame]:
        """Records whose text was not examined by this detector version, like
        `iter_pending_enrichment`: ids found once, texts read batch by batch."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        types = {"id": TEXT, "text": TEXT, "text_hash": TEXT}
        pending = [row[0] for row in self._fetchall(
            "SELECT r.id FROM records r WHERE NOT EXISTS (SELECT 1 FROM signals s "
            "WHERE s.record_id = r.id AND s.text_hash = r.text_hash AND s.detector_version = ?) ORDER BY r.id",
            [detector_version],
        )]
        for start in range(0, len(pending), int(batch_size)):
            ids = pending[start : start + int(batch_size)]
            yield self._read_filtered("SELECT r.id, r.text, r.text_hash FROM records r", "r.id", ids,
                                      None, "r.created_at", "r.id", types)

    def upsert_signals(self, df: pd.DataFrame, run_id: str) -> int:
        return self._upsert_frame(SIGNALS, df, run_id, required=("record_id", "text_hash", "detector_version"))

    def fetch_signals(self, since: datetime | None = None) -> pd.DataFrame:
        """Records with a signal (kind not NULL): record_id, kind, cue, excerpt; `since` on the
        record's created_at."""
        types = {"record_id": TEXT, "kind": TEXT, "cue": TEXT, "excerpt": TEXT}
        sql = ("SELECT s.record_id, s.kind, s.cue, s.excerpt FROM signals s JOIN records r ON r.id = s.record_id "
               "AND r.text_hash = s.text_hash WHERE s.kind IS NOT NULL")
        params: list[Any] = []
        if since is not None:
            sql += " AND r.created_at >= ?"
            params.append(_to_utc(since, "since"))
        return self._read(sql + " ORDER BY s.record_id", params, types)

    # -- customer follow-ups ---------------------------------------------------------------
    def add_followup(self, customer_key: str, state: str, note: str | None, run_id: str,
                     marked_at: datetime | None = None) -> None:
        when = _to_utc(marked_at, "marked_at") if marked_at is not None else utcnow()
        with self._tx():
            self._exec(
                "INSERT INTO customer_followups (customer_key, marked_at, state, note, run_id) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (customer_key, marked_at) DO UPDATE SET state = excluded.state, note = excluded.note",
                [str(customer_key), when, state, None if note is None else storable_text(note), run_id],
            )

    def list_followups(self, customer_key: str | None = None) -> pd.DataFrame:
        sql = f"SELECT {self._select_list(CUSTOMER_FOLLOWUPS)} FROM customer_followups"
        params: list[Any] = []
        if customer_key is not None:
            sql += " WHERE customer_key = ?"
            params.append(str(customer_key))
        return self._read(sql + " ORDER BY marked_at, customer_key", params, CUSTOMER_FOLLOWUPS.types)

    # -- topics ----------------------------------------------------------------------------
    def upsert_topic_assignments(self, df: pd.DataFrame, run_id: str) -> int:
        return self._upsert_frame(TOPIC_ASSIGNMENTS, df, run_id, required=("record_id", "topic_id"))

    def replace_topics(self, df: pd.DataFrame, run_id: str) -> None:
        data = self._frame_columns(TOPICS, df, run_id, required=("topic_id",))
        with self._tx():
            self._exec("DELETE FROM topics")
            if data["topic_id"]:
                stage = self._stage("stage_topics", TOPICS.columns, data)
                cols = ", ".join(TOPICS.names)
                self._exec(f"INSERT INTO topics ({cols}) SELECT {cols} FROM {stage}")

    def save_topics(self, assignments: pd.DataFrame, topics: pd.DataFrame, run_id: str) -> None:
        with self._tx():
            self.upsert_topic_assignments(assignments, run_id)
            self.replace_topics(topics, run_id)

    def fetch_topics(self) -> pd.DataFrame:
        return self._read(f"SELECT {self._select_list(TOPICS)} FROM topics ORDER BY topic_id", [], TOPICS.types)

    def fetch_topic_assignments(self, ids: Sequence[str] | None = None) -> pd.DataFrame:
        return self._read_filtered(
            "SELECT ta.record_id, ta.topic_id, ta.model_version FROM topic_assignments ta", "ta.record_id", ids,
            None, None, "ta.record_id", {"record_id": TEXT, "topic_id": INT, "model_version": TEXT})

    def ids_without_topic(self) -> list[str]:
        rows = self._fetchall(
            "SELECT r.id FROM records r LEFT JOIN topic_assignments ta ON ta.record_id = r.id "
            "WHERE ta.record_id IS NULL ORDER BY r.id"
        )
        return [r[0] for r in rows]

    # -- analysis frame --------------------------------------------------------------------
    def analysis_frame(self, since: datetime | None = None, with_text: bool = False,
                       open_cases: bool = False) -> pd.DataFrame:
        """One row per record (ordered by created_at, id). Enrichment and topic columns are
        missing values until those steps ran; an enrichment of an older text is still joined.
        With `since` and `open_cases`, PQRS cases still open (no closed_at) come too, whatever
        their age: their answer terms are still running."""
        names = list(ANALYSIS_COLUMNS) + (["text"] if with_text else [])
        exprs, types = [], {}
        for name in names:
            expr, ltype = _ANALYSIS_SELECT[name]
            exprs.append(f"{expr} AS {name}")
            types[name] = ltype
        sql = (
            f"SELECT {', '.join(exprs)} FROM records r "
            "LEFT JOIN enrichments e ON e.record_id = r.id "
            "LEFT JOIN topic_assignments ta ON ta.record_id = r.id "
            "LEFT JOIN topics t ON t.topic_id = ta.topic_id"
        )
        params: list[Any] = []
        if since is not None:
            sql += " WHERE r.created_at >= ?"
            if open_cases:  # a PQRS case as analytics.sla_status sees one, still open
                sql += " OR ((r.opened_at IS NOT NULL OR r.channel = 'pqrs') AND r.closed_at IS NULL)"
            params.append(_to_utc(since, "since"))
        sql += " ORDER BY r.created_at, r.id"
        return self._read(sql, params, types)

    # -- outputs ---------------------------------------------------------------------------
    def record_output(self, kind: str, key: str, run_id: str, payload: dict[str, Any]) -> bool:
        with self._tx():
            rows = self._fetchall(
                "INSERT INTO outputs (kind, key, run_id, payload, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (kind, key) DO NOTHING RETURNING key",
                [kind, key, run_id, _json_text(payload), utcnow()],
            )
        return bool(rows)

    def list_outputs(self, kind: str, run_id: str | None = None) -> pd.DataFrame:
        sql = f"SELECT {self._select_list(OUTPUTS)} FROM outputs WHERE kind = ?"
        params: list[Any] = [kind]
        if run_id is not None:
            sql += " AND run_id = ?"
            params.append(run_id)
        return self._read(sql + " ORDER BY created_at, key", params, OUTPUTS.types)

    # -- quarantine ------------------------------------------------------------------------
    def quarantine(self, items: Sequence[QuarantineItem], run_id: str) -> int:
        """Store bad rows; returns how many were new (a row already quarantined is kept as is)."""
        rows = self._quarantine_columns(list(items), run_id, utcnow())
        if not rows["id"]:
            return 0
        with self._tx():
            return self._insert_quarantine(rows)

    def _quarantine_columns(self, items: list[QuarantineItem], run_id: str, now: datetime) -> dict[str, list[Any]]:
        latest: dict[str, QuarantineItem] = {}
        for it in items:
            latest[quarantine_id(it.source, it.stage, it.payload, it.key)] = it
        its = list(latest.values())
        return {
            "id": list(latest),
            "source": [storable_text(it.source) for it in its],
            "stage": [storable_text(it.stage) for it in its],
            "source_id": [None if it.source_id is None else storable_text(str(it.source_id)) for it in its],
            "reason": [storable_text(it.reason) for it in its],
            "payload": [storable_text(it.payload) for it in its],
            "run_id": [run_id] * len(its),
            "created_at": [now] * len(its),
            "resolved_at": [None] * len(its),
            "resolved_run_id": [None] * len(its),
        }

    def _insert_quarantine(self, rows: dict[str, list[Any]]) -> int:
        stage = self._stage("stage_quarantine", QUARANTINE.columns, rows)
        cols = ", ".join(QUARANTINE.names)
        inserted = self._fetchall(
            f"INSERT INTO quarantine ({cols}) SELECT {cols} FROM {stage} WHERE true "
            f"ON CONFLICT (id) DO NOTHING RETURNING id"
        )
        return len(inserted)

    def list_quarantine(self, include_resolved: bool = False) -> pd.DataFrame:
        sql = f"SELECT {self._select_list(QUARANTINE)} FROM quarantine"
        if not include_resolved:
            sql += " WHERE resolved_at IS NULL"
        return self._read(sql + " ORDER BY created_at, id", [], QUARANTINE.types)

    def resolve_quarantine(self, ids: Sequence[str], run_id: str) -> int:
        if not ids:
            return 0
        with self._tx():
            stage = self._stage_ids([str(i) for i in ids])
            rows = self._fetchall(
                f"UPDATE quarantine SET resolved_at = ?, resolved_run_id = ? "
                f"WHERE resolved_at IS NULL AND id IN (SELECT id FROM {stage}) RETURNING id",
                [utcnow(), run_id],
            )
        return len(rows)

    def settle_quarantine(
        self,
        connector: str,
        records: Sequence[Record],
        new_items: Sequence[QuarantineItem],
        passed: Mapping[str, Sequence[str]],
        still_failing: Mapping[str, str],
        run_id: str,
    ) -> tuple[UpsertResult, list[str]]:
        now = utcnow()
        with self._tx():
            result = self.save_batch(connector, records, new_items, None, run_id)
            wanted = sorted({rid for rids in passed.values() for rid in rids})
            stored: set[str] = set()
            if wanted:
                stage = self._stage_ids(wanted)
                stored = {r[0] for r in self._fetchall(f"SELECT r.id FROM records r JOIN {stage} w ON w.id = r.id")}
            # an item is resolved only when every record it produced is stored (save_batch
            # quarantines a record whose text no database can hold instead of storing it)
            done = [qid for qid, rids in passed.items() if all(r in stored for r in rids)]
            resolved: list[str] = []
            if done:
                stage = self._stage("stage_resolve", (("id", TEXT),), {"id": done})
                resolved = [r[0] for r in self._fetchall(
                    f"UPDATE quarantine SET resolved_at = ?, resolved_run_id = ? "
                    f"WHERE resolved_at IS NULL AND id IN (SELECT id FROM {stage}) RETURNING id",
                    [now, run_id],
                )]
            if still_failing:
                ids = list(still_failing)
                stage = self._stage("stage_reasons", (("id", TEXT), ("reason", TEXT)),
                                    {"id": ids, "reason": [storable_text(still_failing[i]) for i in ids]})
                self._exec(
                    f"UPDATE quarantine SET reason = (SELECT s.reason FROM {stage} s WHERE s.id = quarantine.id) "
                    f"WHERE resolved_at IS NULL AND id IN (SELECT id FROM {stage})"
                )
        return result, resolved

    # -- labels ----------------------------------------------------------------------------
    def add_label(self, record_id: str, task: str, label: str, author: str, note: str | None = None,
                  at: datetime | None = None) -> dict[str, Any]:
        if task not in _MACHINE_VALUE:
            raise ValueError(f"unknown label task {task!r}; known: {', '.join(_MACHINE_VALUE)}")
        created = _to_utc(at, "at") if at is not None else utcnow()
        value, version = _MACHINE_VALUE[task]
        with self._tx():
            found = self._fetchall(
                f"SELECT {value}, {version} FROM records r LEFT JOIN enrichments e ON e.record_id = r.id "
                "LEFT JOIN topic_assignments ta ON ta.record_id = r.id WHERE r.id = ?", [record_id])
            if not found:
                raise KeyError(f"no record {record_id!r} in the store")
            previous, model_version = found[0]
            key = "\x1f".join((record_id, task, label, author, created.isoformat()))
            row = {"id": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32], "record_id": record_id,
                   "task": task, "label": storable_text(label), "previous": previous,
                   "model_version": model_version, "author": storable_text(author),
                   "note": None if note is None else storable_text(note), "created_at": created}
            self._exec(f"INSERT INTO labels ({', '.join(LABELS.names)}) VALUES ({', '.join('?' * len(LABELS.names))}) "
                       "ON CONFLICT (id) DO NOTHING", [row[c] for c in LABELS.names])
        return row

    def fetch_labels(self, task: str | None = None) -> pd.DataFrame:
        sql = f"SELECT {self._select_list(LABELS)} FROM labels"
        params: list[Any] = []
        if task is not None:
            sql += " WHERE task = ?"
            params.append(task)
        return self._read(sql + " ORDER BY created_at, id", params, LABELS.types)

    def iter_enrichments(self, model_versions: Sequence[str], batch_size: int) -> Iterator[pd.DataFrame]:
        """Batches of whole enrichment rows (ENRICHMENT_COLUMNS + channel) of the records whose
        enrichment has one of `model_versions` and is of the record's current text, by record id.
        Ids are found once, as in `iter_pending_enrichment`; each batch is read after the caller
        handled the previous one (a caller that moves them to another version finds the rest)."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        versions = sorted(set(model_versions))
        if not versions:
            return
        ids = [row[0] for row in self._fetchall(
            "SELECT e.record_id FROM enrichments e JOIN records r ON r.id = e.record_id "
            f"WHERE e.text_hash = r.text_hash AND e.model_version IN ({', '.join('?' * len(versions))}) "
            "ORDER BY e.record_id", versions)]
        select = ", ".join(self._select_expr("e", c, t) for c, t in ENRICHMENTS.columns if c != "run_id")
        types = {c: t for c, t in ENRICHMENTS.columns if c != "run_id"} | {"channel": TEXT}
        for start in range(0, len(ids), int(batch_size)):
            yield self._read_filtered(
                f"SELECT {select}, r.channel FROM enrichments e JOIN records r ON r.id = e.record_id",
                "e.record_id", ids[start:start + int(batch_size)], None, None, "e.record_id", types)

    # -- stored texts (re-redaction) -------------------------------------------------------
    _TEXT_TABLES = {"records": "id", "enrichments": "record_id", "topics": "topic_id"}

    def _text_column(self, table: str, column: str) -> tuple[Table, str, str]:
        key = self._TEXT_TABLES.get(table)
        tab = next((t for t in TABLES if t.name == table), None)
        if key is None or tab is None or tab.types.get(column) not in (TEXT, JSON) or column == key:
            raise ValueError(f"no text column {table}.{column} to rewrite")
        return tab, key, tab.types[column]

    def text_values(self, table: str, column: str, after: str | None, limit: int) -> list[tuple[str, str]]:
        _, key, _ = self._text_column(table, column)
        kexpr = f"CAST({key} AS TEXT)"
        where = f"{column} IS NOT NULL" + (f" AND {kexpr} > ?" if after is not None else "")
        rows = self._fetchall(
            f"SELECT {kexpr}, CAST({column} AS TEXT) FROM {table} "
            f"WHERE {where} ORDER BY {kexpr} LIMIT {int(limit)}",
            [after] if after is not None else [])
        return [(str(k), str(v)) for k, v in rows]

    def set_text_values(self, table: str, column: str, values: Sequence[tuple[str, str]]) -> int:
        tab, key, ltype = self._text_column(table, column)
        if table == "records":
            raise ValueError("records: rewrite them with save_batch, so that their hashes follow the text")
        if not values:
            return 0
        cast = "CAST(? AS JSON)" if ltype == JSON else "?"
        with self._tx():
            for k, v in values:
                self._exec(f"UPDATE {table} SET {column} = {cast} WHERE CAST({key} AS TEXT) = ?", [v, k])
        return len(values)

    # -- shared helpers --------------------------------------------------------------------
    @staticmethod
    def _select_expr(alias: str, name: str, ltype: str) -> str:
        prefix = f"{alias}." if alias else ""
        return f"CAST({prefix}{name} AS TEXT) AS {name}" if ltype == JSON else f"{prefix}{name}"

    def _select_list(self, table: Table) -> str:
        return ", ".join(self._select_expr("", c, t) for c, t in table.columns)

    def _read_filtered(
        self, select: str, id_expr: str, ids: Sequence[str] | None, since: datetime | None,
        since_expr: str | None, order_expr: str, types: Mapping[str, str],
    ) -> pd.DataFrame:
        """`select` restricted to `ids` (kept in their order, through a staged id list) and/or `since`."""
        params: list[Any] = []
        where = []
        if since is not None and since_expr is not None:
            where.append(f"{since_expr} >= ?")
            params.append(_to_utc(since, "since"))
        if ids is None:
            sql = select + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {order_expr}"
            return self._read(sql, params, types)
        with self._tx():
            stage = self._stage_ids([str(i) for i in ids])
            sql = (select + f" JOIN {stage} w ON w.id = {id_expr}"
                   + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY w.pos")
            return self._read(sql, params, types)

    def _stage_ids(self, ids: list[str]) -> str:
        """A list of ids with their position, to join on (any length, order kept)."""
        return self._stage("stage_ids", (("id", TEXT), ("pos", INT)), {"id": ids, "pos": list(range(len(ids)))})

    def _frame_columns(
        self, table: Table, df: pd.DataFrame, run_id: str, required: Sequence[str]
    ) -> dict[str, list[Any]]:
        """DataFrame -> column lists for `table`: missing optional columns become NULL, unknown
        ones are an error (a typo would otherwise drop data silently)."""
        allowed = set(table.names) - {"run_id"}
        unknown = [c for c in df.columns if c not in allowed]
        if unknown:
            raise ValueError(f"{table.name}: unknown column(s) {unknown}; expected {sorted(allowed)}")
        missing = [c for c in required if c not in df.columns]
        if missing:
            raise ValueError(f"{table.name}: required column(s) {missing} are missing")
        key = list(table.primary_key)
        if df[key].isna().any().any():
            raise ValueError(f"{table.name}: {key} must not be empty")
        df = df.drop_duplicates(subset=key, keep="last")
        n = len(df)
        data: dict[str, list[Any]] = {}
        for name, ltype in table.columns:
            if name == "run_id":
                data[name] = [run_id] * n
            elif name in df.columns:
                data[name] = python_values(df[name].tolist(), ltype, f"{table.name}.{name}")
            else:
                data[name] = [None] * n
        return data

    def _upsert_frame(self, table: Table, df: pd.DataFrame, run_id: str, required: Sequence[str]) -> int:
        data = self._frame_columns(table, df, run_id, required)
        n = len(data[table.names[0]])
        if n:
            with self._tx():
                self._upsert(table, data)
        return n

    def _upsert(self, table: Table, data: dict[str, list[Any]]) -> None:
        """INSERT ... ON CONFLICT DO UPDATE of every non-key column; call inside _tx()."""
        stage = self._stage(f"stage_{table.name}", table.columns, data)
        cols = ", ".join(table.names)
        sets = ", ".join(f"{c} = excluded.{c}" for c in table.names if c not in table.primary_key)
        self._exec(
            f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {stage} WHERE true "
            f"ON CONFLICT ({', '.join(table.primary_key)}) DO UPDATE SET {sets}"
        )

    @contextmanager
    def _tx(self) -> Iterator[None]:
        """One transaction (re-entrant: an inner _tx joins the outer one)."""
        with self._mutex:
            if self._in_tx:
                yield
                return
            self._begin()
            self._in_tx = True
            try:
                yield
            except BaseException:
                self._in_tx = False
                try:
                    self._rollback()
                finally:
                    self._drop_stages()
                raise
            self._in_tx = False
            try:
                self._commit()
            finally:
                self._drop_stages()

    def _stage(self, name: str, columns: Sequence[tuple[str, str]], data: dict[str, list[Any]]) -> str:
        """Make `data` queryable as `name` until the current transaction ends; returns the name."""
        self._load_stage(name, columns, data)
        if name not in self._stages:
            self._stages.append(name)
        return name

    def _drop_stages(self) -> None:
        stages, self._stages = self._stages, []
        for name in stages:
            self._unload_stage(name)

    def _read(self, sql: str, params: Sequence[Any], types: Mapping[str, str]) -> pd.DataFrame:
        with self._mutex:
            df = self._query_df(sql, params)
        return normalise_frame(df, types)

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._mutex:
            self._execute(sql, params)

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._mutex:
            return self._query(sql, params)

    # -- backend hooks ---------------------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any]) -> None:
        """Run one statement (`?` placeholders)."""

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Run one statement and return its rows."""

    @abstractmethod
    def _query_df(self, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        """Run a SELECT and return a DataFrame (dtypes are fixed afterwards by normalise_frame)."""

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def _load_stage(self, name: str, columns: Sequence[tuple[str, str]], data: dict[str, list[Any]]) -> None:
        """Make column lists queryable under `name` inside the current transaction."""

    @abstractmethod
    def _unload_stage(self, name: str) -> None: ...
