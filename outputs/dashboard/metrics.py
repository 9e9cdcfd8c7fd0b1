"""What the dashboard shows, computed from the analysis frame for one set of filters.

Plain data out (no HTML): page.py renders it and the JSON endpoint returns it, so the numbers a
person reads and the numbers a script reads are the same. All windows are local calendar days
in the configured time zone: the period is [desde 00:00, hasta 24:00).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from escucha.analytics import customer_key, fold, is_negative, local_naive, prepare, rank_issues, safe_div, to_utc_ts
from escucha.analytics.recurring import set_apart
from escucha.analytics.sla import (
    STATE_AT_RISK,
    STATE_BREACHED,
    STATE_CLOSED_LATE,
    STATE_CLOSED_ON_TIME,
    STATE_ON_TIME,
    SlaTerms,
    sla_status,
)
from escucha.nlp.text.pii import PiiGuard
from escucha.outputs.reports.content import set_apart_text
from escucha.outputs.reports.issues import IssueSummary, pick_verbatims, verbatim_pool
from escucha.outputs.reports.routing import TeamSpec, filter_for_team

VIEWS: dict[str, str] = {"dia": "D", "semana": "W", "mes": "M"}
VIEW_NAMES: dict[str, str] = {"dia": "día", "semana": "semana", "mes": "mes"}
DEFAULT_BUCKETS: dict[str, int] = {"dia": 14, "semana": 12, "mes": 12}
CHANNELS: tuple[str, ...] = ("pqrs", "email", "transcript", "chat", "social", "review", "survey")
SEGMENTS: tuple[str, ...] = ("estratégico", "alto", "medio", "bajo")
SENTIMENTS: tuple[str, ...] = ("NEG", "NEU", "POS")
TOP_TOPICS = 10
VERBATIMS_PER_TOPIC = 2
MAX_SPAN_DAYS = 3 * 366


@dataclass(frozen=True)
class Filters:
    vista: str = "semana"
    equipo: str | None = None
    canal: str | None = None
    segmento: str | None = None
    desde: date | None = None
    hasta: date | None = None

    @classmethod
    def parse(cls, params: Mapping[str, str], teams: Sequence[str]) -> tuple["Filters", list[str]]:
        """Filters from query parameters; an unknown value is dropped with a note (never a 500)."""
        notes: list[str] = []

        def pick(key: str, allowed: Sequence[str], label: str) -> str | None:
            v = (params.get(key) or "").strip()
            if not v:
                return None
            match = next((a for a in allowed if fold(a) == fold(v)), None)
            if match is None:
                notes.append(f"Se ignoró el filtro {label} «{v}»: no es un valor conocido.")
            return match

        def day(key: str, label: str) -> date | None:
            v = (params.get(key) or "").strip()
            if not v:
                return None
            try:
                return date.fromisoformat(v)
            except ValueError:
                notes.append(f"Se ignoró la fecha {label} «{v}»: use el formato AAAA-MM-DD.")
                return None

        vista = pick("vista", list(VIEWS), "vista") or "semana"
        f = cls(vista=vista, equipo=pick("equipo", teams, "equipo"), canal=pick("canal", CHANNELS, "canal"),
                segmento=pick("segmento", SEGMENTS, "segmento"), desde=day("desde", "desde"),
                hasta=day("hasta", "hasta"))
        if f.desde and f.hasta and f.desde > f.hasta:
            notes.append("La fecha «desde» era posterior a «hasta»: se intercambiaron.")
            f = replace(f, desde=f.hasta, hasta=f.desde)
        return f, notes

    def query(self, **changes: Any) -> dict[str, str]:
        """These filters as query parameters (with `changes`), for links."""
        f = replace(self, **changes)
        out = {"vista": f.vista, "equipo": f.equipo, "canal": f.canal, "segmento": f.segmento,
               "desde": f.desde.isoformat() if f.desde else None, "hasta": f.hasta.isoformat() if f.hasta else None}
        return {k: v for k, v in out.items() if v}


@dataclass
class Kpis:
    volume: int
    negative: int
    share_negative: float
    customers: int
    sentiment: dict[str, int]  # NEG/NEU/POS -> count ("sin dato" for records without one)
    emotions: list[tuple[str, int]]  # most frequent first
    pqrs_cases: int  # PQRS cases filed in the period
    sla_on_time: int  # still open, less than at_risk_share of the term used
    sla_at_risk: int  # still open, at least at_risk_share of the term used
    sla_breached: int  # still open, past the term
    sla_closed_on_time: int
    sla_closed_late: int
    compliance: float  # closed on time / (closed + breached), NaN when nothing decided yet


@dataclass
class DashboardView:
    filters: Filters
    start: date  # first local day of the period
    end: date  # last local day of the period (included)
    as_of: datetime  # SLA states are as of this instant
    tz: str
    at_risk_share: float
    kpis: Kpis
    series: pd.DataFrame  # one row per bucket: SERIES_COLUMNS
    topics: list[IssueSummary]  # the period's top topics, with their verbatims
    notes: list[str] = field(default_factory=list)


SERIES_COLUMNS: tuple[str, ...] = (
    "period", "volume", "negative", "share_negative", "NEG", "NEU", "POS",
    "pqrs_cases", "on_time", "at_risk", "breached", "closed_on_time", "closed_late",
)


def _bucket_start(d: date, vista: str) -> date:
    if vista == "semana":
        return d - timedelta(days=d.weekday())
    if vista == "mes":
        return d.replace(day=1)
    return d


def default_range(today: date, vista: str) -> tuple[date, date]:
    """The last DEFAULT_BUCKETS[vista] buckets up to today (the current one included)."""
    n = DEFAULT_BUCKETS[vista]
    first = _bucket_start(today, vista)
    if vista == "dia":
        first -= timedelta(days=n - 1)
    elif vista == "semana":
        first -= timedelta(weeks=n - 1)
    else:
        m = first.year * 12 + first.month - 1 - (n - 1)
        first = date(m // 12, m % 12 + 1, 1)
    return first, today


def _local_midnight_utc(d: date, tz: str) -> pd.Timestamp:
    return pd.Timestamp(datetime(d.year, d.month, d.day)).tz_localize(tz).tz_convert("UTC")


def apply_filters(df: pd.DataFrame, f: Filters, teams: Mapping[str, TeamSpec]) -> pd.DataFrame:
    """Team routing, channel and segment (not the period: SLA and trends need the history)."""
    d = prepare(df)
    if f.equipo:
        d = filter_for_team(d, teams[f.equipo])
    if f.canal:
        d = d.loc[(d["channel"].astype("string") == f.canal).fillna(False).astype(bool)]
    if f.segmento:
        want = fold(f.segmento)
        d = d.loc[d["customer_segment"].map(lambda x: bool(pd.notna(x)) and fold(x) == want).astype(bool)]
    return d


def _series(cur: pd.DataFrame, local: pd.Series, sla: pd.DataFrame, f: Filters, start: date, end: date) -> pd.DataFrame:
    freq = {"D": "D", "W": "W-SUN", "M": "M"}[VIEWS[f.vista]]
    idx = pd.DatetimeIndex(pd.period_range(start, end, freq=freq).start_time, name="period")
    buckets = local.dt.to_period(freq).dt.start_time
    neg = is_negative(cur)
    sent = cur["sentiment"].astype("string").fillna("?")
    g = pd.DataFrame({"period": buckets, "neg": neg, "s": sent})
    out = pd.DataFrame(index=idx)
    out["volume"] = g.groupby("period").size().reindex(idx, fill_value=0)
    out["negative"] = g.groupby("period")["neg"].sum().reindex(idx, fill_value=0)
    for s in SENTIMENTS:
        out[s] = g.loc[g["s"] == s].groupby("period").size().reindex(idx, fill_value=0)
    sb = pd.DatetimeIndex(pd.to_datetime(sla["opened_date"])).to_period(freq).start_time if not sla.empty else []
    st = pd.DataFrame({"period": sb, "state": sla["state"].to_numpy() if not sla.empty else []})
    out["pqrs_cases"] = st.groupby("period").size().reindex(idx, fill_value=0)
    for col, state in (("on_time", STATE_ON_TIME), ("at_risk", STATE_AT_RISK), ("breached", STATE_BREACHED),
                       ("closed_on_time", STATE_CLOSED_ON_TIME), ("closed_late", STATE_CLOSED_LATE)):
        out[col] = st.loc[st["state"] == state].groupby("period").size().reindex(idx, fill_value=0)
    out = out.fillna(0).astype("int64")
    out["share_negative"] = safe_div(out["negative"], out["volume"])
    return out.reset_index()[list(SERIES_COLUMNS)]


def _kpis(cur: pd.DataFrame, status: pd.DataFrame) -> Kpis:
    """The period's records (`cur`) and PQRS cases filed in it (`status`) in figures."""
    states = status["state"].value_counts() if not status.empty else pd.Series(dtype="int64")

    def n(state: str) -> int:
        return int(states.get(state, 0))

    neg = int(is_negative(cur).sum())
    sent = cur["sentiment"].astype("string").fillna("sin dato").value_counts()
    emo = cur["emotion"].dropna().astype(str).value_counts() if "emotion" in cur else pd.Series(dtype="int64")
    decided = n(STATE_CLOSED_ON_TIME) + n(STATE_CLOSED_LATE) + n(STATE_BREACHED)
    return Kpis(
        volume=len(cur), negative=neg, share_negative=float(safe_div(neg, len(cur))),
        customers=int(customer_key(cur).nunique()),
        sentiment={s: int(sent.get(s, 0)) for s in (*SENTIMENTS, "sin dato")},
        emotions=[(str(k), int(v)) for k, v in sorted(emo.items(), key=lambda kv: (-kv[1], kv[0]))],
        pqrs_cases=len(status), sla_on_time=n(STATE_ON_TIME), sla_at_risk=n(STATE_AT_RISK),
        sla_breached=n(STATE_BREACHED), sla_closed_on_time=n(STATE_CLOSED_ON_TIME),
        sla_closed_late=n(STATE_CLOSED_LATE), compliance=float(safe_div(n(STATE_CLOSED_ON_TIME), decided)),
    )


