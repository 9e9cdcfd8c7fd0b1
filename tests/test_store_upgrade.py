"""Schema versions and upgrades: a store written by the first release (tests/data/store_v1, made
by make_fixture.py with that release's code) is upgraded in place on DuckDB and PostgreSQL
without losing a row; `run` refuses a store older or newer than the code, saying what to do.

`extra_migration` adds a step after the newest real one (a column and a table), so the upgrade
path is exercised whatever the current version is.
"""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from escucha.records import build_record
from escucha.store import SchemaMismatch, open_store
from escucha.store import migrations
from escucha.store.sql import INT, TEXT, Table

FIXTURE = Path(__file__).parent / "data" / "store_v1"
COUNTS = json.loads((FIXTURE / "counts.json").read_text())
NOTES = Table("upgrade_notes", (("id", TEXT), ("n", INT)), ("id",))


@pytest.fixture
def v1_store_url(request, tmp_path) -> str:
    """A store exactly as the first release left it, on each backend."""
    if request.param == "duckdb":
        path = tmp_path / "escucha.duckdb"
        with gzip.open(FIXTURE / "escucha.duckdb.gz", "rb") as src, path.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        return str(path)
    import psycopg

    url = request.getfixturevalue("postgres_schema_url")
    script = (FIXTURE / "postgres.sql").read_text(encoding="utf-8").replace("{schema}.", "")
    with psycopg.connect(url, autocommit=True) as con:
        for stmt in script.split(";\n\n"):
            if stmt.strip():
                con.execute(stmt)
    return url


backends = pytest.mark.parametrize("v1_store_url", ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)],
                                   indirect=True)


@pytest.fixture
def extra_migration(monkeypatch):
    """One more migration after the newest: a column on records (filled for old rows) and a table."""
    steps = list(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    version = steps[-1].version + 1

    def add_region_code_and_notes(db) -> None:
        db.add_column("records", "region_code", TEXT)
        db.execute("UPDATE records SET region_code = country WHERE region_code IS NULL")
        db.create_table(NOTES)

    migrations.migration(version, "records.region_code and upgrade_notes")(add_region_code_and_notes)
    return version


def _counts(store) -> dict[str, int]:
    return {t: int(store._fetchall(f"SELECT count(*) FROM {t}")[0][0]) for t in COUNTS}  # noqa: SLF001


@backends
def test_a_first_release_store_opens_at_version_1_with_every_row(v1_store_url, tmp_path):
    with open_store(v1_store_url, tmp_path) as store:
        assert store.schema_version() == migrations.BASELINE
        assert _counts(store) == COUNTS
        if migrations.latest_version() == migrations.BASELINE:
            store.check_schema()


@backends
def test_upgrade_keeps_every_row_and_the_store_works_after(v1_store_url, tmp_path, extra_migration):
    with open_store(v1_store_url, tmp_path) as store:
        with pytest.raises(SchemaMismatch, match="escucha store upgrade"):
            store.check_schema()
        applied = store.upgrade_schema()
        assert applied == list(range(migrations.BASELINE + 1, extra_migration + 1))
        assert store.schema_version() == extra_migration
        store.check_schema()
        assert _counts(store) == COUNTS
        frame = store.analysis_frame(with_text=True)
        assert len(frame) == COUNTS["records"] and set(frame["sentiment"]) == {"NEG", "POS"}
        assert sorted(store._fetchall("SELECT DISTINCT region_code FROM records")) == [("CO",)]  # noqa: SLF001
        # the upgraded store takes the next night's records like a new one
        rec = build_record("v2-export", "1", channel="pqrs", created_at=datetime(2026, 12, 1, tzinfo=timezone.utc),
                           text="Sigue llegando el cobro doble")
        assert store.save_batch("v2-export", [rec], [], {"rows": 1}, "r2").new == 1
        store.add_label(rec.id, "sentiment", "NEG", "Ana")  # the labels table came with the upgrade
        assert store.fetch_labels()["label"].tolist() == ["NEG"]
        assert store.upgrade_schema() == []  # idempotent
    with open_store(v1_store_url, tmp_path) as again:
        assert again.schema_version() == extra_migration and again.count_records() == COUNTS["records"] + 1


def test_a_new_store_is_created_at_the_newest_version(tmp_path, extra_migration):
    with open_store(str(tmp_path / "new.duckdb"), tmp_path) as store:
        assert store.schema_version() == extra_migration
        store.check_schema()
        assert store.upgrade_schema() == []


def test_a_failing_migration_leaves_the_store_at_the_last_good_version(tmp_path, monkeypatch):
    path = tmp_path / "escucha.duckdb"
    with gzip.open(FIXTURE / "escucha.duckdb.gz", "rb") as src, path.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    monkeypatch.setattr(migrations, "MIGRATIONS", list(migrations.MIGRATIONS))
    version = migrations.latest_version() + 1

    def broken(db) -> None:
        db.add_column("records", "half_done", TEXT)
        db.execute("SELECT * FROM no_such_table")

    migrations.migration(version, "broken")(broken)
    with open_store(str(path), tmp_path) as store:
        with pytest.raises(Exception, match="no_such_table"):
            store.upgrade_schema()
        assert store.schema_version() == version - 1
        assert not store._has_column("records", "half_done")  # noqa: SLF001 - rolled back with its version row


def test_a_store_newer_than_the_code_is_refused(tmp_path):
    with open_store(str(tmp_path / "escucha.duckdb"), tmp_path) as store:
        store._stamp(migrations.latest_version() + 5, "from the future")  # noqa: SLF001
        with pytest.raises(SchemaMismatch, match="newer Escucha"):
            store.check_schema()
        with pytest.raises(SchemaMismatch, match="newer Escucha"):
            store.upgrade_schema()


def test_migrations_are_numbered_one_by_one():
    assert [m.version for m in migrations.MIGRATIONS] == list(range(1, migrations.latest_version() + 1))
    with pytest.raises(ValueError, match="must follow"):
        migrations.migration(migrations.latest_version() + 2, "a gap")(lambda db: None)


def test_cli_run_refuses_an_old_store_and_store_upgrade_brings_it_up(tmp_path, monkeypatch, extra_migration):
    from escucha.cli import app

    data = tmp_path / "data"
    data.mkdir()
    with gzip.open(FIXTURE / "escucha.duckdb.gz", "rb") as src, (data / "escucha.duckdb").open("wb") as dst:
        shutil.copyfileobj(src, dst)
    monkeypatch.setenv("ESCUCHA__DATA_DIR", str(data))
    monkeypatch.setenv("ESCUCHA__CONNECTORS", "[]")
    runner = CliRunner()
    refused = runner.invoke(app, ["run"])
    assert refused.exit_code == 2
    assert f"schema version 1; this Escucha needs version {extra_migration}" in refused.output
    assert "escucha store upgrade" in refused.output
    version = runner.invoke(app, ["store", "version"])
    assert version.exit_code == 0 and "older" in version.output
    upgraded = runner.invoke(app, ["store", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"from schema version 1 to {extra_migration}" in upgraded.output
    assert "nothing to do" in runner.invoke(app, ["store", "upgrade"]).output
    with open_store(str(data / "escucha.duckdb"), data) as store:
        assert _counts(store) == COUNTS
