"""`escucha config show | check`: the effective configuration, and whether it can run."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from escucha.cli._common import ConfigOpt, check_connectors, check_models, load

app = typer.Typer(help="Show or check the configuration.", no_args_is_help=True)


@app.command("show")
def show(config: Optional[Path] = ConfigOpt) -> None:
    """Print the effective configuration (defaults + file + environment) as YAML."""
    import yaml

    data = load(config).model_dump(mode="json")
    data["pseudonym_salt"] = "***"
    mask_delivery_secrets(data)
    typer.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@app.command("check")
def check(config: Optional[Path] = ConfigOpt) -> None:
    """Validate the configuration and every connector's options; exit 2 naming what is wrong."""
    cfg = load(config)
    check_connectors(cfg)
    check_models(cfg)
    typer.echo("configuration OK")


def mask_delivery_secrets(data: dict) -> dict:
    """Literal secrets of delivery channels as ***; references (env:, file:, prefect-secret:) are kept,
    since they say where the secret comes from without showing it."""
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
