"""The deployments: the nightly flow on its cron (02:00 America/Bogota by default) and the alert
scan every hour (`schedule.alerts_cron`, same time zone), served together by one process."""

from __future__ import annotations

from prefect import serve as prefect_serve
from prefect.schedules import Cron

from escucha.config import load_config
from escucha.flows.alerts import alerts
from escucha.flows.nightly import nightly


def deployments(config_path: str | None = None) -> list:
    cfg = load_config(config_path)
    tz = cfg.schedule.timezone
    return [
        nightly.to_deployment(
            name="escucha-nightly",
            schedules=[Cron(cfg.schedule.cron, timezone=tz)],
            parameters={"config_path": config_path},
            description="Voz del cliente: ingesta, análisis, temas e informes cada noche.",
            tags=["escucha"],
        ),
        alerts.to_deployment(
            name="escucha-alerts",
            schedules=[Cron(cfg.schedule.alerts_cron, timezone=tz)],
            parameters={"config_path": config_path, "scheduled": True},
            description="Alertas de reputación: redes sociales, picos negativos, gran alcance y casos vencidos.",
            tags=["escucha", "alertas"],
        ),
    ]


def serve(config_path: str | None = None) -> None:
    """Serve both scheduled deployments until interrupted (needs a Prefect server to schedule:
    `prefect server start` and PREFECT_API_URL; the ephemeral API cannot run schedules)."""
    prefect_serve(*deployments(config_path))
