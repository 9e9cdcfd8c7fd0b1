"""Shared fixtures. `store` runs a test against every backend: DuckDB (a file in tmp_path) and
PostgreSQL (a fresh schema per test on ESCUCHA_TEST_POSTGRES_URL, dropped afterwards).

Without a reachable PostgreSQL server the postgres variants skip, or fail when CI or
ESCUCHA_REQUIRE_POSTGRES=1 is set (a CI job must not go green by skipping half the suite).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

from escucha.store import Store, open_store, redact_url

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """Base URL of the test server (reachable, or the test skips/fails with the reason)."""
    import psycopg

    url = os.environ.get("ESCUCHA_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure means "no server to test against"
        msg = f"PostgreSQL not reachable at {redact_url(url)}: {exc}".strip()
        if _flag("CI") or _flag("ESCUCHA_REQUIRE_POSTGRES"):
            pytest.fail(msg + " (required because CI or ESCUCHA_REQUIRE_POSTGRES is set)")
        pytest.skip(msg)
    return url


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """URL whose search_path is a new, empty schema; the schema is dropped after the test."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    parts = urlsplit(postgres_url)
    option = "options=" + quote(f"-csearch_path={schema}", safe="")
    query = f"{parts.query}&{option}" if parts.query else option
    try:
        yield urlunsplit(parts._replace(query=query))
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty store of each backend."""
    if request.param == "duckdb":
        return str(tmp_path / "escucha.duckdb")
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def store(store_url: str, tmp_path: Path) -> Iterator[Store]:
    """An open, initialised, empty store of each backend."""
    s = open_store(store_url, tmp_path)
    try:
        yield s
    finally:
        s.close()
