"""PostgreSQL backend (psycopg 3): for teams sharing one store.

The schema is whatever the connection's search_path names first (set it in the URL with
`?options=-csearch_path%3Descucha`). Batches are COPYed into a temp table that lives until the
transaction ends, then merged with INSERT ... ON CONFLICT. The run lock is a row in `locks`
(shared SQL), which works across machines, unlike DuckDB's file lock.
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd
import psycopg

from escucha.store.sql import BLOB, FLOAT, INT, JSON, TEXT, TS, SqlStore

# types the client uses to write COPY rows; JSON goes as text and the server parses it
_COPY_TYPES = {TEXT: "text", TS: "timestamptz", INT: "int8", FLOAT: "float8", JSON: "text", BLOB: "bytea"}
_ANALYZE_FROM_ROWS = 1000


def _pg(sql: str) -> str:
    """Shared SQL uses `?`; psycopg wants `%s` (and a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresStore(SqlStore):
    """Store in a PostgreSQL database, through one psycopg connection."""

    SQL_TYPES = {
        TEXT: "TEXT", TS: "TIMESTAMPTZ", INT: "BIGINT", FLOAT: "DOUBLE PRECISION", JSON: "JSON", BLOB: "BYTEA",
    }

    def __init__(self, url: str, connect_timeout_s: int = 10):
        super().__init__()
        self.url = url
        self._con: psycopg.Connection | None = psycopg.connect(
            url, autocommit=True, connect_timeout=connect_timeout_s
        )
        self._con.execute("SET TIME ZONE 'UTC'")

    def init_schema(self) -> None:
        with self._tx():
            # two workers starting at once must not race on CREATE TABLE IF NOT EXISTS
            self._exec("SELECT pg_advisory_xact_lock(hashtext('escucha.init_schema'))")
            super().init_schema()

    def _extra_ddl(self) -> list[str]:
        return ["CREATE INDEX IF NOT EXISTS records_created_at_idx ON records (created_at)"]

    def close(self) -> None:
        with self._mutex:
            if self._con is not None:
                self._con.close()
                self._con = None

    # -- hooks -----------------------------------------------------------------------------
    def _conn(self) -> psycopg.Connection:
        if self._con is None:
            raise RuntimeError("store is closed")
        return self._con

    def _run(self, sql: str, params: Sequence[Any]) -> psycopg.Cursor:
        if params:
            return self._conn().execute(_pg(sql), list(params))
        return self._conn().execute(sql)  # no parameters: psycopg sends the text as it is

    def _execute(self, sql: str, params: Sequence[Any]) -> None:
        self._run(sql, params)

    def _query(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        cur = self._run(sql, params)
        return cur.fetchall() if cur.description else []

    def _query_df(self, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        cur = self._run(sql, params)
        cols = [d.name for d in cur.description or []]
        return pd.DataFrame.from_records(cur.fetchall(), columns=cols)

    def _begin(self) -> None:
        self._conn().execute("BEGIN")

    def _commit(self) -> None:
        self._conn().execute("COMMIT")

    def _rollback(self) -> None:
        if self._con is not None and not self._con.closed:
            self._con.execute("ROLLBACK")

    def _load_stage(self, name: str, columns: Sequence[tuple[str, str]], data: dict[str, list[Any]]) -> None:
        con = self._conn()
        defs = ", ".join(f"{c} {self.SQL_TYPES[t]}" for c, t in columns)
        names = [c for c, _ in columns]
        con.execute(f"DROP TABLE IF EXISTS pg_temp.{name}")
        con.execute(f"CREATE TEMP TABLE {name} ({defs}) ON COMMIT DROP")
        with con.cursor() as cur:
            with cur.copy(f"COPY {name} ({', '.join(names)}) FROM STDIN") as copy:
                copy.set_types([_COPY_TYPES[t] for _, t in columns])
                for row in zip(*(data[c] for c in names)):
                    copy.write_row(row)
        if len(data[names[0]]) >= _ANALYZE_FROM_ROWS:
            con.execute(f"ANALYZE {name}")  # temp tables have no statistics otherwise

    def _unload_stage(self, name: str) -> None:
        """Nothing to do: ON COMMIT DROP removes the temp table with the transaction."""
