"""Publish: analytics on the analysis frame -> one report per team, and reputation alerts.

Report files have deterministic names (date + team), so a re-run overwrites instead of
duplicating; reports and alerts are recorded in the store by natural key, so an alert that was
already raised for the same incident is not raised again.
"""

from __future__ import annotations

import math
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
from escucha.outputs.reports.fmt import fmt_int, fmt_num
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


def _verbatims(frame: pd.DataFrame, ids: list[str], n: int) -> list[dict[str, Any]]:
    """Up to n records' texts (redacted at ingest) with their links, in the order of `ids`."""
    if n <= 0 or not ids or "text" not in frame:
        return []
    rows = frame.loc[frame["id"].isin(ids[: n * 3])].set_index("id")
    out: list[dict[str, Any]] = []
    for rid in ids:
        if rid not in rows.index or len(out) >= n:
            continue
        r = rows.loc[rid]
        if isinstance(r, pd.DataFrame):
            r = r.iloc[0]
        if not isinstance(r.get("text"), str) or not r.get("text").strip():
            continue
        url = r.get("url")
        out.append({"id": rid, "text": r["text"], "url": url if isinstance(url, str) and url else None,
                    "channel": r.get("channel") if isinstance(r.get("channel"), str) else None,
                    "created_at": pd.Timestamp(r["created_at"]).isoformat() if pd.notna(r.get("created_at")) else None})
    return out


def _sla_breach_alert(frame: pd.DataFrame, cfg: EscuchaConfig, now: datetime,
                      alerted_cases: set[str]) -> dict[str, Any] | None:
    """One alert a day with the PQRS cases that went past their legal term and were not in an
    earlier alert (a case breaches once, so it is announced once)."""
    from escucha.analytics.sla import STATE_BREACHED, sla_status

    status = sla_status(frame, now, SlaTerms.from_config(cfg.sla))
    breached = status.loc[status["state"] == STATE_BREACHED] if not status.empty else status
    new = breached.loc[~breached["id"].astype(str).isin(alerted_cases)] if not breached.empty else breached
    if new.empty:
        return None
    new = new.assign(days_overdue=(new["days_elapsed"] - new["term_days"]).astype("int64"))
    new = new.sort_values(["days_overdue", "id"], ascending=[False, True])
    strategic = int((new["customer_segment"].astype("string") == "estratégico").fillna(False).sum())
    severity = "alta" if len(new) >= cfg.alerts.sla_high_count or strategic else "media"
    cases = [{"id": str(r.id), "source_id": None,
              "pqrs_type": r.pqrs_type if isinstance(r.pqrs_type, str) else None,
              "product": r.product if isinstance(r.product, str) else None,
              "segment": r.customer_segment if isinstance(r.customer_segment, str) else None,
              "topic_label": r.topic_label if isinstance(r.topic_label, str) else None,
              "opened_date": str(pd.Timestamp(r.opened_date).date()), "due_date": str(pd.Timestamp(r.due_date).date()),
              "days_overdue": int(r.days_overdue)} for r in new.head(50).itertuples()]
    day = pd.Timestamp(now).tz_convert(cfg.schedule.timezone)
    n = len(new)
    return {
        "key": f"ans-vencido:{day:%Y-%m-%d}", "kind": "ans_vencido", "severity": severity,
        "title": f"{n} caso{'s' if n != 1 else ''} PQRS vencido{'s' if n != 1 else ''} sin respuesta "
                 f"(término legal superado)",
        "evidence": {"count": n, "open_breached": int(len(breached)),
                     "by_type": {str(k): int(v) for k, v in new["pqrs_type"].astype("string").fillna("otro")
                                 .value_counts().items()},
                     "max_days_overdue": int(new["days_overdue"].max()), "strategic": strategic,
                     "case_ids": new["id"].astype(str).tolist(), "cases": cases},
    }


