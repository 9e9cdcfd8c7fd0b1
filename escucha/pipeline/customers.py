"""Clientes en riesgo: read the store, build the list, guard it, export it, record follow-ups.

The analytics (escucha/analytics/customers.py) are pure; this module is where the store, the
configuration and the PII guard meet them. Everything that leaves (the list, the CSV/Parquet
export for the CRM, the alert) holds only the customer id, the segment, counts, reasons and
redacted verbatims that passed the guard.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd

from escucha.analytics.customers import (
    FOLLOWUP_STATES,
    CustomerView,
    MonthlyFollowUp,
    Reason,
    RiskWeights,
    at_risk,
    channel_name,
    customer_views,
    monthly_follow_ups,
    reason_line,
    with_follow_ups,
)
from escucha.analytics.sla import SlaTerms
from escucha.config import EscuchaConfig
from escucha.outputs.reports.builder import CustomersAtRisk
from escucha.nlp.text.pii import PiiGuard
from escucha.pipeline.redaction import output_guard
from escucha.store import Store

# The CRM export's columns, in order (docs: README "Clientes en riesgo").
EXPORT_COLUMNS: tuple[str, ...] = (
    "cliente_id", "segmento", "puntaje", "motivos", "ultimo_contacto", "casos_abiertos", "casos_vencidos",
    "contactos_negativos", "canales", "temas", "seguimiento", "fecha_seguimiento",
)


def list_customers_at_risk(cfg: EscuchaConfig, store: Store, now: datetime | None = None,
                           all_scored: bool = False, frame: pd.DataFrame | None = None) -> list[CustomerView]:
    """The at-risk list as of `now` (default: now), latest follow-up state included, verbatims
    and reasons screened by the PII guard. `all_scored`: every customer with a negative contact,
    whatever the score and top_n (for evaluation). `frame`: an analysis frame already read with
    texts and open cases over at least the window (the nightly's), instead of reading one."""
    c = cfg.customers
    now = now or datetime.now(timezone.utc)
    since = pd.Timestamp(now) - pd.Timedelta(days=c.window_days + 1)
    if frame is None:
        frame = store.analysis_frame(since=since, with_text=True, open_cases=True)
    return rank_customers(cfg, frame, store.fetch_signals(since=since), store.list_followups(), now, all_scored)


def rank_customers(cfg: EscuchaConfig, frame: pd.DataFrame, signals: pd.DataFrame, followups: pd.DataFrame,
                   now: datetime, all_scored: bool = False) -> list[CustomerView]:
    """The list from what the store holds, already read (the dashboard reads it read-only)."""
    c = cfg.customers
    views = customer_views(frame, now, c.window_days, signals, SlaTerms.from_config(cfg.sla), c.verbatims,
                           negative_only=True)
    weights = RiskWeights.from_config(c.weights)
    listed = at_risk(views, weights, now, c.window_days,
                     min_score=0.0 if all_scored else c.min_score, top_n=None if all_scored else c.top_n,
                     tz=cfg.schedule.timezone)
    listed = with_follow_ups(listed, followups)
    return guard_views(listed, cfg)


def redact_note(cfg: EscuchaConfig, note: str | None) -> str | None:
    """A follow-up note as it may be stored: through the redactor (a name, a phone number or a
    document someone typed becomes [NOMBRE], [TELEFONO], [DOCUMENTO]), even with redaction off."""
    from escucha.nlp.text.pii import RedactionPolicy
    from escucha.pipeline.redaction import build_redaction

    if note is None or not note.strip():
        return None
    policy = build_redaction(cfg) or RedactionPolicy()
    return policy.redactor_for(None).redact(note.strip()).text


@dataclass(frozen=True)
class AtRiskList:
    """The at-risk list of one run, as of `now`: computed once (`at_risk_list`) and handed to
    every output of the run that shows it (the reports' section, the strategic-customer alert),
    so they all show the same customers with the same reasons. Reasons and verbatims already
    passed the PII guard."""

    views: tuple[CustomerView, ...]  # highest score first
    now: datetime
    window_days: int


def at_risk_list(cfg: EscuchaConfig, store: Store, now: datetime, frame: pd.DataFrame | None = None) -> AtRiskList:
    """The list of a run (see `list_customers_at_risk` for `frame`)."""
    return AtRiskList(tuple(list_customers_at_risk(cfg, store, now, frame=frame)), now, cfg.customers.window_days)


def run_needs_at_risk(cfg: EscuchaConfig) -> bool:
    """Whether an output of the run shows the list: a team's report section, or the alert."""
    from escucha.outputs.reports import teams_from_config

    c = cfg.customers
    if not c.enabled:
        return False
    return (cfg.alerts.enabled and c.alert_strategic) or any(t.shows_customers_at_risk
                                                             for t in teams_from_config(cfg.reports))


def report_section(cfg: EscuchaConfig, at_risk: AtRiskList) -> CustomersAtRisk:
    """The "Clientes en riesgo" section of the reports: the top `customers.report_top_n` of the list."""
    return CustomersAtRisk(views=list(at_risk.views[: cfg.customers.report_top_n]), window_days=at_risk.window_days,
                           listed=len(at_risk.views))


def guard_views(views: list[CustomerView], cfg: EscuchaConfig) -> list[CustomerView]:
    """Verbatims the guard refuses are left out; a reason in which it finds a datum gets the
    redacted copy (a churn excerpt is the customer's words)."""
    guard = output_guard(cfg)
    if guard is None:
        return views
    out = []
    for v in views:
        where = f"clientes:{v.key}"
        kept = tuple(e for e in v.evidence if not guard.screen([e.text], where)[1])
        out.append(replace(v, evidence=kept, reasons=tuple(guard_reason(r, guard, where) for r in v.reasons)))
    return out


def guard_reason(reason: Reason, guard: PiiGuard, where: str) -> Reason:
    """The reason itself when the guard finds nothing in its words; else the same reason with
    each of its words' values redacted (its numbers still written in the reader's locale), or,
    when the datum shows only in the whole line, the redacted line."""
    refused = guard.screen([reason.text], where)[1]
    if not refused:
        return reason

    def clean(value: object) -> object:
        if not isinstance(value, str):
            return value
        hit = guard.screen([value], where)[1]
        return hit[0].redacted if hit else value

    redacted = replace(reason, values=tuple((k, clean(v)) for k, v in reason.values))
    if not guard.screen([redacted.text], where)[1]:
        return redacted
    return replace(reason, template=refused[0].redacted, values=())  # no values: read as written


def reason_texts(reasons: tuple[Reason, ...]) -> list[str]:
    return [reason_line(r) for r in reasons]


def risk_table(views: list[CustomerView]) -> pd.DataFrame:
    """The CRM export: one row per listed customer, Spanish column names, no customer text
    beyond the reasons (whose churn excerpt is redacted and guarded)."""
    rows = [{
        "cliente_id": v.customer_id or v.key,
        "segmento": v.segment,
        "puntaje": float(v.score),
        "motivos": " | ".join(reason_texts(v.reasons)),
        "ultimo_contacto": pd.Timestamp(v.last_contact),
        "casos_abiertos": len(v.open_case_ids),
        "casos_vencidos": int(v.breached_cases),
        "contactos_negativos": int(v.negative_contacts),
        "canales": ", ".join(channel_name(ch) for ch in v.contacts),
        "temas": ", ".join(v.issues[:5]),
        "seguimiento": v.follow_up,
        "fecha_seguimiento": pd.Timestamp(v.follow_up_at) if v.follow_up_at else pd.NaT,
    } for v in views]
    df = pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))
    for col in ("ultimo_contacto", "fecha_seguimiento"):
        df[col] = pd.to_datetime(df[col], utc=True)
    df["puntaje"] = df["puntaje"].astype("float64")
    for col in ("casos_abiertos", "casos_vencidos", "contactos_negativos"):
        df[col] = df[col].astype("int64")
    return df


