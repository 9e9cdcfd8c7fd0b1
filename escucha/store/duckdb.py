"""DuckDB backend: the default, one file on the analyst's machine or the Prefect worker.

DuckDB lets one process at a time open a database file for writing, which is what keeps two
nightly runs apart: a second process gets `StoreLocked` (optionally after waiting `wait_s`).
Batches reach the database as registered Arrow tables, so a 50k-record upsert is one
INSERT ... SELECT ... ON CONFLICT. A killed process leaves a write-ahead log that DuckDB
replays on the next open, so every committed batch survives.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Sequence

import duckdb
import pandas as pd
import pyarrow as pa

from escucha.store._base import StoreLocked
from escucha.store.sql import BLOB, FLOAT, INT, JSON, TEXT, TS, SqlStore

_ARROW_TYPES = {
    TEXT: pa.string(),
    TS: pa.timestamp("us", tz="UTC"),
    INT: pa.int64(),
    FLOAT: pa.float64(),
    JSON: pa.string(),
    BLOB: pa.binary(),
}


class DuckDBStore(SqlStore):
    """Store in one DuckDB file (or ":memory:"), through one connection.

    `wait_s`: when another process has the file open, retry this many seconds before raising
    `StoreLocked`.
    """

    SQL_TYPES = {TEXT: "VARCHAR", TS: "TIMESTAMPTZ", INT: "BIGINT", FLOAT: "DOUBLE", JSON: "JSON", BLOB: "BLOB"}

    def __init__(self, path: str | Path, wait_s: float = 0.0):
        super().__init__()
        memory = str(path) == ":memory:"
        self.path = Path(path) if memory else Path(path).expanduser().resolve()
        self.url = "duckdb:///:memory:" if memory else f"duckdb://{self.path}"
        if not memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = self._connect(":memory:" if memory else str(self.path), wait_s)
        # after connect: passing TimeZone in connect()'s config fails (ICU not loaded yet)
        self._con.execute("SET TimeZone = 'UTC'")
        self._arrow: dict[str, pa.Table] = {}

    def _connect(self, target: str, wait_s: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + max(0.0, wait_s)
        while True:
            try:
                return duckdb.connect(target)
            except duckdb.IOException as exc:
                # "Could not set lock on file ...: Conflicting lock is held in ... (PID n)"
                if "lock" not in str(exc).lower():
                    raise
                left = deadline - time.monotonic()
                if left <= 0:
                    waited = f" (waited {wait_s:g} s)" if wait_s > 0 else ""
                    raise StoreLocked(
                        f"another Escucha run is using {target}{waited}; wait for it to finish. "
                        f"DuckDB said: {exc}"
                    ) from exc
                time.sleep(min(0.2, left))

    def close(self) -> None:
        with self._mutex:
            if self._con is not None:
                self._con.close()
                self._con = None  # type: ignore[assignment]

    # -- hooks -----------------------------------------------------------------------------
    def _conn(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise RuntimeError(f"store {self.url} is closed")
        return self._con

    def _execute(self, sql: str, params: Sequence[Any]) -> None:
        if params:
            self._conn().execute(sql, list(params))
        else:
            self._conn().execute(sql)

    def _query(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        con = self._conn()
        return (con.execute(sql, list(params)) if params else con.execute(sql)).fetchall()

    def _query_df(self, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        # con.sql(...).to_arrow_table(): DuckDB 2.0's result.df() trips a pandas 3 deprecation
        # and the DB-API arrow fetch warns about an extra copy
        rel = self._conn().sql(sql, params=list(params) if params else None)
        return rel.to_arrow_table().to_pandas()

    def _begin(self) -> None:
        self._conn().execute("BEGIN TRANSACTION")

    def _commit(self) -> None:
        self._conn().execute("COMMIT")

    def _rollback(self) -> None:
        if self._con is not None:
            self._con.execute("ROLLBACK")

    def _load_stage(self, name: str, columns: Sequence[tuple[str, str]], data: dict[str, list[Any]]) -> None:
        schema = pa.schema([(c, _ARROW_TYPES[t]) for c, t in columns])
        table = pa.table({c: pa.array(data[c], type=_ARROW_TYPES[t]) for c, t in columns}, schema=schema)
        self._arrow[name] = table  # keep the buffers alive while DuckDB scans them
        self._conn().register(name, table)

    def _unload_stage(self, name: str) -> None:
        self._arrow.pop(name, None)
        if self._con is not None:
            self._con.unregister(name)
