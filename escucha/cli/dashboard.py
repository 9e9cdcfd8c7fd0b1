"""`escucha dashboard`: serve the tablero de control on this machine (127.0.0.1 unless configured)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from escucha.cli._common import ConfigOpt, fail, load
from escucha.netutil import is_loopback

app = typer.Typer()


def dashboard_settings(cfg, host: Optional[str] = None, port: Optional[int] = None,
                       token: Optional[str] = None) -> tuple[str, int, Optional[str]]:
    """(host, port, resolved token): command-line options over `dashboard.*` in the config."""
    from escucha.outputs.dashboard import resolve_token

    return (host or cfg.dashboard.host, int(port or cfg.dashboard.port),
            resolve_token(token if token is not None else cfg.dashboard.token))


@app.command()
def dashboard(
    host: Optional[str] = typer.Option(None, "--host", help="Address to listen on (default: dashboard.host, 127.0.0.1)."),
    port: Optional[int] = typer.Option(None, "--port", help="Port (default: dashboard.port, 8050)."),
    token: Optional[str] = typer.Option(None, "--token", help="Access token, or env:VARIABLE (default: dashboard.token)."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Serve the dashboard (tablero de control): KPIs by day, week and month, with filters."""
    import uvicorn

    from escucha.outputs.dashboard import create_app
    from escucha.secrets import SecretError

    cfg = load(config)
    try:
        host, port, secret = dashboard_settings(cfg, host, port, token)
    except SecretError as exc:
        fail(str(exc))
    if not is_loopback(host) and not secret:
        typer.echo(f"aviso: el tablero escucha en {host} sin token; cualquiera en la red puede verlo. "
                   "Configure dashboard.token (env:VARIABLE).", err=True)
    typer.echo(f"Tablero de control en http://{host}:{port}/" + (" (se requiere token)" if secret else ""))
    uvicorn.run(create_app(cfg, token=secret), host=host, port=port, log_level="warning")
