"""Gather everything one team's report shows into a plain `ReportData` (no formatting here).

Renderers (markdown.py, html.py) and table writers (files.py) only read ReportData, so the
numbers in the HTML, the Markdown and the CSV files are the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

import numpy as np
import pandas as pd

from escucha.analytics._common import customer_key, in_window, is_negative, prepare, safe_div, to_utc_ts
from escucha.analytics.emerging import emerging_issues
from escucha.analytics.recurring import SPLIT_COLUMNS, SPLIT_DIMENSIONS, issue_splits, rank_issues
from escucha.analytics.sentiment import emotion_over_time, sentiment_over_time
from escucha.analytics.sla import STATE_AT_RISK, STATE_BREACHED, STATE_CLOSED_ON_TIME, SlaTerms, sla_indicators, sla_status
from escucha.outputs.reports.routing import TeamSpec, filter_for_team

VERBATIM_MAX_CHARS = 320


@dataclass
class Verbatim:
    id: str
    text: str  # redacted at ingest; escaped only when rendered
    channel: str | None
    created_at: datetime
    sentiment: str | None


@dataclass
class IssueSla:
    cases: int = 0  # PQRS cases of the issue filed in the period or still open
    open: int = 0
    at_risk: int = 0
    breached: int = 0
    compliance: float = float("nan")  # on time / (closed in period + open breached)


@dataclass
class IssueSummary:
    rank: int
    topic_id: int
    label: str
    category: str | None
    volume: int
    volume_prev: int
    growth: float
    share_negative: float
    weeks_present: int
    weeks_observed: int
    customers_affected: int
    top_channel: str | None
    score: float
    trend: list[int]  # counts per 7-day window ending at `now`, oldest first
    splits: dict[str, dict[str, int]]  # dimension -> {value: count} in the period
    verbatims: list[Verbatim] = field(default_factory=list)
    sla: IssueSla = field(default_factory=IssueSla)
    emerging: str | None = None  # "nuevo" / "crecimiento" when also emerging


@dataclass
class Kpis:
    volume: int
    volume_prev: int
    growth: float
    share_negative: float
    share_negative_prev: float
    customers: int
    nps: float | None = None  # -100..100 when surveys score 0-10
    csat: float | None = None  # share 0..1 of 4-5 when surveys score 1-5
    n_scores: int = 0
    pqrs_cases: int = 0  # filed in the period
    pqrs_open: int = 0  # open now (any filing date)
    pqrs_at_risk: int = 0
    pqrs_breached: int = 0
    compliance: float = float("nan")


@dataclass
class ReportData:
    team: TeamSpec
    now: datetime
    period_start: datetime
    period_end: datetime
    period_days: int
    tz: str
    kpis: Kpis
    issues: list[IssueSummary]
    ranking: pd.DataFrame  # rank_issues of the team's records (all topics)
    splits: pd.DataFrame  # issue_splits in the period (long table)
    overview: pd.DataFrame  # team-level splits: dimension, value, count, share, share_negative
    emerging: pd.DataFrame  # emerging_issues of the team's records
    sentiment: pd.DataFrame  # sentiment_over_time, weekly, last history_weeks
    emotion: pd.DataFrame  # emotion_over_time, weekly, last history_weeks
    sla_by_issue: pd.DataFrame  # sla_indicators(by topic) over cases of the history window
    sla_weekly: pd.DataFrame  # sla_indicators weekly over the history window
    trend_ends: list[datetime]  # end of each trend window (same length as IssueSummary.trend)
    notes: list[str] = field(default_factory=list)

    @property
    def report_date(self) -> datetime:
        """`now` in the team's time zone: the date in titles and file names."""
        return pd.Timestamp(self.now).tz_convert(self.tz).to_pydatetime()

    @property
    def file_stem(self) -> str:
        """Deterministic name: one file per date and team, so a re-run overwrites."""
        return f"{self.report_date:%Y-%m-%d}_{self.team.slug}"


def _score_kpis(scores: pd.Series) -> tuple[float | None, float | None, int]:
    s = pd.to_numeric(scores, errors="coerce").dropna()
    if s.empty:
        return None, None, 0
    if s.min() >= 1 and s.max() <= 5:
        return None, float((s >= 4).mean()), len(s)
    s = s.clip(0, 10)
    return float(((s >= 9).mean() - (s <= 6).mean()) * 100), None, len(s)


