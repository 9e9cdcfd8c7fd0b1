"""The hourly alert scan: read what social connectors have new, enrich it, raise alerts over the
store (the same `raise_alerts` as the nightly run, so an incident is raised once whoever sees
it first), and deliver whatever is not delivered yet (alerts, and reports whose send failed).
Posts that arrived since the night get a provisional topic (known topics only, not stored), so
an alert says what they are about.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, Mapping

from escucha.analytics.alerts import Alert
from escucha.config import EscuchaConfig
from escucha.outputs.delivery import Channel
from escucha.pipeline.deliver import deliver_pending
from escucha.pipeline.heads import active_heads, heads_notice
from escucha.pipeline.history import read_analysis_frame
from escucha.pipeline.raise_alerts import raise_alerts
from escucha.pipeline.topics import provisional_topics
from escucha.store import Store


@dataclass
class AlertScanResult:
    run_id: str
    status: str = "completed"  # completed | skipped
    reason: str = ""
    ingested: dict[str, int] = field(default_factory=dict)  # social connector -> new records
    enriched: int = 0
    heads: dict[str, str] = field(default_factory=dict)  # task -> promoted head version used
    alerts: list[Alert] = field(default_factory=list)
    delivery: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # rebuilt from `to_dict` (the flow's result): alerts arrive as their payloads
        self.alerts = [a if isinstance(a, Alert) else Alert.from_payload(a) for a in self.alerts]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"alerts": [a.to_payload() for a in self.alerts]}

    def render(self) -> str:
        """Spanish summary for the operator's terminal."""
        if self.status == "skipped":
            return f"Escaneo de alertas {self.run_id}: omitido ({self.reason})"
        d = self.delivery or {}
        lines = [f"Escaneo de alertas {self.run_id}: completado",
                 f"  redes sociales: {sum(self.ingested.values())} registros nuevos, {self.enriched} analizados",
                 *(f"  {line}" for line in heads_notice(self.heads)),
                 f"  alertas nuevas: {len(self.alerts)}"]
        lines += [f"    [{a.severity}] {a.title}" for a in self.alerts]
        lines.append(f"  envíos: {len(d.get('sent', []))} enviados, {len(d.get('skipped', []))} ya enviados antes, "
                     f"{len(d.get('failed', {}))} fallidos")
        lines += [f"    fallido: {k}: {v}" for k, v in (d.get("failed") or {}).items()]
        return "\n".join(lines)


def ingest_social(cfg: EscuchaConfig, store: Store, run_id: str) -> dict[str, int]:
    """Incremental ingest (from each saved cursor) of the connectors with `channel: social`."""
    from escucha.pipeline.ingest import build_connectors, build_redaction, ingest_connector

    policy = build_redaction(cfg)
    out = {}
    for connector in build_connectors(cfg):
        if connector.channel == "social":
            out[connector.name] = ingest_connector(store, connector, policy, run_id).new
    return out


def scan_alerts(cfg: EscuchaConfig, store: Store, run_id: str, now: datetime, ingest: bool = True,
                channels: Mapping[str, Channel] | None = None) -> AlertScanResult:
    result = AlertScanResult(run_id=run_id)
    if ingest and any(c.enabled and c.channel == "social" for c in cfg.connectors):
        from escucha.pipeline.enrich import run_enrichment

        heads = active_heads(cfg)
        result.heads = dict(heads.in_use)
        result.ingested = ingest_social(cfg, store, run_id)
        result.enriched = run_enrichment(cfg, store, run_id, heads=heads)
    if cfg.alerts.enabled:
        frame = provisional_topics(cfg, store, read_analysis_frame(cfg, store, now))  # this hour's posts have no topic yet
        result.alerts = raise_alerts(cfg, store, run_id, now, frame)
    result.delivery = deliver_pending(cfg, store, run_id, channels=channels).to_dict()
    return result


def cron_matches(expr: str, when: datetime) -> bool:
    """Whether a 5-field cron expression fires at `when`'s minute, with cron's own rules (cronsim:
    names such as MON or JAN, and a day that matches when day-of-month OR day-of-week does, if
    both are restricted). Used to skip the hourly scan at the nightly's minute."""
    from cronsim import CronSim

    minute = when.replace(second=0, microsecond=0)
    return next(CronSim(expr, minute - timedelta(seconds=1)), None) == minute
