"""Publish: analytics on the analysis frame -> one report per team, and reputation alerts.

Report files have deterministic names (date + team), so a re-run overwrites instead of
duplicating; reports and alerts are recorded in the store by natural key, so an alert that was
already raised for the same incident is not raised again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from escucha.analytics.emerging import emerging_issues
from escucha.analytics.sla import SlaTerms
from escucha.analytics.spikes import high_reach_negative, scan_negative_spikes, spike_summary
from escucha.config import EscuchaConfig
from escucha.outputs.reports import build_report, render_markdown, teams_from_config, write_report
from escucha.pipeline.context import reports_dir
from escucha.pipeline.faults import crash_point
from escucha.store._base import Store


@dataclass
class PublishResult:
    paths: list[Path] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)  # raised in this run (new keys only)
    markdown_by_team: dict[str, str] = field(default_factory=dict)


def _spike_incidents(frame: pd.DataFrame, cfg: EscuchaConfig, now: datetime, last_end: pd.Timestamp | None) -> list:
    """Spikes in the lookback, adjacent windows merged into one incident (the biggest window
    speaks for it), minus those within the cooldown of the last alerted spike."""
    since = pd.Timestamp(now) - pd.Timedelta(hours=cfg.alerts.lookback_hours)
    spikes = scan_negative_spikes(frame, since, now, channel="social", k=cfg.alerts.spike_k,
                                  min_count=cfg.alerts.spike_min_count)
    cooldown = pd.Timedelta(hours=cfg.alerts.cooldown_hours)
    incidents: list[list] = []
    for spike in spikes:
        if incidents and pd.Timestamp(spike.window_start) <= pd.Timestamp(incidents[-1][-1].window_end) + cooldown:
            incidents[-1].append(spike)
        else:
            incidents.append([spike])
    out = []
    for group in incidents:
        if last_end is not None and pd.Timestamp(group[0].window_start) <= last_end + cooldown:
            continue  # the same incident was already alerted on
        out.append(max(group, key=lambda s: s.count))
    return out


def collect_alerts(frame: pd.DataFrame, cfg: EscuchaConfig, now: datetime,
                   last_spike_end: pd.Timestamp | None = None) -> list[dict[str, Any]]:
    """Alert candidates, each with a natural `key` (one incident, one alert), severity and evidence."""
    alerts: list[dict[str, Any]] = []
    for spike in _spike_incidents(frame, cfg, now, last_spike_end):
        alerts.append({
            "key": spike.key, "kind": "pico_negativo", "severity": "alta" if spike.ratio >= 2 * cfg.alerts.spike_k else "media",
            "title": f"Pico de menciones negativas en redes: {spike.count} en 24 h (línea base {spike.baseline_mean:.1f})",
            "evidence": spike_summary(spike),
        })
    reach = high_reach_negative(frame, now, min_followers=cfg.alerts.high_reach_followers)
    for row in reach.head(5).itertuples():
        alerts.append({
            "key": f"alcance-alto:{row.id}", "kind": "alcance_alto", "severity": "alta",
            "title": f"Publicación negativa con gran alcance ({int(row.followers):,} seguidores)".replace(",", "."),
            "evidence": {"record_id": row.id, "url": getattr(row, "url", None), "followers": int(row.followers)},
        })
    emerging = emerging_issues(frame, now, window_days=cfg.analytics.emerging_window_days,
                               baseline_weeks=cfg.analytics.baseline_weeks)
    for row in emerging.itertuples():
        alerts.append({
            "key": f"emergente:{row.topic_id}:{pd.Timestamp(now):%G-W%V}", "kind": "tema_emergente", "severity": "media",
            "title": f"Tema emergente ({row.reason}): {row.topic_label} — {int(row.volume)} casos en 7 días",
            "evidence": {"topic_id": int(row.topic_id), "volume": int(row.volume), "reason": row.reason},
        })
    return alerts


def last_spike_end(store: Store) -> pd.Timestamp | None:
    """End of the newest spike window already alerted on (for the cooldown)."""
    import json

    alerts = store.list_outputs("alert")
    ends = []
    for payload in alerts.get("payload", []):
        data = json.loads(payload) if isinstance(payload, str) else payload
        if data.get("kind") == "pico_negativo":
            ends.append(pd.Timestamp(data["evidence"]["window_end"]))
    return max(ends) if ends else None


def publish(cfg: EscuchaConfig, store: Store, run_id: str, now: datetime) -> PublishResult:
    result = PublishResult()
    frame = store.analysis_frame(with_text=True)
    out_dir = reports_dir(cfg)
    terms = SlaTerms.from_config(cfg.sla)
    tz = cfg.schedule.timezone
    for team in teams_from_config(cfg.reports):
        data = build_report(frame, team, now, terms, period_days=cfg.analytics.period_days, tz=tz,
                            emerging_kwargs={"window_days": cfg.analytics.emerging_window_days,
                                             "baseline_weeks": cfg.analytics.baseline_weeks})
        paths = write_report(data, out_dir, formats=cfg.reports.formats)
        main = {fmt: str(p) for fmt, p in paths.items() if ":" not in fmt}
        store.record_output("report", f"{pd.Timestamp(now).tz_convert(tz):%Y-%m-%d}:{team.name}", run_id,
                            {"team": team.name, "paths": main})
        result.paths.extend(Path(p) for p in main.values())
        result.markdown_by_team[team.name] = render_markdown(data)
        crash_point("publish:team")
    if cfg.alerts.enabled:
        for alert in collect_alerts(frame, cfg, now, last_spike_end(store)):
            if store.record_output("alert", alert["key"], run_id, alert):
                result.alerts.append(alert)
    return result
