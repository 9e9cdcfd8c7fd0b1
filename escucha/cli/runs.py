"""`escucha run`, `serve`, `alerts`: the flows, now or on their schedule; `runs` and `deliveries`:
what they did."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from escucha.cli._common import (
    ConfigOpt,
    check_connectors,
    check_store,
    config_arg,
    fail,
    load,
    load_for_nightly,
)

app = typer.Typer()


@app.command()
def run(config: Optional[Path] = ConfigOpt) -> None:
    """Run the nightly flow once, now (ingest, enrich, topics, reports and alerts)."""
    load_for_nightly(config)
    from escucha.flows.nightly import nightly
    from escucha.pipeline.summary import RunSummary
    from escucha.store import StoreLocked

    try:
        result = nightly(config_path=config_arg(config))
    except StoreLocked as exc:
        fail(str(exc), 3)
    typer.echo(RunSummary(**result).render())


@app.command()
def serve(config: Optional[Path] = ConfigOpt) -> None:
    """Serve the nightly deployment (02:00 America/Bogota by default) and the hourly alert scan."""
    load_for_nightly(config)
    from escucha.flows.deploy import serve as serve_deployment

    serve_deployment(config_arg(config))


@app.command()
def alerts(config: Optional[Path] = ConfigOpt) -> None:
    """Escanear alertas ahora: redes sociales nuevas, picos negativos, gran alcance, casos vencidos; y enviarlas."""
    cfg = load(config)
    check_connectors(cfg)
    check_store(cfg)
    from escucha.flows.alerts import alerts as alerts_flow
    from escucha.pipeline.alerts import AlertScanResult

    result = alerts_flow(config_path=config_arg(config))
    typer.echo(AlertScanResult(**result).render())


@app.command()
def runs(config: Optional[Path] = ConfigOpt, limit: int = typer.Option(10, help="How many runs.")) -> None:
    """List recent runs with their status."""
    from escucha.pipeline.context import open_configured_store

    cfg = load(config)
    with open_configured_store(cfg) as store:
        df = store.list_runs(limit)
    if df.empty:
        typer.echo("no runs yet")
        return
    typer.echo(df.to_string(index=False))


@app.command()
def deliveries(
    config: Optional[Path] = ConfigOpt,
    estado: Optional[str] = typer.Option(None, "--estado", help="Only this status: enviado, fallido or 'sin confirmar'."),
    limit: int = typer.Option(30, help="How many messages, newest first."),
) -> None:
    """What was delivered where: one line per report or alert and channel, with its status."""
    from escucha.pipeline.context import open_configured_store
    from escucha.pipeline.deliver import STATUS_ES, delivery_status

    if estado is not None and estado not in STATUS_ES.values():
        raise typer.BadParameter(f"--estado debe ser uno de: {', '.join(STATUS_ES.values())}")
    cfg = load(config)
    with open_configured_store(cfg) as store:
        df = delivery_status(store)
    if estado is not None:
        df = df[df["estado"] == estado]
    if df.empty:
        typer.echo("no hay envíos registrados" + (f" con estado «{estado}»" if estado else ""))
        return
    typer.echo(df.head(limit).to_string(index=False))
