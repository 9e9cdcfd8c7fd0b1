"""The deployments: the nightly flow on its cron (02:00 America/Bogota by default) and the alert
scan every hour (`schedule.alerts_cron`, same time zone), served together by one process
(`escucha serve`). `prefect.yaml` at the repository root declares the same two deployments for
`prefect deploy` on a work pool; keep the two in step.

Runs that collide are queued by Prefect, not refused by the store: each deployment allows one
run at a time. A nightly run started while another is running waits (ENQUEUE, shown as
"AwaitingConcurrencySlot" in the UI); an hourly scan that finds the previous one still running is
cancelled (CANCEL_NEW): the next hour's scan reads what it would have read. The store's run lock
stays as the safety net for what Prefect does not see (a manual `escucha run`, a nightly and an
hourly scan at once: the scan is skipped).
"""

from __future__ import annotations

from prefect import serve as prefect_serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.schedules import Cron

from escucha.config import load_config
from escucha.flows.alerts import alerts
from escucha.flows.nightly import nightly

NIGHTLY_CONCURRENCY = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)
ALERTS_CONCURRENCY = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)


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
            concurrency_limit=NIGHTLY_CONCURRENCY,
        ),
        alerts.to_deployment(
            name="escucha-alerts",
            schedules=[Cron(cfg.schedule.alerts_cron, timezone=tz)],
            parameters={"config_path": config_path, "scheduled": True},
            description="Alertas de reputación: redes sociales, picos negativos, gran alcance y casos vencidos.",
            tags=["escucha", "alertas"],
            concurrency_limit=ALERTS_CONCURRENCY,
        ),
    ]


def serve(config_path: str | None = None) -> None:
    """Serve both scheduled deployments until interrupted (needs a Prefect server to schedule:
    `prefect server start` and PREFECT_API_URL; the ephemeral API cannot run schedules)."""
    prefect_serve(*deployments(config_path))