def _sla_snapshot(status: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> IssueSla:
    if status.empty:
        return IssueSla()
    filed = in_window(status["opened_at"], start, end)
    closed_in = (~status["is_open"]) & in_window(status["closed_at"], start, end)
    breached = status["state"] == STATE_BREACHED
    relevant = filed | status["is_open"] | closed_in
    ok = closed_in & (status["state"] == STATE_CLOSED_ON_TIME)
    return IssueSla(
        cases=int(relevant.sum()),
        open=int(status["is_open"].sum()),
        at_risk=int((status["state"] == STATE_AT_RISK).sum()),
        breached=int(breached.sum()),
        compliance=float(safe_div(ok.sum(), closed_in.sum() + breached.sum())),
    )


def _verbatims(rows: pd.DataFrame, n: int) -> list[Verbatim]:
    """Up to n distinct texts: negative first, then most negative, then newest (deterministic)."""
    if "text" not in rows or rows.empty or n <= 0:
        return []
    r = rows.loc[rows["text"].notna()].copy()
    r["_txt"] = r["text"].astype(str).str.strip()
    r = r.loc[r["_txt"] != ""]
    r["_isneg"] = is_negative(r)
    r["_neg"] = pd.to_numeric(r["sentiment_neg"], errors="coerce").fillna(0) if "sentiment_neg" in r else 0.0
    r = r.sort_values(["_isneg", "_neg", "created_at", "id"], ascending=[False, False, False, True], kind="mergesort")
    r = r.drop_duplicates("_txt")
    out = []
    for _, row in r.head(n).iterrows():
        text = row["_txt"]
        if len(text) > VERBATIM_MAX_CHARS:
            text = text[: VERBATIM_MAX_CHARS - 1].rstrip() + "…"
        out.append(Verbatim(
            id=str(row["id"]), text=text,
            channel=None if pd.isna(row.get("channel")) else str(row.get("channel")),
            created_at=pd.Timestamp(row["created_at"]).floor("us").to_pydatetime(),
            sentiment=None if pd.isna(row.get("sentiment")) else str(row.get("sentiment")),
        ))
    return out


def _overview(cur: pd.DataFrame, dims: tuple[str, ...]) -> pd.DataFrame:
    cols = ["dimension", "value", "count", "share", "share_negative"]
    parts = []
    neg = is_negative(cur)
    for dim in dims:
        if dim not in cur or cur.empty:
            continue
        vals = cur[dim].astype("string").fillna("sin dato")
        g = pd.DataFrame({"value": vals, "neg": neg}).groupby("value")
        t = pd.DataFrame({"count": g.size(), "neg": g["neg"].sum()}).reset_index()
        t["dimension"] = dim
        t["share"] = t["count"] / t["count"].sum()
        t["share_negative"] = safe_div(t["neg"], t["count"])
        parts.append(t.sort_values(["count", "value"], ascending=[False, True], kind="mergesort"))
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out["value"] = out["value"].astype(str)
    return out[cols]


def build_report(
    df: pd.DataFrame,
    team: TeamSpec,
    now: datetime,
    sla_terms: SlaTerms | Mapping[str, Any] | None = None,
    period_days: int = 7,
    top_n: int = 10,
    n_verbatims: int = 3,
    history_weeks: int = 12,
    tz: str = "America/Bogota",
    emerging_kwargs: Mapping[str, Any] | None = None,
    already_filtered: bool = False,
) -> ReportData:
    """The report of `team` for the period (now - period_days, now] from an analysis frame
    (with `text` for verbatims). `tz` sets the calendar of dates, weeks and file names."""
    now_ts = to_utc_ts(now)
    d = prepare(df if already_filtered else filter_for_team(df, team))
    d = d.loc[(d["created_at"] <= now_ts).fillna(False).astype(bool)]
    period = pd.Timedelta(days=period_days)
    start = now_ts - period
    hist_start = now_ts - pd.Timedelta(weeks=history_weeks)
    notes: list[str] = []

    cur_mask = in_window(d["created_at"], start, now_ts)
    prev_mask = in_window(d["created_at"], start - period, start)
    cur, prev = d.loc[cur_mask], d.loc[prev_mask]
    nps, csat, n_scores = _score_kpis(cur["score"]) if "score" in cur else (None, None, 0)

    status = sla_status(d, now_ts, sla_terms)
    snap = _sla_snapshot(status, start, now_ts)
    kpis = Kpis(
        volume=len(cur),
        volume_prev=len(prev),
        growth=float((len(cur) - len(prev)) / max(len(prev), 1)),
        share_negative=float(safe_div(is_negative(cur).sum(), len(cur))),
        share_negative_prev=float(safe_div(is_negative(prev).sum(), len(prev))),
        customers=int(customer_key(cur).nunique()),
        nps=nps, csat=csat, n_scores=n_scores,
        pqrs_cases=int(in_window(status["opened_at"], start, now_ts).sum()),
        pqrs_open=snap.open, pqrs_at_risk=snap.at_risk, pqrs_breached=snap.breached,
        compliance=snap.compliance,
    )
    if d.empty:
        notes.append("No hay registros para este equipo en el periodo.")
    if "text" not in d:
        notes.append("El informe se generó sin textos: no incluye verbatims.")

    ranking = rank_issues(d, now_ts, period_days=period_days, tz=tz)
    emerging = emerging_issues(d, now_ts, **dict(emerging_kwargs or {}))
    emerging_reason = dict(zip(emerging["topic_id"], emerging["reason"])) if not emerging.empty else {}
    splits = issue_splits(d, SPLIT_DIMENSIONS, now=now_ts, period_days=period_days)

    in_hist_cases = in_window(status["opened_at"], hist_start, now_ts)
    sla_by_issue = sla_indicators(status.loc[in_hist_cases | status["is_open"].astype(bool)], freq=None, by="topic_id")
    sla_weekly = sla_indicators(status.loc[in_hist_cases], freq="W")

    # weekly trend windows aligned on now: window i is (now - 7(i+1) days, now - 7i days]
    week = pd.Timedelta(days=7)
    ends = [now_ts - week * i for i in range(history_weeks - 1, -1, -1)]
    ages = ((now_ts - d["created_at"]) / week).to_numpy(dtype=float)
    hist = d.assign(_bin=np.floor(ages))
    hist = hist.loc[(hist["_bin"] >= 0) & (hist["_bin"] < history_weeks)]

    issues: list[IssueSummary] = []
    active = ranking.loc[ranking["volume"] > 0].head(top_n)
    for _, r in active.iterrows():
        tid = int(r["topic_id"])
        t_rows = cur.loc[cur["topic_id"] == tid]
        counts = hist.loc[hist["topic_id"] == tid, "_bin"].value_counts()
        trend = [int(counts.get(float(b), 0)) for b in range(history_weeks - 1, -1, -1)]
        t_status = status.loc[status["topic_id"] == tid] if not status.empty else status
        issues.append(IssueSummary(
            rank=int(r["rank"]), topic_id=tid, label=str(r["topic_label"]),
            category=None if pd.isna(r["topic_category"]) else str(r["topic_category"]),
            volume=int(r["volume"]), volume_prev=int(r["volume_prev"]), growth=float(r["growth"]),
            share_negative=float(r["share_negative"]), weeks_present=int(r["weeks_present"]),
            weeks_observed=int(r["weeks_observed"]), customers_affected=int(r["customers_affected"]),
            top_channel=None if pd.isna(r["top_channel"]) else str(r["top_channel"]), score=float(r["score"]),
            trend=trend,
            splits={dim: dict(r[col]) for dim, col in SPLIT_COLUMNS.items()},
            verbatims=_verbatims(t_rows, n_verbatims),
            sla=_sla_snapshot(t_status, start, now_ts),
            emerging=emerging_reason.get(tid),
        ))

    in_hist = d.loc[in_window(d["created_at"], hist_start, now_ts)]
    return ReportData(
        team=team,
        now=now_ts.to_pydatetime(),
        period_start=start.to_pydatetime(),
        period_end=now_ts.to_pydatetime(),
        period_days=period_days,
        tz=tz,
        kpis=kpis,
        issues=issues,
        ranking=ranking,
        splits=splits,
        overview=_overview(cur, SPLIT_DIMENSIONS),
        emerging=emerging,
        sentiment=sentiment_over_time(in_hist, "W", tz=tz),
        emotion=emotion_over_time(in_hist, "W", tz=tz),
        sla_by_issue=sla_by_issue,
        sla_weekly=sla_weekly,
        trend_ends=[e.to_pydatetime() for e in ends],
        notes=notes,
    )