def collect_alerts(frame: pd.DataFrame, cfg: EscuchaConfig, now: datetime,
                   last_spike_end: pd.Timestamp | None = None,
                   alerted_cases: set[str] | None = None) -> list[dict[str, Any]]:
    """Alert candidates, each with a natural `key` (one incident, one alert), severity (alta, media,
    baja) and evidence (counts, baseline, redacted verbatims with their links)."""
    alerts: list[dict[str, Any]] = []
    nv = cfg.alerts.verbatims
    for spike in _spike_incidents(frame, cfg, now, last_spike_end):
        alerts.append({
            "key": spike.key, "kind": "pico_negativo", "severity": "alta" if spike.ratio >= 2 * cfg.alerts.spike_k else "media",
            "title": f"Pico de menciones negativas en redes: {spike.count} en 24 h (línea base {fmt_num(spike.baseline_mean)})",
            "evidence": {**spike_summary(spike), "verbatims": _verbatims(frame, spike.verbatim_ids, nv)},
        })
    reach = high_reach_negative(frame, now, min_followers=cfg.alerts.high_reach_followers)
    for row in reach.head(5).itertuples():
        alerts.append({
            "key": f"alcance-alto:{row.id}", "kind": "alcance_alto", "severity": "alta",
            "title": f"Publicación negativa con gran alcance ({fmt_int(row.followers)} seguidores)",
            "evidence": {"record_id": row.id, "url": getattr(row, "url", None), "followers": int(row.followers),
                         "likes": _int_or_none(getattr(row, "likes", None)),
                         "shares": _int_or_none(getattr(row, "shares", None)),
                         "topic_label": getattr(row, "topic_label", None) if isinstance(getattr(row, "topic_label", None), str) else None,
                         "created_at": pd.Timestamp(row.created_at).isoformat(),
                         "verbatims": _verbatims(frame, [row.id], 1)},
        })
    window = cfg.analytics.emerging_window_days
    emerging = emerging_issues(frame, now, window_days=window, baseline_weeks=cfg.analytics.baseline_weeks)
    for row in emerging.itertuples():
        ratio = float(row.ratio) if pd.notna(row.ratio) else None
        severity = "media" if row.reason == "nuevo" or (ratio is not None and ratio >= 2) else "baja"
        alerts.append({
            "key": f"emergente:{row.topic_id}:{pd.Timestamp(now):%G-W%V}", "kind": "tema_emergente", "severity": severity,
            "title": f"Tema emergente ({row.reason}): {row.topic_label} — {int(row.volume)} casos en {window} días",
            "evidence": {"topic_id": int(row.topic_id), "topic_label": str(row.topic_label), "volume": int(row.volume),
                         "baseline": float(row.baseline) if pd.notna(row.baseline) else None, "ratio": ratio,
                         "reason": row.reason,
                         "verbatims": _verbatims(frame, _topic_ids(frame, int(row.topic_id), now, window), nv)},
        })
    if cfg.alerts.sla_breaches:
        sla = _sla_breach_alert(frame, cfg, now, alerted_cases or set())
        if sla is not None:
            alerts.append(sla)
    return alerts


def _int_or_none(v: Any) -> int | None:
    return int(v) if v is not None and pd.notna(v) else None


def _topic_ids(frame: pd.DataFrame, topic_id: int, now: datetime, window_days: int) -> list[str]:
    """The topic's records in the window, newest first (the verbatims of an emerging issue)."""
    if "topic_id" not in frame:
        return []
    created = pd.to_datetime(frame["created_at"], utc=True)
    now_ts = pd.Timestamp(now).tz_convert("UTC")
    keep = ((pd.to_numeric(frame["topic_id"], errors="coerce") == topic_id)
            & (created > now_ts - pd.Timedelta(days=window_days)) & (created <= now_ts)).fillna(False)
    sel = frame.loc[keep.astype(bool)].assign(_t=created[keep.astype(bool)]).sort_values(["_t", "id"], ascending=[False, True])
    return sel["id"].astype(str).tolist()


def alerted_sla_cases(store: Store) -> set[str]:
    """Ids of PQRS cases already announced in an SLA alert (a breach is announced once)."""
    import json

    ids: set[str] = set()
    for payload in store.list_outputs("alert").get("payload", []):
        data = json.loads(payload) if isinstance(payload, str) else payload
        if data.get("kind") == "ans_vencido":
            ids.update(str(i) for i in data.get("evidence", {}).get("case_ids", []))
    return ids


def raise_alerts(cfg: EscuchaConfig, store: Store, run_id: str, now: datetime,
                 frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Record the alert candidates by natural key; returns the ones new in this run. The nightly
    publish and the hourly alert scan share this, so an incident is raised once whoever sees it first."""
    raised = []
    for alert in collect_alerts(frame, cfg, now, last_spike_end(store), alerted_sla_cases(store)):
        if alert["kind"] == "ans_vencido":  # the back office knows a case by its filing number
            cases = alert["evidence"]["cases"]
            ids = store.fetch_records(ids=[c["id"] for c in cases], columns=["id", "source_id"])
            numbers = dict(zip(ids["id"].astype(str), ids["source_id"].astype(str)))
            for c in cases:
                c["source_id"] = numbers.get(c["id"])
        if store.record_output("alert", alert["key"], run_id, alert):
            raised.append(alert)
    return raised


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


REPORT_TREND_WEEKS = 12  # build_report's history_weeks: weekly trends and SLA history


def analysis_since(cfg: EscuchaConfig, now: datetime) -> pd.Timestamp:
    """The oldest record a night's analytics read: `analytics.history_weeks` back, or further
    if a window needs it (report trends, emerging baseline, period comparison, spike baseline).
    Reading the whole history instead made each night slower and bigger as the store grew."""
    a = cfg.analytics
    need_days = max(
        7 * a.history_weeks,
        7 * REPORT_TREND_WEEKS,
        a.emerging_window_days + 7 * a.baseline_weeks,
        2 * a.period_days,
        cfg.alerts.lookback_hours / 24 + 7,  # spikes: lookback + 7 baseline days
    )
    return pd.Timestamp(now) - pd.Timedelta(days=math.ceil(need_days) + 1)


def publish(cfg: EscuchaConfig, store: Store, run_id: str, now: datetime) -> PublishResult:
    result = PublishResult()
    frame = store.analysis_frame(since=analysis_since(cfg, now), with_text=True, open_cases=True)
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
        result.alerts.extend(raise_alerts(cfg, store, run_id, now, frame))
    return result
