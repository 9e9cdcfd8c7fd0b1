"""Recurring issues: which topics hurt most now, how they move, and whom they touch.

Ranking score (documented because teams will ask why an issue is on top):

    score = volume × (0.5 + share_negative) × (1 + recurrence)

- `volume`: records of the topic in the current period (now - period_days, now].
- `share_negative`: share of those records with sentiment "NEG"; a fully negative issue weighs
  three times a fully neutral one (1.5 vs 0.5), so complaints outrank chatter of the same size.
- `recurrence` = weeks_present / weeks_observed, in 0..1: the share of calendar weeks since the
  data starts in which the topic appeared at all. A topic that comes back every week weighs up
  to twice a one-off of the same size; a brand-new topic is not zeroed (that is emerging.py's job).

Issues of kind `comentario` (advertising, news: texts that name the company and raise no
problem; nlp/topics/voice.py) are not ranked: they are counted apart (`set_apart`), so that the
report says how much of what was heard is not a complaint instead of ranking ads as problems.
A topic with no kind (a store written before kinds) is a problem, as every topic was then.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Sequence

import numpy as np
import pandas as pd

from escucha.analytics._common import (
    customer_key,
    full_period_index,
    in_window,
    is_negative,
    local_naive,
    period_start,
    prepare,
    safe_div,
    set_apart_rows,
    to_utc_ts,
    topic_labels,
    with_topics,
)

MISSING = "sin dato"
SPLIT_DIMENSIONS: tuple[str, ...] = ("channel", "customer_segment", "product", "country")
# rank_issues column holding each dimension's counts as a dict {value: count}, largest first
SPLIT_COLUMNS: dict[str, str] = {
    "channel": "by_channel",
    "customer_segment": "by_segment",
    "product": "by_product",
    "country": "by_country",
}

SET_APART_COLUMNS: tuple[str, ...] = ("topic_id", "topic_label", "topic_kind", "volume")

RANK_COLUMNS: tuple[str, ...] = (
    "rank", "topic_id", "topic_label", "topic_category", "volume", "volume_prev", "growth",
    "share_negative", "weeks_present", "weeks_observed", "recurrence", "customers_affected",
    "top_channel", "first_seen", "last_seen", "score",
    *SPLIT_COLUMNS.values(),
)


def growth_rate(volume: float | np.ndarray, volume_prev: float | np.ndarray) -> float | np.ndarray:
    """Relative change against the previous period; a previous 0 counts as 1 so that a topic going
    0 -> 12 reads +1100 % instead of infinity (finite numbers sort and serialise)."""
    v = np.asarray(volume, dtype=float)
    p = np.asarray(volume_prev, dtype=float)
    out = (v - p) / np.maximum(p, 1.0)
    return out if out.ndim else float(out)


def _weeks_key(ts_local: pd.Series) -> pd.Series:
    iso = ts_local.dt.isocalendar()
    return iso["year"].astype("int64") * 100 + iso["week"].astype("int64")


def _count_dicts(d: pd.DataFrame, column: str) -> pd.Series:
    """Per topic, {value: count} largest first (ties by value) for one split dimension."""
    if column not in d or d.empty:
        return pd.Series(dtype=object)
    vals = d[column].astype("string").fillna(MISSING)
    counts = (
        pd.DataFrame({"topic_id": d["topic_id"], "value": vals})
        .value_counts()
        .rename("count")
        .reset_index()
        .sort_values(["topic_id", "count", "value"], ascending=[True, False, True])
    )
    return counts.groupby("topic_id").apply(
        lambda g: {str(k): int(c) for k, c in zip(g["value"], g["count"])}, include_groups=False
    )


def rank_issues(
    df: pd.DataFrame,
    now: datetime,
    period_days: int = 7,
    tz: str | None = None,
) -> pd.DataFrame:
    """One row per topic seen up to `now` (outliers -1 and unassigned ignored), best score first.

    Columns: RANK_COLUMNS. Volume, share_negative, customers, top channel and the `by_*` split
    dicts refer to the current period; volume_prev to the period before; weeks_present, first_seen
    and last_seen to the whole history. `tz` picks the calendar used for ISO weeks (UTC if None).
    """
    now_ts = to_utc_ts(now)
    d = with_topics(prepare(df))
    d = d.loc[(d["created_at"] <= now_ts).fillna(False).astype(bool) & ~set_apart_rows(d)]
    if d.empty:
        return pd.DataFrame(columns=list(RANK_COLUMNS))

    period = pd.Timedelta(days=period_days)
    d = d.assign(
        _cur=in_window(d["created_at"], now_ts - period, now_ts),
        _prev=in_window(d["created_at"], now_ts - 2 * period, now_ts - period),
        _neg=is_negative(d),
        _cust=customer_key(d),
        _week=_weeks_key(local_naive(d["created_at"], tz)),
    )
    d["_neg_cur"] = d["_neg"] & d["_cur"]
    g = d.groupby("topic_id")
    out = pd.DataFrame(
        {
            "volume": g["_cur"].sum().astype("int64"),
            "volume_prev": g["_prev"].sum().astype("int64"),
            "neg": g["_neg_cur"].sum().astype("int64"),
            "weeks_present": g["_week"].nunique().astype("int64"),
            "first_seen": g["created_at"].min(),
            "last_seen": g["created_at"].max(),
        }
    )
    cur = d.loc[d["_cur"]]
    out["customers_affected"] = cur.groupby("topic_id")["_cust"].nunique().reindex(out.index).fillna(0).astype("int64")
    if "channel" in d:
        top_cur = cur.groupby("topic_id")["channel"].agg(_top)
        top_all = d.groupby("topic_id")["channel"].agg(_top)
        out["top_channel"] = top_cur.reindex(out.index).fillna(top_all.reindex(out.index))
    else:
        out["top_channel"] = pd.NA

    # weeks_observed: calendar ISO weeks from the first record of any topic up to now
    local_all = local_naive(d["created_at"], tz)
    local_now = local_naive(pd.Series([now_ts]), tz)
    weeks_observed = len(pd.period_range(local_all.min(), local_now.iloc[0], freq="W-SUN"))
    out["weeks_observed"] = int(weeks_observed)
    out["recurrence"] = (out["weeks_present"] / weeks_observed).clip(upper=1.0)
    out["share_negative"] = safe_div(out["neg"], out["volume"])
    out["growth"] = growth_rate(out["volume"], out["volume_prev"])
    out["score"] = out["volume"] * (0.5 + out["share_negative"].fillna(0.0)) * (1.0 + out["recurrence"])
    for dim, col in SPLIT_COLUMNS.items():
        dicts = _count_dicts(cur, dim)
        out[col] = [dicts.get(t, {}) if len(dicts) else {} for t in out.index]

    out = out.reset_index().merge(topic_labels(d), on="topic_id", how="left")
    out = out.sort_values(["score", "volume", "topic_id"], ascending=[False, False, True], kind="mergesort")
    out["rank"] = np.arange(1, len(out) + 1)
    out["topic_id"] = out["topic_id"].astype("int64")
    return out[list(RANK_COLUMNS)].reset_index(drop=True)


def set_apart(df: pd.DataFrame, now: datetime, period_days: int = 7) -> pd.DataFrame:
    """The topics `rank_issues` leaves out (advertising, news), with their volume in the period
    (now - period_days, now], largest first: what the report counts apart. Columns:
    SET_APART_COLUMNS; topics with no record in the period are left out."""
    now_ts = to_utc_ts(now)
    d = with_topics(prepare(df))
    d = d.loc[set_apart_rows(d) & in_window(d["created_at"], now_ts - pd.Timedelta(days=period_days), now_ts)]
    if d.empty:
        return pd.DataFrame(columns=list(SET_APART_COLUMNS))
    out = d.groupby("topic_id").agg(topic_kind=("topic_kind", "first"), volume=("topic_id", "size")).reset_index()
    out = out.merge(topic_labels(d)[["topic_id", "topic_label"]], on="topic_id", how="left")
    out["topic_id"] = out["topic_id"].astype("int64")
    out["volume"] = out["volume"].astype("int64")
    out = out.sort_values(["volume", "topic_id"], ascending=[False, True], kind="mergesort")
    return out[list(SET_APART_COLUMNS)].reset_index(drop=True)


def _top(s: pd.Series) -> object:
    s = s.dropna()
    if s.empty:
        return pd.NA
    counts = s.astype(str).value_counts()
    return sorted(counts[counts == counts.max()].index)[0]


def issue_splits(
    df: pd.DataFrame,
    by: Sequence[str] = SPLIT_DIMENSIONS,
    now: datetime | None = None,
    period_days: int | None = None,
) -> pd.DataFrame:
    """Long table of counts per topic and dimension value: topic_id, topic_label, dimension,
    value, count, share (within the topic and dimension). With `now` and `period_days` only the
    period (now - period_days, now] counts; otherwise all rows given. Missing values read "sin dato".
    """
    cols = ["topic_id", "topic_label", "dimension", "value", "count", "share"]
    d = with_topics(prepare(df))
    if now is not None and period_days is not None:
        now_ts = to_utc_ts(now)
        d = d.loc[in_window(d["created_at"], now_ts - timedelta(days=period_days), now_ts)]
    if d.empty:
        return pd.DataFrame(columns=cols)
    parts = []
    for dim in by:
        if dim not in d:
            continue
        vals = d[dim].astype("string").fillna(MISSING)
        c = pd.DataFrame({"topic_id": d["topic_id"], "value": vals}).value_counts().rename("count").reset_index()
        c["dimension"] = dim
        parts.append(c)
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out["share"] = out["count"] / out.groupby(["topic_id", "dimension"])["count"].transform("sum")
    out = out.merge(topic_labels(d)[["topic_id", "topic_label"]], on="topic_id", how="left")
    out["topic_id"] = out["topic_id"].astype("int64")
    out["count"] = out["count"].astype("int64")
    out["value"] = out["value"].astype(str)
    order = {dim: i for i, dim in enumerate(by)}
    out["_o"] = out["dimension"].map(order)
    out = out.sort_values(["topic_id", "_o", "count", "value"], ascending=[True, True, False, True], kind="mergesort")
    return out[cols].reset_index(drop=True)


def topics_over_time(
    df: pd.DataFrame,
    freq: str = "W",
    tz: str | None = None,
    topics: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Long table: period (bucket start, naive local time), topic_id, topic_label, topic_category,
    count, negative, share_negative. Every bucket between the first and the last record appears
    for every topic (0 when quiet), so trends draw without gaps. freq: "D", "W" (ISO) or "M".
    """
    cols = ["period", "topic_id", "topic_label", "topic_category", "count", "negative", "share_negative"]
    d = with_topics(prepare(df))
    if topics is not None:
        d = d.loc[d["topic_id"].isin(list(topics))]
    if d.empty:
        return pd.DataFrame(columns=cols)
    d = d.assign(period=period_start(local_naive(d["created_at"], tz), freq), _neg=is_negative(d))
    d = d.loc[d["period"].notna()]
    idx = full_period_index(d["period"], freq)
    g = d.groupby(["topic_id", "period"])
    counts = g.size().rename("count")
    negs = g["_neg"].sum().rename("negative")
    tids = sorted(d["topic_id"].unique())
    full = pd.MultiIndex.from_product([tids, idx], names=["topic_id", "period"])
    out = pd.concat([counts, negs], axis=1).reindex(full, fill_value=0).reset_index()
    out["count"] = out["count"].astype("int64")
    out["negative"] = out["negative"].astype("int64")
    out["share_negative"] = safe_div(out["negative"], out["count"])
    out = out.merge(topic_labels(d), on="topic_id", how="left")
    out["topic_id"] = out["topic_id"].astype("int64")
    return out[cols].sort_values(["topic_id", "period"]).reset_index(drop=True)
