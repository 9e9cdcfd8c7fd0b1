"""`escucha redact [--rescan]`: the redactor version of what is stored, and re-redacting it."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from escucha.cli._common import ConfigOpt, fail, load

app = typer.Typer()


@app.command()
def redact(
    config: Optional[Path] = ConfigOpt,
    rescan: bool = typer.Option(False, "--rescan", help="Re-redact every stored text (records, enrichments, topics)."),
    batch_size: int = typer.Option(2000, min=1, help="Records per batch (each batch is saved with the progress)."),
) -> None:
    """Show the redactor version of the store, or with --rescan re-redact every stored text with the
    current redactor, in batches: an interrupted rescan continues where it stopped."""
    from escucha.nlp.text.pii import REDACTOR_VERSION
    from escucha.pipeline.context import new_run, open_configured_store, run_lock
    from escucha.pipeline.redaction import build_redaction, store_redaction_version
    from escucha.pipeline.redaction import rescan as rescan_store
    from escucha.store import StoreLocked

    cfg = load(config)
    policy = build_redaction(cfg)
    if policy is None:
        fail("redaction is off (nlp.redaction.enabled: false): nothing to rescan with")
    run = new_run("redact-rescan")
    try:
        with open_configured_store(cfg) as store:
            version = store_redaction_version(store)
            typer.echo(f"store redacted with redactor version: {version if version is not None else '(empty store)'}; "
                       f"this Escucha: version {REDACTOR_VERSION}")
            if not rescan:
                return
            with run_lock(store, run.run_id):
                result = rescan_store(policy, store, run.run_id, batch_size=batch_size)
    except StoreLocked as exc:
        fail(str(exc), 3)
    others = ", ".join(f"{k}: {v}" for k, v in result.texts_changed.items()) or "none"
    typer.echo(f"rescan {'resumed and ' if result.resumed else ''}done: {result.records_checked} records checked, "
               f"{result.records_changed} changed (they are re-enriched by the next run); other texts changed: {others}; "
               f"store now at redactor version {result.version}")
