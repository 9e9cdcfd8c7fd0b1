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

from escucha.analytics import (
    SlaTerms,
    customer_key,
    emerging_issues,
    emotion_over_time,
    in_window,
    is_negative,
    prepare,
    rank_issues,
    emotion_over_time,
    safe_div,
    sentiment_over_time,
    sla_indicators,
    sla_status,
    to_utc_ts,
)
from escucha.analytics.customers import CustomerView
from escucha.analytics.recurring import SPLIT_COLUMNS, SPLIT_DIMENSIONS, issue_splits, set_apart
from escucha.outputs.reports.issues import IssueSummary, pick_verbatims, sla_snapshot, verbatim_pool
from escucha.outputs.reports.routing import TeamSpec, filter_for_team


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
class CustomersAtRisk:
    """The "Clientes en riesgo" section: the top of the at-risk list (escucha.analytics.customers),
    reasons and verbatims already through the PII guard. The list is the whole company's, not cut
    by the team's routing: a customer about to leave is sales' whatever they complained about."""

    views: list[CustomerView]  # highest score first, at most the section's top
    window_days: int
    listed: int  # customers on the whole list (the section shows the first len(views))


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
    ranking: pd.DataFrame  # rank_issues of the team's records (every topic but advertising and news)
    splits: pd.DataFrame  # issue_splits in the period (long table)
    overview: pd.DataFrame  # team-level splits: dimension, value, count, share, share_negative
    emerging: pd.DataFrame  # emerging_issues of the team's records
    sentiment: pd.DataFrame  # sentiment_over_time, weekly, last history_weeks
    emotion: pd.DataFrame  # emotion_over_time, weekly, last history_weeks
    sla_by_issue: pd.DataFrame  # sla_indicators(by topic) over cases of the history window
    sla_weekly: pd.DataFrame  # sla_indicators weekly over the history window
    trend_ends: list[datetime]  # end of each trend window (same length as IssueSummary.trend)
    notes: list[str] = field(default_factory=list)
    customers: CustomersAtRisk | None = None  # None: the team's report has no such section
    set_apart: pd.DataFrame | None = None  # recurring.set_apart: advertising and news of the period, not ranked

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


def _kpis(cur: pd.DataFrame, prev: pd.DataFrame, status: pd.DataFrame, start: pd.Timestamp,
          now: pd.Timestamp) -> Kpis:
    """The team's headline figures for the period (start, now] against the one before."""
    nps, csat, n_scores = _score_kpis(cur["score"]) if "score" in cur else (None, None, 0)
    snap = sla_snapshot(status, start, now)
    return Kpis(
        volume=len(cur),
        volume_prev=len(prev),
        growth=float((len(cur) - len(prev)) / max(len(prev), 1)),
        share_negative=float(safe_div(is_negative(cur).sum(), len(cur))),
        share_negative_prev=float(safe_div(is_negative(prev).sum(), len(prev))),
        customers=int(customer_key(cur).nunique()),
        nps=nps, csat=csat, n_scores=n_scores,
        pqrs_cases=int(in_window(status["opened_at"], start, now).sum()),
        pqrs_open=snap.open, pqrs_at_risk=snap.at_risk, pqrs_breached=snap.breached,
        compliance=snap.compliance,
    )


def _weekly_trends(d: pd.DataFrame, now: pd.Timestamp, weeks: int) -> tuple[pd.DataFrame, list[pd.Timestamp]]:
    """Each record's weekly bin, aligned on now: bin i is (now - 7(i+1) days, now - 7i days];
    and the end of each of the `weeks` windows, oldest first."""
    week = pd.Timedelta(days=7)
    ages = ((now - d["created_at"]) / week).to_numpy(dtype=float)
    hist = d.assign(_bin=np.floor(ages))
    hist = hist.loc[(hist["_bin"] >= 0) & (hist["_bin"] < weeks)]
    return hist, [now - week * i for i in range(weeks - 1, -1, -1)]


def _issues(ranking: pd.DataFrame, cur: pd.DataFrame, hist: pd.DataFrame, status: pd.DataFrame,
            emerging: pd.DataFrame, start: pd.Timestamp, now: pd.Timestamp, top_n: int, n_verbatims: int,
            weeks: int, subthemes: Mapping[int, list[tuple[str, float]]]) -> list[IssueSummary]:
    """The top_n issues of the period with their trend, splits, verbatims, SLA and sub-themes."""
    emerging_reason = dict(zip(emerging["topic_id"], emerging["reason"])) if not emerging.empty else {}
    pool = verbatim_pool(cur)
    issues = []
    for _, r in ranking.loc[ranking["volume"] > 0].head(top_n).iterrows():
        tid = int(r["topic_id"])
        counts = hist.loc[hist["topic_id"] == tid, "_bin"].value_counts()
        t_status = status.loc[status["topic_id"] == tid] if not status.empty else status
        issues.append(IssueSummary.from_ranking(
            r, trend=[int(counts.get(float(b), 0)) for b in range(weeks - 1, -1, -1)],
            splits={dim: dict(r[col]) for dim, col in SPLIT_COLUMNS.items()},
            verbatims=pick_verbatims(pool, tid, n_verbatims), sla=sla_snapshot(t_status, start, now),
            emerging=emerging_reason.get(tid), subthemes=list(subthemes.get(tid, [])),
        ))
    return issues


MIN_SUBTHEME_RECORDS = 10  # an issue with fewer records in the period shows no sub-themes: a handful is no pattern
MIN_SUBTHEME_SHARE_OF_NAMED = 0.5  # named sub-themes must hold half of the issue, or none is shown


