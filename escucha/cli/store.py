"""`escucha store version | upgrade`: the store's schema version, and bringing a store written by
an older release up to this one (escucha/store/migrations.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from escucha.cli._common import ConfigOpt, fail, load

app = typer.Typer(help="The store's schema: its version, and upgrading it.", no_args_is_help=True)


@app.command()
def version(config: Optional[Path] = ConfigOpt) -> None:
    """Print the store's schema version and the one this Escucha needs."""
    from escucha.pipeline.context import open_configured_store
    from escucha.store.migrations import latest_version

    cfg = load(config)
    with open_configured_store(cfg, check_schema=False) as store:
        current = store.schema_version()
    state = "up to date" if current == latest_version() else (
        "older: run `escucha store upgrade`" if current < latest_version() else "newer than this Escucha")
    typer.echo(f"store schema version {current}; this Escucha: {latest_version()} ({state})")


@app.command()
def upgrade(config: Optional[Path] = ConfigOpt) -> None:
    """Apply the schema migrations the store lacks, in order (back the store up first)."""
    from escucha.pipeline.context import open_configured_store
    from escucha.store import SchemaMismatch, StoreLocked
    from escucha.store.migrations import MIGRATIONS

    cfg = load(config)
    names = {m.version: m.description for m in MIGRATIONS}
    try:
        with open_configured_store(cfg, check_schema=False) as store:
            before = store.schema_version()
            applied = store.upgrade_schema()
    except SchemaMismatch as exc:
        fail(str(exc))
    except StoreLocked as exc:
        fail(str(exc), 3)
    if not applied:
        typer.echo(f"store already at schema version {before}: nothing to do")
        return
    for v in applied:
        typer.echo(f"applied {v}: {names[v]}")
    typer.echo(f"store upgraded from schema version {before} to {applied[-1]}")
