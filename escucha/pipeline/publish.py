"""The publish stage of the nightly run: one analysis frame and one at-risk list, then every
team's report and the alerts from them.

The frame (`history.read_analysis_frame`) and the at-risk customer list (`customers.at_risk_list`)
are computed once here and handed to both outputs, so the ventas report's "Clientes en riesgo"
and the alert `cliente_estrategico_en_riesgo` read the same list (the same customers, scores and
reasons) and the night pays for it once. The hourly alert scan (`pipeline/alerts.py`) calls
`raise_alerts` alone, which computes the list itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from escucha.analytics.alerts import Alert
from escucha.config import EscuchaConfig
from escucha.pipeline.customers import AtRiskList, at_risk_list, run_needs_at_risk
from escucha.pipeline.history import read_analysis_frame
from escucha.pipeline.raise_alerts import raise_alerts
from escucha.pipeline.reports import ReportsResult, publish_reports
from escucha.store import Store


@dataclass
class PublishResult:
    reports: ReportsResult
    alerts: list[Alert] = field(default_factory=list)  # raised by this run
    at_risk: AtRiskList | None = None  # the run's list, when an output shows it


def publish(cfg: EscuchaConfig, store: Store, run_id: str, now: datetime) -> PublishResult:
    """Reports for every team, then the alerts (when `alerts.enabled`), as of `now`."""
    frame = read_analysis_frame(cfg, store, now)
    at_risk = at_risk_list(cfg, store, now, frame) if run_needs_at_risk(cfg) else None
    reports = publish_reports(cfg, store, run_id, now, frame, at_risk=at_risk)
    alerts = raise_alerts(cfg, store, run_id, now, frame, at_risk=at_risk) if cfg.alerts.enabled else []
    return PublishResult(reports, alerts, at_risk)
