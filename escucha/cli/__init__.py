"""The `escucha` command, assembled from one module per command group.

Each module defines its commands on its own `typer.Typer` and imports only typer and
`escucha.cli._common` at the top: what a command needs (Prefect, pandas, the models) is
imported inside it, so `escucha --help` stays fast.
"""

from __future__ import annotations

import typer

from escucha import log_guard

from escucha.cli import (
    analyze,
    configuration,
    customers,
    dashboard,
    demo,
    export,
    model_versions,
    models,
    quarantine,
    redact,
    runs,
    store,
    topics,
)

app = typer.Typer(
    help="Escucha: voice-of-customer text mining for Spanish (PQRS, transcripts, social).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _guard_logs() -> None:
    """Every command's log lines pass the final personal-data check (escucha.log_guard)."""
    log_guard.install()


for commands in (runs.app, dashboard.app, analyze.app, export.app, demo.app, models.app, redact.app):
    app.add_typer(commands)
app.add_typer(configuration.app, name="config")
app.add_typer(quarantine.app, name="quarantine")
app.add_typer(topics.app, name="topics")
app.add_typer(store.app, name="store")
app.add_typer(customers.app, name="clientes")
app.add_typer(model_versions.app, name="models")

__all__ = ["app"]
