"""Raise alerts: the rules of `alerts` in the config applied to the analysis frame, and the store
as the record of what was already raised.

Each alert has a natural key (one incident, one alert) and is recorded in the store by that key,
so an alert raised by the nightly run is not raised again by the hourly scan, nor by a re-run.
The nightly run and the hourly scan (`pipeline/alerts.py`) share `raise_alerts`.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from escucha.analytics.alerts import (
    Alert,
    AlertKind,
    CustomerRiskEvidence,
    EmergingEvidence,
    ReachEvidence,
    SlaCase,
    SlaEvidence,
    SpikeEvidence,
    Quote,
    quotes,
)
from escucha.analytics.customers import CustomerView, reason_line
from escucha.analytics.emerging import emerging_issues, topic_record_ids
from escucha.analytics.sla import SlaTerms, new_breaches
from escucha.analytics.spikes import high_reach_negative, spike_evidence, spike_incidents
from escucha.config import EscuchaConfig
from escucha.outputs.reports.fmt import fmt_int, fmt_num, fmt_quantity, formatting_locale
from escucha.pipeline.customers import AtRiskList, at_risk_list
from escucha.pipeline.redaction import guard_alert, output_guard
from escucha.store import Store

MAX_REACH_ALERTS = 5  # big-reach posts per scan: the biggest accounts first
MAX_CASES = 50  # PQRS cases listed in an SLA alert (all are counted)


def spike_alerts(frame: pd.DataFrame, cfg: EscuchaConfig, now: datetime,
                 last_spike_end: pd.Timestamp | None = None) -> list[Alert]:
    """Negative spikes on social channels in the lookback, one per incident; twice the spike
    threshold's k times the baseline is "alta"."""
    rules = cfg.alerts
    since = pd.Timestamp(now) - pd.Timedelta(hours=rules.lookback_hours)
    out = []
    for spike in spike_incidents(frame, since, now, pd.Timedelta(hours=rules.cooldown_hours), last_spike_end,
                                 channel="social", k=rules.spike_k, min_count=rules.spike_min_count):
        out.append(Alert(
            key=spike.key, kind=AlertKind.SPIKE, severity="alta" if spike.ratio >= 2 * rules.spike_k else "media",
            title=f"Pico de menciones negativas en redes: {spike.count} en 24 h (línea base {fmt_num(spike.baseline_mean)})",
            evidence=spike_evidence(spike, quotes(frame, spike.verbatim_ids, rules.verbatims)),
        ))
    return out


def reach_alerts(frame: pd.DataFrame, cfg: EscuchaConfig, now: datetime) -> list[Alert]:
    """Negative posts of the last day from accounts with at least `high_reach_followers`."""
    reach = high_reach_negative(frame, now, min_followers=cfg.alerts.high_reach_followers)
    out = []
    for row in reach.head(MAX_REACH_ALERTS).itertuples():
        topic, url = getattr(row, "topic_label", None), getattr(row, "url", None)
        out.append(Alert(
            key=f"alcance-alto:{row.id}", kind=AlertKind.HIGH_REACH, severity="alta",
            title=f"Publicación negativa con gran alcance ({fmt_int(row.followers)} seguidores)",
            evidence=ReachEvidence(
                record_id=row.id, url=url if isinstance(url, str) else None, followers=int(row.followers),
                likes=_int_or_none(getattr(row, "likes", None)), shares=_int_or_none(getattr(row, "shares", None)),
                topic_label=topic if isinstance(topic, str) else None,
                created_at=pd.Timestamp(row.created_at).to_pydatetime(), verbatims=quotes(frame, [row.id], 1)),
        ))
    return out


