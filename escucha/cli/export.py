"""`escucha export`: the store as one tidy, partitioned Parquet dataset for BI tools."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from escucha.cli._common import ConfigOpt, fail, load

app = typer.Typer()


@app.command()
def export(
    out: Path = typer.Argument(..., file_okay=False, help="Folder to write (replaced on every export)."),
    with_text: bool = typer.Option(False, "--with-text", help="Add the redacted text, the link and the topics' verbatims."),
    with_customer_ids: bool = typer.Option(False, "--with-customer-ids",
                                           help="Add the source's customer_id (customer_key, a keyed hash, is always there)."),
    as_of: Optional[str] = typer.Option(None, "--as-of",
                                        help="Moment of the SLA states, ISO 8601 with a zone (default: now)."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Write records (no text by default), enrichments, topics and SLA cases as Parquet (docs/EXPORT.md)."""
    from datetime import datetime, timezone

    from escucha.pipeline.context import analytics_now, open_configured_store
    from escucha.pipeline.export import export_store
    from escucha.pipeline.pseudonyms import public_salt_problem
    from escucha.store import StoreLocked

    cfg = load(config)
    problem = public_salt_problem(cfg)  # customer_key is keyed by the salt
    if problem:
        fail(problem)
    try:
        moment = datetime.fromisoformat(as_of) if as_of else analytics_now(datetime.now(timezone.utc))
    except ValueError as exc:
        fail(f"--as-of: {exc}")
    if moment.tzinfo is None:
        fail("--as-of must carry a time zone, e.g. 2026-11-20T23:00:00-05:00")
    try:
        with open_configured_store(cfg) as store:
            result = export_store(cfg, store, out, moment, with_text=with_text, with_customer_ids=with_customer_ids)
    except StoreLocked as exc:
        fail(str(exc), 3)
    except ValueError as exc:
        fail(str(exc))
    typer.echo(f"{result.records} records in {result.partitions} days, {result.topics} topics, "
               f"{result.sla_cases} PQRS cases -> {result.path}")
