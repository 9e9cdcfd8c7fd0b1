"""The store's schema versions, in order: adding one is one function here.

Every store records the versions applied to it (table `schema_versions`). A new store is created
with every table as the code defines it today (escucha/store/sql.py) and stamped with the newest
version; an older one is brought up by `escucha store upgrade`, which runs the functions below
that it has not had yet, each in one transaction with its version row. `escucha run` and
`escucha serve` refuse a store that is older or newer than the code, saying what to do.

A migration receives a `SchemaEditor` whose steps are idempotent (create a table if missing, add
a column if missing), because a store created fresh already has what every migration adds. To
change the schema:

1. change the table in sql.py (a new `Table`, a new column), so that new stores get it;
2. add a function here with the next version number that brings an older store to the same
   shape (`db.create_table(NEW_TABLE)`, `db.add_column("records", "x", TEXT)`, a data fix with
   `db.execute(...)`), and a line in the upgrade test's expectations if it moves data.

Why a small runner and not Alembic: the schema is defined once for two backends in sql.py (its
logical types map to DuckDB and PostgreSQL types), and Alembic has no DuckDB dialect of its own;
a dozen lines over the same `Table` definitions keep one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from escucha.store.sql import CUSTOMER_FOLLOWUPS, LABELS, SIGNALS, TEXT, SchemaEditor

BASELINE = 1  # the schema of the first release, before versions were recorded


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[SchemaEditor], None]


MIGRATIONS: list[Migration] = []


def migration(version: int, description: str):
    """Register the decorated function as the step to `version` (versions strictly increase)."""

    def register(fn: Callable[[SchemaEditor], None]) -> Callable[[SchemaEditor], None]:
        if MIGRATIONS and version != MIGRATIONS[-1].version + 1:
            raise ValueError(f"migration {version} ({description}) must follow {MIGRATIONS[-1].version}")
        MIGRATIONS.append(Migration(version, description, fn))
        return fn

    return register


def latest_version() -> int:
    return MIGRATIONS[-1].version


@migration(BASELINE, "runs, locks, records, quarantine, cursors, enrichments, embeddings, topics, outputs")
def baseline(db: SchemaEditor) -> None:
    """Nothing to do: a store of the first release already has these tables."""


@migration(2, "signals (churn intent per record) and customer_followups (what sales did about a customer)")
def customers_at_risk(db: SchemaEditor) -> None:
    """Two new tables; no existing row moves. Signals of the old records are computed by the next
    run (every record is pending for a detector version it has never seen)."""
    db.create_table(SIGNALS)
    db.create_table(CUSTOMER_FOLLOWUPS)


@migration(3, "labels: what analysts confirmed or corrected in the dashboard")
def labels_table(db: SchemaEditor) -> None:
    """One new table; no existing row moves."""
    db.create_table(LABELS)


@migration(4, "topics.kind: what kind of text an issue holds (problema, felicitación, comentario...)")
def topic_kind(db: SchemaEditor) -> None:
    """One new column; the rows of an old store keep NULL, read as a problem (what every issue
    was before), until the next run writes the topic table again."""
    db.add_column("topics", "kind", TEXT)
