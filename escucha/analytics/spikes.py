"""Reputation alerts: a burst of negative posts on a channel, and negative posts with big reach.

The spike test compares the negative count of the last window with the same-length windows of the
previous `baseline_days`: it fires when count > mean + k·sigma and count ≥ min_count, with
sigma = max(std, sqrt(mean), 1) so that a channel that is nearly silent (std 0) does not fire on
two posts (Poisson noise), and `min_count` keeps small absolute numbers out of a monitor's night.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Sequence

import numpy as np
import pandas as pd

from escucha.analytics._common import in_window, is_negative, prepare, to_utc_ts
from escucha.analytics.alerts import Quote, SpikeEvidence

N_VERBATIMS = 5


@dataclass
class Spike:
    """A negative spike on one channel (None = all channels) in (window_start, window_end]."""

    channel: str | None
    window_start: datetime
    window_end: datetime
    count: int
    baseline_mean: float
    baseline_std: float
    threshold: float
    record_ids: list[str] = field(default_factory=list)  # all negative records, highest reach first
    verbatim_ids: list[str] = field(default_factory=list)  # the first N_VERBATIMS of record_ids
    top_topics: dict[str, int] = field(default_factory=dict)  # topic label -> count in the window

    @property
    def key(self) -> str:
        """Natural key for Store.record_output: one alert per channel and window end hour."""
        end = pd.Timestamp(self.window_end).tz_convert("UTC")
        return f"pico-negativo:{self.channel or 'todos'}:{end:%Y-%m-%dT%H}"

    @property
    def ratio(self) -> float:
        return self.count / self.baseline_mean if self.baseline_mean > 0 else math.inf


def _by_reach(d: pd.DataFrame) -> pd.DataFrame:
    """Highest reach first: followers, then how negative, then newest; id breaks ties."""
    key = pd.DataFrame(index=d.index)
    key["f"] = pd.to_numeric(d["followers"], errors="coerce").fillna(0) if "followers" in d else 0
    key["n"] = pd.to_numeric(d["sentiment_neg"], errors="coerce").fillna(0) if "sentiment_neg" in d else 0
    key["t"] = d["created_at"]
    key["i"] = d["id"].astype(str)
    order = key.sort_values(["f", "n", "t", "i"], ascending=[False, False, False, True], kind="mergesort").index
    return d.loc[order]


def negative_spike(
    df: pd.DataFrame,
    now: datetime,
    channel: str | None = "social",
    window_hours: int = 24,
    baseline_days: int = 7,
    k: float = 3.0,
    min_count: int = 10,
) -> Spike | None:
    """The Spike of negative records on `channel` in (now - window_hours, now], or None.

    Baseline: the baseline_days·24/window_hours windows of the same length just before, ignoring
    windows that end before the data starts (a short history is not a run of zeros).
    """
    now_ts = to_utc_ts(now)
    d = prepare(df)
    d = d.loc[(d["created_at"] <= now_ts).fillna(False).astype(bool)]
    if channel is not None and "channel" in d:
        d = d.loc[(d["channel"].astype("string") == channel).fillna(False).astype(bool)]
    if d.empty:
        return None
    data_start = d["created_at"].min()
    neg = d.loc[is_negative(d)]
    width = pd.Timedelta(hours=window_hours)
    ws = now_ts - width
    in_win = neg.loc[in_window(neg["created_at"], ws, now_ts)]
    count = len(in_win)

    n_windows = int(baseline_days * 24 // window_hours)
    counts = []
    for i in range(n_windows):
        end = ws - width * i
        if end <= data_start:
            break
        counts.append(int(in_window(neg["created_at"], end - width, end).sum()))
    mean = float(np.mean(counts)) if counts else 0.0
    std = float(np.std(counts)) if counts else 0.0
    sigma = max(std, math.sqrt(mean), 1.0)
    threshold = max(mean + k * sigma, float(min_count))
    if count < min_count or count <= mean + k * sigma:
        return None

    ranked = _by_reach(in_win)
    ids = ranked["id"].astype(str).tolist()
    topics: dict[str, int] = {}
    if "topic_label" in ranked:
        labels = ranked["topic_label"].astype("string").dropna()
        topics = {str(k_): int(v) for k_, v in labels.value_counts().head(5).items()}
    return Spike(
        channel=channel,
        window_start=ws.to_pydatetime(),
        window_end=now_ts.to_pydatetime(),
        count=count,
        baseline_mean=mean,
        baseline_std=std,
        threshold=threshold,
        record_ids=ids,
        verbatim_ids=ids[:N_VERBATIMS],
        top_topics=topics,
    )


HIGH_REACH_COLUMNS: tuple[str, ...] = (
    "id", "channel", "created_at", "author", "followers", "likes", "shares", "url",
    "topic_id", "topic_label", "sentiment_neg", "text",
)


def high_reach_negative(
    df: pd.DataFrame,
    now: datetime,
    min_followers: int = 50_000,
    window_hours: int = 24,
) -> pd.DataFrame:
    """Negative records in (now - window_hours, now] whose author has ≥ min_followers, highest
    reach first: one angry post from a big account can matter more than a hundred small ones."""
    now_ts = to_utc_ts(now)
    d = prepare(df)
    cols = [c for c in HIGH_REACH_COLUMNS if c in d]
    if d.empty or "followers" not in d:
        return pd.DataFrame(columns=cols)
    followers = pd.to_numeric(d["followers"], errors="coerce")
    keep = (
        in_window(d["created_at"], now_ts - pd.Timedelta(hours=window_hours), now_ts)
        & is_negative(d)
        & (followers >= min_followers).fillna(False).astype(bool)
    )
    return _by_reach(d.loc[keep])[cols].reset_index(drop=True)


def spike_evidence(spike: Spike, verbatims: Sequence[Quote] = ()) -> SpikeEvidence:
    """The evidence of an alert on this spike."""
    return SpikeEvidence(
        key=spike.key, channel=spike.channel, window_start=spike.window_start, window_end=spike.window_end,
        count=spike.count, baseline_mean=spike.baseline_mean, baseline_std=spike.baseline_std,
        threshold=spike.threshold, record_ids=tuple(spike.record_ids), top_topics=dict(spike.top_topics),
        verbatims=tuple(verbatims),
    )


def scan_negative_spikes(
    df: pd.DataFrame,
    since: datetime,
    until: datetime,
    channel: str | None = "social",
    window_hours: int = 24,
    **kwargs: Any,
) -> list[Spike]:
    """negative_spike for each window ending at until, until - window_hours, ... down to since:
    for a backfill or a first run over history (the nightly run only checks the last window)."""
    until_ts, since_ts = to_utc_ts(until), to_utc_ts(since)
    found: list[Spike] = []
    end = until_ts
    while end > since_ts:
        spike = negative_spike(df, end, channel=channel, window_hours=window_hours, **kwargs)
        if spike is not None:
            found.append(spike)
        end -= pd.Timedelta(hours=window_hours)
    return found[::-1]


def spike_incidents(
    df: pd.DataFrame,
    since: datetime,
    until: datetime,
    cooldown: pd.Timedelta,
    last_alerted_end: pd.Timestamp | None = None,
    channel: str | None = "social",
    **kwargs: Any,
) -> list[Spike]:
    """Spikes in (since, until], windows closer than `cooldown` merged into one incident (its
    biggest window speaks for it), minus the incidents within `cooldown` of the end of the last
    spike already alerted on: one incident, one alert."""
    incidents: list[list[Spike]] = []
    for spike in scan_negative_spikes(df, since, until, channel=channel, **kwargs):
        if incidents and pd.Timestamp(spike.window_start) <= pd.Timestamp(incidents[-1][-1].window_end) + cooldown:
            incidents[-1].append(spike)
        else:
            incidents.append([spike])
    return [max(group, key=lambda s: s.count) for group in incidents
            if last_alerted_end is None or pd.Timestamp(group[0].window_start) > last_alerted_end + cooldown]