def export_customers(views: list[CustomerView], out: str | Path) -> list[Path]:
    """`<out>.csv` (UTF-8 with a BOM, formula-safe: outputs/tables.py) and `<out>.parquet`; `out`
    may end in .csv or .parquet, or be a bare name."""
    from escucha.outputs.safe_cells import safe_frame
    from escucha.outputs.tables import write_table

    base = Path(out)
    if base.suffix.lower() in (".csv", ".parquet"):
        base = base.with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    df = risk_table(views)
    csv_path = write_table(df, base.with_suffix(".csv"))
    parquet_path = base.with_suffix(".parquet")
    tmp = parquet_path.with_name(parquet_path.name + ".tmp")
    safe_frame(df).to_parquet(tmp, index=False)
    tmp.replace(parquet_path)
    return [Path(csv_path), parquet_path]


def mark_customer(store: Store, key: str, state: str, note: str | None, run_id: str,
                  when: datetime | None = None) -> None:
    """Record a follow-up on a listed customer (contactado, recuperado, perdido)."""
    if state not in FOLLOWUP_STATES:
        raise ValueError(f"estado {state!r} no válido: use {', '.join(FOLLOWUP_STATES)}")
    if not str(key).strip():
        raise ValueError("falta el identificador del cliente")
    store.add_followup(str(key).strip(), state, note, run_id, when)


def follow_up_summary(store: Store) -> list[MonthlyFollowUp]:
    return monthly_follow_ups(store.list_followups())


def iso_week(now: datetime) -> str:
    y, w, _ = now.isocalendar()
    return f"{y}-W{w:02d}"


def window_start(cfg: EscuchaConfig, now: datetime) -> datetime:
    return now - timedelta(days=cfg.customers.window_days)
