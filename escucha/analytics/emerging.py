"""Emerging issues: topics that are new this window or clearly above their own weekly baseline.

A recurring-issues ranking favours big, old topics; a problem that starts today (a failed app
release, a billing run gone wrong) is small at first and must be caught by comparing each topic
with itself. The test is Poisson-like: with `expected` the topic's mean weekly count over the
baseline weeks (scaled to the window length) and

    sigma = max(observed std of the weekly counts, sqrt(expected), std_floor)

a topic is "crecimiento" when volume > expected + z·sigma, volume ≥ min_ratio·expected and
volume ≥ min_volume. The sqrt(expected) term is the Poisson noise of a count: it stops a topic
with a perfectly flat history (std 0) from firing on +1. A topic first seen inside the window
with volume ≥ min_volume is "nuevo". Topics of a kind set apart (advertising, news:
`SET_APART_KINDS`) are not emerging problems and are left out.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from escucha.analytics._common import (
    in_window,
    prepare,
    safe_div,
    set_apart_rows,
    to_utc_ts,
    topic_labels,
    utc_series,
    with_topics,
)

EMERGING_COLUMNS: tuple[str, ...] = (
    "topic_id", "topic_label", "topic_category", "volume", "baseline", "baseline_std", "threshold",
    "ratio", "zscore", "first_seen", "reason", "baseline_weeks_used",
)
REASON_NEW = "nuevo"
REASON_GROWTH = "crecimiento"


def emerging_issues(
    df: pd.DataFrame,
    now: datetime,
    window_days: int = 7,
    baseline_weeks: int = 8,
    min_volume: int = 10,
    z: float = 3.0,
    min_ratio: float = 1.5,
    std_floor: float = 1.0,
) -> pd.DataFrame:
    """Topics new in (now - window_days, now] or growing against the `baseline_weeks` weeks before.

    Columns: EMERGING_COLUMNS; `baseline` is the expected count for a window of this length,
    `ratio` = volume / baseline (NaN when the baseline is 0), `zscore` = (volume - baseline) /
    baseline_std. Baseline weeks before the first record of the frame are not counted as zeros
    (the history is just shorter). Sorted by zscore, strongest first.
    """
    now_ts = to_utc_ts(now)
    all_rows = prepare(df)
    all_rows = all_rows.loc[(all_rows["created_at"] <= now_ts).fillna(False).astype(bool)]
    d = with_topics(all_rows)
    d = d.loc[~set_apart_rows(d)]  # an ad campaign or a wave of news is not an emerging problem
    if d.empty:
        return pd.DataFrame(columns=list(EMERGING_COLUMNS))

    ws = now_ts - pd.Timedelta(days=window_days)
    week = pd.Timedelta(days=7)
    data_start = all_rows["created_at"].min()
    # baseline bin i covers (ws - 7(i+1), ws - 7i]; keep the bins that overlap the data
    n_bins = sum(1 for i in range(baseline_weeks) if ws - week * i > data_start)

    cur = in_window(d["created_at"], ws, now_ts)
    volume = d.loc[cur].groupby("topic_id").size()
    first_seen = d.groupby("topic_id")["created_at"].min()
    tids = first_seen.index

    if n_bins:
        before = d.loc[in_window(d["created_at"], ws - week * n_bins, ws)]
        bins = np.floor((ws - before["created_at"]) / week).astype("int64").clip(0, n_bins - 1)
        counts = (
            pd.DataFrame({"topic_id": before["topic_id"], "bin": bins})
            .value_counts()
            .unstack("bin", fill_value=0)
            .reindex(index=tids, columns=range(n_bins), fill_value=0)
        )
        mean = counts.mean(axis=1)
        std = counts.std(axis=1, ddof=0)
    else:
        mean = pd.Series(0.0, index=tids)
        std = pd.Series(0.0, index=tids)

    scale = window_days / 7.0
    out = pd.DataFrame(index=tids)
    out["volume"] = volume.reindex(tids, fill_value=0).astype("int64")
    out["baseline"] = mean * scale
    out["baseline_std"] = np.maximum.reduce([std.to_numpy() * scale, np.sqrt(out["baseline"].to_numpy()),
                                             np.full(len(tids), float(std_floor))])
    out["threshold"] = out["baseline"] + z * out["baseline_std"]
    out["ratio"] = safe_div(out["volume"], out["baseline"])
    out["zscore"] = (out["volume"] - out["baseline"]) / out["baseline_std"]
    out["first_seen"] = first_seen
    out["baseline_weeks_used"] = n_bins

    big = out["volume"] >= min_volume
    new = big & (out["first_seen"] > ws)
    grow = big & ~new & (out["volume"] > out["threshold"]) & (out["volume"] >= min_ratio * out["baseline"])
    out["reason"] = np.where(new, REASON_NEW, np.where(grow, REASON_GROWTH, ""))
    out = out.loc[new | grow].reset_index()
    if out.empty:
        return pd.DataFrame(columns=list(EMERGING_COLUMNS))
    out = out.merge(topic_labels(d), on="topic_id", how="left")
    out["topic_id"] = out["topic_id"].astype("int64")
    out = out.sort_values(["zscore", "volume", "topic_id"], ascending=[False, False, True], kind="mergesort")
    return out[list(EMERGING_COLUMNS)].reset_index(drop=True)


def topic_record_ids(df: pd.DataFrame, topic_id: int, now: datetime, window_days: int) -> list[str]:
    """Ids of the topic's records in (now - window_days, now], newest first (an emerging topic's
    verbatims)."""
    if "topic_id" not in df:
        return []
    created = utc_series(df["created_at"])
    now_ts = to_utc_ts(now)
    keep = ((pd.to_numeric(df["topic_id"], errors="coerce") == topic_id)
            & (created > now_ts - pd.Timedelta(days=window_days)) & (created <= now_ts)).fillna(False).astype(bool)
    sel = pd.DataFrame({"id": df.loc[keep, "id"].astype(str), "t": created[keep]})
    return sel.sort_values(["t", "id"], ascending=[False, True])["id"].tolist()
