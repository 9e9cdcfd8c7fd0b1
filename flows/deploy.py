"""The deployment: the nightly flow on a cron schedule (02:00 America/Bogota by default)."""

from __future__ import annotations

from prefect.schedules import Cron

from escucha.config import load_config
from escucha.flows.nightly import nightly


def serve(config_path: str | None = None) -> None:
    """Serve the scheduled deployment until interrupted (needs a Prefect server to schedule:
    `prefect server start` and PREFECT_API_URL; the ephemeral API cannot run schedules)."""
    cfg = load_config(config_path)
    nightly.serve(
        name="escucha-nightly",
        schedules=[Cron(cfg.schedule.cron, timezone=cfg.schedule.timezone)],
        parameters={"config_path": config_path},
        description="Voz del cliente: ingesta, análisis, temas e informes cada noche.",
        tags=["escucha"],
    )
