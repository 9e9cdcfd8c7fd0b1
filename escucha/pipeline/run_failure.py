"""Tell the alert channels that a run failed: a failed night means no reports for anyone, and
nobody looks at the Prefect UI at 02:00.

The alert goes straight to `alerts.channels`, not through the delivery ledger in the store: the
store may be what failed (unreachable, locked, full disk). Each channel is tried with the usual
retries; a channel that still fails is logged and never raises, so the run's own error stays
the one Prefect records.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from escucha.analytics.alerts import Alert, AlertKind, RunFailureEvidence
from escucha.config import EscuchaConfig
from escucha.outputs.delivery import Channel, build_channels
from escucha.outputs.delivery.messages import alert_message
from escucha.pipeline.deliver import send_with_retries
from escucha.secrets import scrub

log = logging.getLogger(__name__)

MAX_ERROR_CHARS = 2000


@dataclass
class FailureNotice:
    """What was sent: the alert, and per channel the receipt detail or the reason it failed."""

    alert: Alert
    sent: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def run_failure_alert(flow: str, error: str, *, state: str = "Failed", flow_run_id: str | None = None,
                      flow_run_name: str | None = None, deployment: str | None = None,
                      started_at: datetime | None = None, url: str | None = None) -> Alert:
    """The alert for one failed run; its key is the flow run, so a hook called twice sends one
    incident (receivers see the same idempotency id)."""
    evidence = RunFailureEvidence(flow=flow, flow_run_id=flow_run_id, flow_run_name=flow_run_name,
                                  deployment=deployment, state=state, error=error[:MAX_ERROR_CHARS],
                                  started_at=started_at, url=url)
    what = "La ejecución nocturna" if flow == "escucha-nightly" else f"La ejecución de {flow}"
    verb = "se interrumpió" if state == "Crashed" else "falló"
    return Alert(key=f"ejecucion-fallida:{flow_run_id or flow}", kind=AlertKind.RUN_FAILED, severity="alta",
                 title=f"{what} {verb}", evidence=evidence)


def notify_run_failure(cfg: EscuchaConfig, alert: Alert, channels: Mapping[str, Channel] | None = None) -> FailureNotice:
    """Send `alert` to every channel of `alerts.channels`; never raises."""
    notice = FailureNotice(alert)
    try:
        built = dict(channels) if channels is not None else build_channels(cfg)
    except Exception as exc:  # noqa: BLE001 - a broken channel config must not hide the run's error
        log.error("run failure alert not sent: the delivery channels could not be built: %s", exc)
        notice.failed["*"] = str(exc)
        return notice
    secrets = [s for ch in built.values() for s in ch.secrets()]
    alert = alert.model_copy(update={"evidence": alert.evidence.model_copy(
        update={"error": scrub(alert.evidence.error, secrets)})})
    notice.alert = alert
    if not cfg.alerts.channels:
        log.warning("run %s failed and no alert channel is configured (alerts.channels)",
                    alert.evidence.flow_run_name or alert.evidence.flow)
    for name in cfg.alerts.channels:
        channel = built[name]  # the configuration checks that every alert channel exists
        message = alert_message(alert, key=f"{alert.key}|{name}", tz=cfg.schedule.timezone)
        receipt, reason, _ = send_with_retries(channel, message, cfg.delivery.retries, cfg.delivery.backoff_s)
        if receipt is not None:
            notice.sent[name] = receipt.detail
            log.info("run failure alert sent via %s (%s)", name, receipt.detail)
        else:
            notice.failed[name] = reason or "error"
            log.error("run failure alert via %s failed: %s", name, reason)
    return notice