@lru_cache(maxsize=1)
def _guard() -> PiiGuard:
    return PiiGuard()


def _shown(pool: pd.DataFrame, topic_id: int) -> list:
    """The topic's verbatims, leaving out any text in which the final personal-data check still
    finds an identifier (the dashboard is read-only: it cannot quarantine, it only never shows)."""
    picked = pick_verbatims(pool, topic_id, VERBATIMS_PER_TOPIC + 3)
    return [v for v in picked if not _guard().find(v.text)][:VERBATIMS_PER_TOPIC]


def compute_view(
    frame: pd.DataFrame,
    filters: Filters,
    now: datetime,
    teams: Mapping[str, TeamSpec],
    sla_terms: SlaTerms | Mapping[str, Any] | None = None,
    tz: str = "America/Bogota",
) -> DashboardView:
    """Every number of the dashboard for these filters, as of `now`."""
    now_ts = to_utc_ts(now)
    today = now_ts.tz_convert(tz).date()
    end = filters.hasta or today
    start = filters.desde or default_range(end, filters.vista)[0]
    notes: list[str] = []
    if (end - start).days > MAX_SPAN_DAYS:
        start = end - timedelta(days=MAX_SPAN_DAYS)
        notes.append(f"El periodo se limitó a {MAX_SPAN_DAYS} días, hasta el {end.isoformat()}.")
    lo, hi = _local_midnight_utc(start, tz), _local_midnight_utc(end + timedelta(days=1), tz)
    as_of = min(now_ts, hi - pd.Timedelta(microseconds=1))

    d = apply_filters(frame, filters, teams)
    d = d.loc[(d["created_at"] <= as_of).fillna(False).astype(bool)]
    in_period = ((d["created_at"] >= lo) & (d["created_at"] < hi)).fillna(False).astype(bool)
    cur = d.loc[in_period]
    local = local_naive(cur["created_at"], tz)

    terms = sla_terms if isinstance(sla_terms, SlaTerms) else SlaTerms.from_config(sla_terms or {})
    status = sla_status(d, as_of, terms)
    if not status.empty:
        opened = pd.to_datetime(status["opened_date"])
        keep = (opened >= pd.Timestamp(start)) & (opened <= pd.Timestamp(end))
        status = status.loc[keep.to_numpy(dtype=bool)]
    kpis = _kpis(cur, status)
    ranking = rank_issues(d, hi - pd.Timedelta(microseconds=1), period_days=(end - start).days + 1, tz=tz)
    pool = verbatim_pool(cur)
    topics = [IssueSummary.from_ranking(r, rank=rank, verbatims=_shown(pool, int(r["topic_id"])))
              for rank, (_, r) in enumerate(ranking.loc[ranking["volume"] > 0].head(TOP_TOPICS).iterrows(), 1)]
    if cur.empty:
        notes.append("No hay registros con estos filtros en el periodo.")
    apart = set_apart_text(set_apart(d, hi - pd.Timedelta(microseconds=1), period_days=(end - start).days + 1))
    if apart:
        notes.append(apart)

    return DashboardView(
        filters=replace(filters, desde=start, hasta=end), start=start, end=end,
        as_of=as_of.to_pydatetime(), tz=tz, at_risk_share=terms.at_risk_share, kpis=kpis,
        series=_series(cur, local, status, filters, start, end), topics=topics, notes=notes,
    )


def view_json(v: DashboardView) -> dict[str, Any]:
    """The view as JSON-ready data (NaN -> None)."""
    def num(x: Any) -> Any:
        if isinstance(x, (float, np.floating)):
            return None if np.isnan(x) else float(x)
        if isinstance(x, (np.integer,)):
            return int(x)
        return x

    series = [{k: (row[k].date().isoformat() if k == "period" else num(row[k])) for k in SERIES_COLUMNS}
              for _, row in v.series.iterrows()]
    k = v.kpis
    return {
        "filtros": v.filters.query(),
        "desde": v.start.isoformat(), "hasta": v.end.isoformat(), "corte": v.as_of.isoformat(),
        "kpis": {key: num(val) for key, val in vars(k).items() if key not in ("sentiment", "emotions")}
        | {"sentiment": k.sentiment, "emotions": dict(k.emotions)},
        "series": series,
        "temas": [{"rank": t.rank, "topic_id": t.topic_id, "label": t.label, "category": t.category,
                   "volume": t.volume, "volume_prev": t.volume_prev, "growth": num(t.growth),
                   "share_negative": num(t.share_negative)} for t in v.topics],
        "notas": v.notes,
    }