def _subthemes_by_issue(subthemes: pd.DataFrame | None, cur: pd.DataFrame,
                        of_record: Mapping[str, int] | None, top: int = 3) -> dict[int, list[tuple[str, float]]]:
    """Issue id -> its largest sub-themes as (label, share of the issue's records), from the
    model's sub-theme table (`model.subthemes()`).

    With `of_record` (record id -> sub-theme, `pipeline/topics.issue_subthemes`), shares are
    those of the period's records `cur`, and an issue with fewer than MIN_SUBTHEME_RECORDS of
    them shows none; a sub-theme with fewer than two records in the period is not shown.
    Without it, the shares are the model's at its last fit. Sub-themes with no name but their
    words («Tema: televisión, salitre») are never shown, and when the named ones hold less than
    half of the issue nothing is shown: a report says how an issue shows up in words a manager
    would write, or says nothing. A named sub-theme that only repeats its issue's name («Cobro
    doble» under «Cobro doble en la factura») counts as named but is not listed: it is the
    issue itself, not a way it shows up; nor is one named by a single word («Razón»,
    «Minutos»), which rarely says how an issue shows up."""
    from escucha.nlp.topics.labels import TOPIC_PREFIX, listable

    if subthemes is None or subthemes.empty:
        return {}
    if "id" not in cur:  # records without ids cannot be matched: the model's shares
        of_record = None
    ids = cur["id"].astype(str) if of_record is not None else None
    out: dict[int, list[tuple[str, float]]] = {}
    for tid, rows in subthemes.groupby("topic_id", sort=False):
        if len(rows) < 2:
            continue
        rows = rows.assign(count=np.nan)
        if of_record is not None:
            subs = ids.loc[cur["topic_id"] == tid].map(of_record).dropna().astype(int)
            if len(subs) < MIN_SUBTHEME_RECORDS:
                continue
            counts = subs.value_counts()
            rows = rows.assign(count=rows["subtheme"].map(counts).fillna(0),
                               share=rows["subtheme"].map(counts).fillna(0) / len(subs))
        named = rows.loc[~rows["label"].astype(str).str.startswith(TOPIC_PREFIX)]
        if named["share"].sum() < MIN_SUBTHEME_SHARE_OF_NAMED:
            continue
        shown = named.loc[[listable(str(label), str(issue)) for label, issue in zip(named["label"], named["topic_label"])]]
        if of_record is not None:
            shown = shown.loc[shown["count"] >= 2]
        shown = shown.sort_values(["share", "subtheme"], ascending=[False, True], kind="mergesort").head(top)
        if len(shown):
            out[int(tid)] = [(str(label), float(share)) for label, share in zip(shown["label"], shown["share"])]
    return out


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
    customers: CustomersAtRisk | None = None,
    subthemes: pd.DataFrame | None = None,
    record_subthemes: Mapping[str, int] | None = None,
) -> ReportData:
    """The report of `team` for the period (now - period_days, now] from an analysis frame
    (with `text` for verbatims). `tz` sets the calendar of dates, weeks and file names.
    `customers`: the "Clientes en riesgo" section, for the teams that show it. `subthemes`: the
    topic model's sub-themes, shown under each issue; `record_subthemes`: the sub-theme of each
    record of the period (`pipeline/topics.issue_subthemes`), so that their shares are the
    period's."""
    now_ts = to_utc_ts(now)
    d = prepare(df if already_filtered else filter_for_team(df, team))
    d = d.loc[(d["created_at"] <= now_ts).fillna(False).astype(bool)]
    period = pd.Timedelta(days=period_days)
    start = now_ts - period
    hist_start = now_ts - pd.Timedelta(weeks=history_weeks)
    cur = d.loc[in_window(d["created_at"], start, now_ts)]
    prev = d.loc[in_window(d["created_at"], start - period, start)]
    status = sla_status(d, now_ts, sla_terms)
    in_hist_cases = in_window(status["opened_at"], hist_start, now_ts)

    ranking = rank_issues(d, now_ts, period_days=period_days, tz=tz)
    emerging = emerging_issues(d, now_ts, **dict(emerging_kwargs or {}))
    hist, ends = _weekly_trends(d, now_ts, history_weeks)
    in_hist = d.loc[in_window(d["created_at"], hist_start, now_ts)]
    notes = (["No hay registros para este equipo en el periodo."] if d.empty else []) + (
        ["El informe se generó sin textos: no incluye verbatims."] if "text" not in d else [])
    return ReportData(
        team=team,
        now=now_ts.to_pydatetime(),
        period_start=start.to_pydatetime(),
        period_end=now_ts.to_pydatetime(),
        period_days=period_days,
        tz=tz,
        kpis=_kpis(cur, prev, status, start, now_ts),
        issues=_issues(ranking, cur, hist, status, emerging, start, now_ts, top_n, n_verbatims, history_weeks,
                       _subthemes_by_issue(subthemes, cur, record_subthemes)),
        ranking=ranking,
        splits=issue_splits(d, SPLIT_DIMENSIONS, now=now_ts, period_days=period_days),
        overview=_overview(cur, SPLIT_DIMENSIONS),
        emerging=emerging,
        sentiment=sentiment_over_time(in_hist, "W", tz=tz),
        emotion=emotion_over_time(in_hist, "W", tz=tz),
        sla_by_issue=sla_indicators(status.loc[in_hist_cases | status["is_open"].astype(bool)], freq=None, by="topic_id"),
        sla_weekly=sla_indicators(status.loc[in_hist_cases], freq="W"),
        trend_ends=[e.to_pydatetime() for e in ends],
        notes=notes,
        customers=customers,
        set_apart=set_apart(d, now_ts, period_days=period_days),
    )
