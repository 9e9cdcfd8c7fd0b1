"""Sentiment and emotion over time: the lines a team watches week after week."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from escucha.analytics._common import full_period_index, local_naive, period_start, prepare, safe_div

SENTIMENTS: tuple[str, ...] = ("NEG", "NEU", "POS")


def _bucketed(df: pd.DataFrame, freq: str, tz: str | None) -> pd.DataFrame:
    d = prepare(df)
    d = d.assign(period=period_start(local_naive(d["created_at"], tz), freq))
    return d.loc[d["period"].notna()]


def sentiment_over_time(df: pd.DataFrame, freq: str = "W", tz: str | None = None) -> pd.DataFrame:
    """Per bucket: total, NEG, NEU, POS counts, share_negative, share_positive and net
    (share_positive - share_negative). Shares are over records with a sentiment; every bucket
    from the first to the last record is present (0 counts, NaN shares when empty)."""
    cols = ["period", "total", *SENTIMENTS, "share_negative", "share_positive", "net"]
    d = _bucketed(df, freq, tz)
    if d.empty:
        return pd.DataFrame(columns=cols)
    idx = full_period_index(d["period"], freq)
    counts = (
        pd.crosstab(d["period"], d["sentiment"].fillna("?"))
        .reindex(index=idx, fill_value=0)
        .reindex(columns=list(SENTIMENTS), fill_value=0)
    )
    out = counts.astype("int64")
    out.insert(0, "total", d.groupby("period").size().reindex(idx, fill_value=0).astype("int64"))
    known = out[list(SENTIMENTS)].sum(axis=1)
    out["share_negative"] = safe_div(out["NEG"], known)
    out["share_positive"] = safe_div(out["POS"], known)
    out["net"] = out["share_positive"] - out["share_negative"]
    out.columns.name = None
    return out.rename_axis("period").reset_index()[cols]


def emotion_over_time(
    df: pd.DataFrame,
    freq: str = "W",
    tz: str | None = None,
    emotions: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Per bucket: total (records with an emotion) and the share of each emotion (columns named by
    the emotion labels as the model writes them, most frequent overall first, or `emotions`)."""
    d = _bucketed(df, freq, tz)
    if "emotion" in d:
        d = d.loc[d["emotion"].notna()]
    if d.empty or "emotion" not in d:
        return pd.DataFrame(columns=["period", "total", *(emotions or [])])
    idx = full_period_index(d["period"], freq)
    labels = list(emotions) if emotions is not None else list(d["emotion"].astype(str).value_counts().index)
    counts = pd.crosstab(d["period"], d["emotion"].astype(str)).reindex(index=idx, fill_value=0)
    total = counts.sum(axis=1)
    out = pd.DataFrame({"total": total.astype("int64")}, index=idx)
    for e in labels:
        col = counts[e] if e in counts else pd.Series(0, index=idx)
        out[e] = safe_div(col, total)
    return out.rename_axis("period").reset_index()
