"""`escucha quarantine retry`: replay quarantined inputs once the mapping or the file is fixed."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer


def retry(
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="YAML file merged over the defaults (or $ESCUCHA_CONFIG)."),
    ids: List[str] = typer.Option([], "--id", help="Quarantine id to replay (repeatable; see `quarantine list`)."),
    all_: bool = typer.Option(False, "--all", help="Replay every unresolved item."),
    reason_contains: Optional[str] = typer.Option(None, "--reason-contains", help="Only items whose reason contains this text."),
) -> None:
    """Replay quarantined inputs through the same validation: those that now pass are stored
    (upserted by id, never duplicated) and marked resolved; the others keep their new reason."""
    from escucha.config import ConfigError, load_config
    from escucha.pipeline.context import RUN_LOCK, new_run, open_configured_store, take_run_lock
    from escucha.pipeline.quarantine import retry_quarantine
    from escucha.store import StoreLocked

    if not ids and not all_:
        typer.echo("error: say which items to replay: --id ID (repeatable) or --all", err=True)
        raise typer.Exit(2)
    if ids and all_:
        typer.echo("error: --id and --all exclude each other", err=True)
        raise typer.Exit(2)
    try:
        cfg = load_config(config)
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    run = new_run("quarantine-retry")
    try:
        with open_configured_store(cfg) as store:
            owner = take_run_lock(store, run.run_id)
            try:
                result = retry_quarantine(cfg, store, run.run_id, ids=ids or None, reason_contains=reason_contains)
            finally:
                store.release_lock(RUN_LOCK, owner)
    except StoreLocked as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(3)
    if ids:
        missing = set(ids) - set(result.resolved) - set(result.still_failing)
        for i in sorted(missing):
            typer.echo(f"{i}  not found among unresolved items")
    for qid in result.resolved:
        typer.echo(f"{qid}  resolved")
    for qid, reason in result.still_failing.items():
        typer.echo(f"{qid}  still quarantined: {reason}")
    u = result.upsert
    typer.echo(f"tried: {result.tried}, resolved: {len(result.resolved)}, still quarantined: "
               f"{len(result.still_failing)}; records new: {u.new}, updated: {u.updated}, unchanged: {u.unchanged}")