def emerging_alerts(frame: pd.DataFrame, cfg: EscuchaConfig, now: datetime) -> list[Alert]:
    """Topics new in the window or growing past their history, once per topic and ISO week; a
    new topic or one at twice its baseline is "media", a milder growth "baja"."""
    window = cfg.analytics.emerging_window_days
    out = []
    for row in emerging_issues(frame, now, window_days=window, baseline_weeks=cfg.analytics.baseline_weeks).itertuples():
        ratio = float(row.ratio) if pd.notna(row.ratio) else None
        tid = int(row.topic_id)
        out.append(Alert(
            key=f"emergente:{tid}:{pd.Timestamp(now):%G-W%V}", kind=AlertKind.EMERGING,
            severity="media" if row.reason == "nuevo" or (ratio is not None and ratio >= 2) else "baja",
            title=f"Tema emergente ({row.reason}): {row.topic_label} — {int(row.volume)} casos en {window} días",
            evidence=EmergingEvidence(
                topic_id=tid, topic_label=str(row.topic_label), volume=int(row.volume),
                baseline=float(row.baseline) if pd.notna(row.baseline) else None, ratio=ratio, reason=row.reason,
                verbatims=quotes(frame, topic_record_ids(frame, tid, now, window), cfg.alerts.verbatims)),
        ))
    return out


def sla_alert(frame: pd.DataFrame, cfg: EscuchaConfig, now: datetime, announced: set[str]) -> Alert | None:
    """One alert a day with the PQRS cases that went past their legal term and were not in an
    earlier alert; `sla_high_count` of them, or one of a strategic customer, is "alta"."""
    new, open_breached = new_breaches(frame, now, SlaTerms.from_config(cfg.sla), announced)
    if new.empty:
        return None
    n = len(new)
    strategic = int((new["customer_segment"].astype("string") == "estratégico").fillna(False).sum())
    by_type = new["pqrs_type"].astype("string").fillna("otro").value_counts()
    day = pd.Timestamp(now).tz_convert(cfg.schedule.timezone)
    plural = "s" if n != 1 else ""
    return Alert(
        key=f"ans-vencido:{day:%Y-%m-%d}", kind=AlertKind.SLA_BREACH,
        severity="alta" if n >= cfg.alerts.sla_high_count or strategic else "media",
        title=f"{n} caso{plural} PQRS vencido{plural} sin respuesta (término legal superado)",
        evidence=SlaEvidence(
            count=n, open_breached=open_breached, by_type={str(k): int(v) for k, v in by_type.items()},
            max_days_overdue=int(new["days_overdue"].max()), strategic=strategic,
            case_ids=tuple(new["id"].astype(str)), cases=tuple(_case(r) for r in new.head(MAX_CASES).itertuples())),
    )


def _case(r) -> SlaCase:  # noqa: ANN001 - a row of new_breaches
    def text(v: object) -> str | None:
        return v if isinstance(v, str) else None

    return SlaCase(id=str(r.id), source_id=None, pqrs_type=text(r.pqrs_type), product=text(r.product),
                   segment=text(r.customer_segment), topic_label=text(r.topic_label),
                   opened_date=pd.Timestamp(r.opened_date).date(), due_date=pd.Timestamp(r.due_date).date(),
                   days_overdue=int(r.days_overdue))


def customer_alerts(views: list[CustomerView], cfg: EscuchaConfig, now: datetime) -> list[Alert]:
    """`cliente_estrategico_en_riesgo`: each listed customer of segment estratégico whose score
    reaches `customers.alert_min_score`, once per customer and ISO week (of the deployment's time
    zone), unless a follow-up was recorded after their last warning (negative contact or
    announcement of leaving: someone is on it).
    "alta" when the customer announced leaving or has a case past its term, else "media". It
    carries the customer id and segment, never a name; `views` come from the list, whose reasons
    and verbatims already passed the PII guard."""
    c = cfg.customers
    if not (c.enabled and c.alert_strategic):
        return []
    week = f"{pd.Timestamp(now).tz_convert(cfg.schedule.timezone):%G-W%V}"
    out = []
    for v in views:
        if not v.strategic or v.score < c.alert_min_score:
            continue
        if v.follow_up_at is not None and v.last_warning is not None and \
                pd.Timestamp(v.follow_up_at) >= pd.Timestamp(v.last_warning):
            continue
        who = v.customer_id or v.key
        out.append(Alert(
            key=f"cliente-en-riesgo:{v.key}:{week}", kind=AlertKind.STRATEGIC_AT_RISK,
            severity="alta" if v.churn_signals or v.breached_cases else "media",
            title=f"Cliente estratégico en riesgo de irse: {who} (puntaje {fmt_quantity(v.score)})",
            evidence=CustomerRiskEvidence(
                customer_id=who, segment=v.segment, score=float(v.score), week=week,
                reasons=tuple(reason_line(r) for r in v.reasons), negative_contacts=v.negative_contacts,
                channels=v.negative_channels, open_cases=len(v.open_case_ids), breached_cases=v.breached_cases,
                churn_intent=bool(v.churn_signals), last_contact=v.last_contact, window_days=c.window_days,
                verbatims=tuple(Quote(id=e.record_id, text=e.text, channel=e.channel, created_at=e.created_at)
                                for e in v.evidence[: cfg.alerts.verbatims])),
        ))
    return out


