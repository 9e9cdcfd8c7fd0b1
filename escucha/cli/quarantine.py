"""`escucha quarantine list | retry`: inputs set aside with their reasons, and replaying them once
the mapping or the file is fixed."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from escucha.cli._common import ConfigOpt, fail, load

app = typer.Typer(help="Inputs that could not be processed, with their reasons.", no_args_is_help=True)


@app.command("list")
def list_(
    config: Optional[Path] = ConfigOpt,
    all_: bool = typer.Option(False, "--all", help="Include items already replayed."),
) -> None:
    """Show quarantined inputs with the reason each was set aside."""
    from escucha.pipeline.context import open_configured_store

    cfg = load(config)
    with open_configured_store(cfg) as store:
        df = store.list_quarantine(include_resolved=all_)
    if df.empty:
        typer.echo("quarantine is empty")
        return
    for row in df.itertuples():
        typer.echo(f"{row.id}  {row.source}  [{row.stage}]  {row.reason}")


@app.command()
def retry(
    config: Optional[Path] = ConfigOpt,
    ids: List[str] = typer.Option([], "--id", help="Quarantine id to replay (repeatable; see `quarantine list`)."),
    all_: bool = typer.Option(False, "--all", help="Replay every unresolved item."),
    reason_contains: Optional[str] = typer.Option(None, "--reason-contains", help="Only items whose reason contains this text."),
) -> None:
    """Replay quarantined inputs through the same validation: those that now pass are stored
    (upserted by id, never duplicated) and marked resolved; the others keep their new reason."""
    from escucha.pipeline.context import new_run, open_configured_store, run_lock
    from escucha.pipeline.quarantine import retry_quarantine
    from escucha.store import StoreLocked

    if not ids and not all_:
        fail("say which items to replay: --id ID (repeatable) or --all")
    if ids and all_:
        fail("--id and --all exclude each other")
    cfg = load(config)
    run = new_run("quarantine-retry")
    try:
        with open_configured_store(cfg) as store, run_lock(store, run.run_id):
            result = retry_quarantine(cfg, store, run.run_id, ids=ids or None, reason_contains=reason_contains)
    except StoreLocked as exc:
        fail(str(exc), 3)
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
