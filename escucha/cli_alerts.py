"""`escucha alerts`: run the alert scan once, now (social ingest, alerts, delivery)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

ConfigOpt = typer.Option(None, "--config", "-c", help="YAML file merged over the defaults (or $ESCUCHA_CONFIG).")


def check_delivery(cfg) -> None:
    """Build every delivery channel (options, env:VAR secrets) before a run starts; exit 2 naming the key."""
    from escucha.outputs.delivery import DeliveryConfigError, build_channels

    try:
        build_channels(cfg)
    except DeliveryConfigError as exc:
        typer.echo(f"error: invalid configuration: {exc}", err=True)
        raise typer.Exit(2)


def alerts(config: Optional[Path] = ConfigOpt) -> None:
    """Escanear alertas ahora: redes sociales nuevas, picos negativos, gran alcance, casos vencidos; y enviarlas."""
    from escucha.cli import _check_connectors, _load
    from escucha.flows.alerts import alerts as alerts_flow
    from escucha.pipeline.alerts import AlertScanResult

    cfg = _load(config)
    _check_connectors(cfg)
    result = alerts_flow(config_path=str(config) if config else None)
    typer.echo(AlertScanResult(**result).render())


def mask_delivery_secrets(data: dict) -> dict:
    """For `escucha config show`: literal secrets of delivery channels as ***; references kept."""
    from escucha.secrets import is_reference
    from escucha.outputs.delivery import channels

    for entry in (data.get("delivery") or {}).get("channels", {}).values():
        try:
            secret_keys = channels.get(str(entry.get("type"))).secret_options
        except KeyError:
            continue
        for key in secret_keys:
            value = entry.get(key)
            if value is not None and not is_reference(str(value)):
                entry[key] = "***"
    return data
