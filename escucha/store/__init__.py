"""Where Escucha keeps everything: `open_store(url, data_dir)` picks the backend from a URL.

- None, "duckdb:///abs/path.duckdb", "duckdb://rel/path.duckdb" or a bare file path -> DuckDBStore
  (None: `data_dir/escucha.duckdb`; "duckdb:///:memory:" or ":memory:" for a throwaway store).
- "postgresql://..." or "postgres://..." -> PostgresStore (psycopg 3).

Backends are imported lazily so a DuckDB user never needs a PostgreSQL driver and vice versa.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from escucha.store._base import (
    ANALYSIS_COLUMNS,
    ENRICHMENT_COLUMNS,
    TOPIC_COLUMNS,
    SchemaMismatch,
    Store,
    StoreLocked,
    UpsertResult,
)

if TYPE_CHECKING:
    from escucha.store.duckdb import DuckDBStore
    from escucha.store.postgres import PostgresStore

__all__ = [
    "ANALYSIS_COLUMNS", "ENRICHMENT_COLUMNS", "TOPIC_COLUMNS", "DEFAULT_DUCKDB_FILE", "DuckDBStore",
    "PostgresStore", "SchemaMismatch", "Store", "StoreLocked", "UpsertResult", "open_store", "redact_url",
]

DEFAULT_DUCKDB_FILE = "escucha.duckdb"


def redact_url(url: str) -> str:
    """The URL with its password replaced by ***, for messages and logs."""
    try:
        parts = urlsplit(url)
        if parts.password:
            host = parts.hostname or ""
            if parts.port:
                host += f":{parts.port}"
            netloc = f"{parts.username or ''}:***@{host}"
            return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        pass
    return url


def open_store(url: str | None, data_dir: Path, *, wait_s: float = 0.0) -> Store:
    """Open the store named by `url` and create its tables if missing.

    `wait_s` (DuckDB only): how long to wait for another process that has the file open
    before raising StoreLocked. A relative DuckDB path is relative to the working directory.
    """
    if url is None or not str(url).strip():
        from escucha.store.duckdb import DuckDBStore

        store: Store = DuckDBStore(Path(data_dir) / DEFAULT_DUCKDB_FILE, wait_s=wait_s)
    else:
        url = str(url).strip()
        scheme = url.split("://", 1)[0].lower() if "://" in url else ""
        if scheme in ("postgresql", "postgres"):
            from escucha.store.postgres import PostgresStore

            store = PostgresStore(url)
        elif scheme == "duckdb" or not scheme:
            from escucha.store.duckdb import DuckDBStore

            path = url.split("://", 1)[1] if scheme else url
            if path in ("", "/"):
                raise ValueError(f"store URL {url!r} names no DuckDB file (write duckdb:///path/escucha.duckdb)")
            if path == "/:memory:":
                path = ":memory:"
            store = DuckDBStore(path, wait_s=wait_s)
        else:
            raise ValueError(
                f"unsupported store URL {redact_url(url)!r}: use duckdb:///path/escucha.duckdb, a file path, "
                "or postgresql://user@host:5432/database"
            )
    try:
        store.init_schema()
    except BaseException:
        store.close()
        raise
    return store


def __getattr__(name: str) -> Any:
    if name == "DuckDBStore":
        from escucha.store.duckdb import DuckDBStore

        return DuckDBStore
    if name == "PostgresStore":
        from escucha.store.postgres import PostgresStore

        return PostgresStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