def _int_or_none(v: object) -> int | None:
    return int(v) if v is not None and pd.notna(v) else None


def collect_alerts(frame: pd.DataFrame, cfg: EscuchaConfig, now: datetime,
                   last_spike_end: pd.Timestamp | None = None, announced_cases: set[str] | None = None) -> list[Alert]:
    """Every alert the frame calls for as of `now` (raised before or not); their titles write
    numbers as the deployment's `locale` does."""
    with formatting_locale(cfg.locale):
        alerts = spike_alerts(frame, cfg, now, last_spike_end) + reach_alerts(frame, cfg, now)
        alerts += emerging_alerts(frame, cfg, now)
        if cfg.alerts.sla_breaches:
            sla = sla_alert(frame, cfg, now, announced_cases or set())
            if sla is not None:
                alerts.append(sla)
    return alerts


# -- the store seam ----------------------------------------------------------------------------

def stored_alerts(store: Store) -> list[Alert]:
    """Every alert raised so far, oldest first."""
    return [Alert.from_payload(p) for p in store.list_outputs("alert").get("payload", [])]


def last_spike_end(alerts: list[Alert]) -> pd.Timestamp | None:
    """End of the newest spike window already alerted on (for the cooldown)."""
    ends = [pd.Timestamp(a.evidence.window_end) for a in alerts if isinstance(a.evidence, SpikeEvidence)]
    return max(ends) if ends else None


def announced_cases(alerts: list[Alert]) -> set[str]:
    """Ids of the PQRS cases already announced in an SLA alert (a breach is announced once)."""
    return {i for a in alerts if isinstance(a.evidence, SlaEvidence) for i in a.evidence.case_ids}


def with_filing_numbers(alert: Alert, store: Store) -> Alert:
    """An SLA alert whose cases carry their filing numbers (`source_id`): the back office knows a
    case by its number, not by our record id."""
    if not isinstance(alert.evidence, SlaEvidence):
        return alert
    cases = alert.evidence.cases
    rows = store.fetch_records(ids=[c.id for c in cases], columns=["id", "source_id"])
    numbers = dict(zip(rows["id"].astype(str), rows["source_id"].astype(str)))
    numbered = tuple(c.model_copy(update={"source_id": numbers.get(c.id)}) for c in cases)
    return alert.model_copy(update={"evidence": alert.evidence.model_copy(update={"cases": numbered})})


def raise_alerts(cfg: EscuchaConfig, store: Store, run_id: str, now: datetime, frame: pd.DataFrame,
                 at_risk: AtRiskList | None = None) -> list[Alert]:
    """Record the alerts the frame calls for by natural key; returns the ones new in this run.
    `at_risk`: the run's at-risk list (the nightly computes it once for the reports and the
    alerts, `pipeline/publish.py`); computed here when not given (the hourly scan)."""
    before = stored_alerts(store)
    guard = output_guard(cfg)
    raised = []
    alerts = collect_alerts(frame, cfg, now, last_spike_end(before), announced_cases(before))
    if cfg.alerts.enabled and cfg.customers.enabled and cfg.customers.alert_strategic:
        listed = at_risk if at_risk is not None else at_risk_list(cfg, store, now, frame)
        with formatting_locale(cfg.locale):
            alerts += customer_alerts(list(listed.views), cfg, now)
    for alert in alerts:
        alert = with_filing_numbers(alert, store)
        if guard is not None:  # the last personal-data check before it is recorded and sent
            alert = Alert.from_payload(guard_alert(alert.to_payload(), guard, store, run_id))
        if store.record_output("alert", alert.key, run_id, alert.to_payload()):
            raised.append(alert)
    return raised
