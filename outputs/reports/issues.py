"""A recurring issue as people read it, shared by the reports and the dashboard.

`IssueSummary` is one row of `analytics.rank_issues` (rank, volume, growth, share negative,
recurrence) plus what a report adds (trend, splits, SLA, emerging signal) and the verbatims
that show it in the customers' words. The dashboard uses the same type with what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from escucha.analytics import in_window, is_negative, safe_div
from escucha.analytics.sla import STATE_AT_RISK, STATE_BREACHED, STATE_CLOSED_ON_TIME

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
    customers_affected: int = 0
    top_channel: str | None = None
    score: float = float("nan")
    trend: list[int] = field(default_factory=list)  # counts per 7-day window ending at `now`, oldest first
    splits: dict[str, dict[str, int]] = field(default_factory=dict)  # dimension -> {value: count} in the period
    verbatims: list[Verbatim] = field(default_factory=list)
    sla: IssueSla = field(default_factory=IssueSla)
    emerging: str | None = None  # "nuevo" / "crecimiento" when also emerging
    subthemes: list[tuple[str, float]] = field(default_factory=list)  # (label, share of the issue), largest first

    @classmethod
    def from_ranking(cls, r: pd.Series, rank: int | None = None, **extra: Any) -> "IssueSummary":
        """From one row of `rank_issues`; `rank` overrides the ranking's own (a filtered list)."""
        return cls(
            rank=int(r["rank"]) if rank is None else rank, topic_id=int(r["topic_id"]), label=str(r["topic_label"]),
            category=_text(r["topic_category"]), volume=int(r["volume"]), volume_prev=int(r["volume_prev"]),
            growth=float(r["growth"]), share_negative=float(r["share_negative"]),
            weeks_present=int(r["weeks_present"]), weeks_observed=int(r["weeks_observed"]),
            customers_affected=int(r["customers_affected"]), top_channel=_text(r["top_channel"]),
            score=float(r["score"]), **extra,
        )


def _text(v: object) -> str | None:
    return None if pd.isna(v) else str(v)


def sla_snapshot(status: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> IssueSla:
    """SLA figures of some cases (`sla_status` rows) for the period (start, end]."""
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


def verbatim_pool(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with a text, in quoting order: negative first, then most negative, then newest
    (id breaks ties, so the choice is the same on every run); `quote` holds the stripped text."""
    if rows.empty or "text" not in rows:
        return rows.iloc[0:0].assign(quote=pd.Series(dtype=str))
    r = rows.loc[rows["text"].notna()]
    r = r.assign(quote=r["text"].astype(str).str.strip())
    r = r.loc[r["quote"] != ""]
    neg = pd.to_numeric(r["sentiment_neg"], errors="coerce").fillna(0.0) if "sentiment_neg" in r else 0.0
    r = r.assign(quote_isneg=is_negative(r), quote_neg=neg)
    return r.sort_values(["quote_isneg", "quote_neg", "created_at", "id"], ascending=[False, False, False, True],
                         kind="mergesort")


def pick_verbatims(pool: pd.DataFrame, topic_id: int, n: int) -> list[Verbatim]:
    """Up to n distinct texts of one topic, in the pool's order, cut to VERBATIM_MAX_CHARS."""
    if n <= 0 or pool.empty:
        return []
    rows = pool.loc[(pool["topic_id"] == topic_id).fillna(False).astype(bool)].drop_duplicates("quote").head(n)
    out = []
    for _, row in rows.iterrows():
        text = row["quote"]
        if len(text) > VERBATIM_MAX_CHARS:
            text = text[: VERBATIM_MAX_CHARS - 1].rstrip() + "…"
        out.append(Verbatim(id=str(row["id"]), text=text, channel=_text(row.get("channel")),
                            created_at=pd.Timestamp(row["created_at"]).floor("us").to_pydatetime(),
                            sentiment=_text(row.get("sentiment"))))
    return out
