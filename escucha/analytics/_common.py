"""Shared helpers for the analytics functions: time normalisation, topic filtering, buckets.

Every analytics function receives the frame of `Store.analysis_frame()` (ANALYSIS_COLUMNS, one
row per record). Timestamps may arrive as tz-aware pandas columns, Python datetimes or strings;
they are normalised to UTC here once, so that window arithmetic against `now` is never off by a
time zone.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

OUTLIER_TOPIC = -1
NEG = "NEG"


def fold(value: Any) -> str:
    """Lower-case, strip accents: 'Facturación' and 'facturacion' are the same key in config."""
    decomposed = unicodedata.normalize("NFKD", str(value).strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def to_utc_ts(value: datetime | str | pd.Timestamp) -> pd.Timestamp:
    """One instant as a UTC Timestamp; a naive value is taken to be UTC already."""
    ts = pd.Timestamp(value)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def utc_series(s: pd.Series) -> pd.Series:
    """A column of instants as datetime64[UTC] (naive values are taken to be UTC)."""
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        return s.dt.tz_convert("UTC")
    if pd.api.types.is_datetime64_dtype(s.dtype):
        return s.dt.tz_localize("UTC")
    return pd.to_datetime(s, utc=True, errors="coerce", format="mixed")


def local_naive(s: pd.Series, tz: str | None) -> pd.Series:
    """Instants as naive wall-clock times in `tz` (UTC when None), ready for calendar buckets."""
    s = utc_series(s)
    if tz:
        s = s.dt.tz_convert(tz)
    return s.dt.tz_localize(None)


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """A shallow copy with `created_at` in UTC, `topic_id` as nullable int and sentiment upper-case."""
    out = df.copy()
    if "created_at" in out:
        out["created_at"] = utc_series(out["created_at"])
    if "topic_id" in out:
        out["topic_id"] = pd.to_numeric(out["topic_id"], errors="coerce").astype("Int64")
    if "sentiment" in out:
        out["sentiment"] = out["sentiment"].astype("string").str.upper()
    return out


def with_topics(df: pd.DataFrame) -> pd.DataFrame:
    """Rows that belong to a real topic (drops outliers -1 and unassigned records)."""
    if "topic_id" not in df:
        return df.iloc[0:0]
    keep = df["topic_id"].notna() & (df["topic_id"] != OUTLIER_TOPIC)
    return df.loc[keep.fillna(False).astype(bool)]


# Topic kinds that are not problems of the customers (nlp/topics/voice.py): advertising and news
# that name the company. Neither ranked as recurring issues nor flagged as emerging ones.
SET_APART_KINDS: tuple[str, ...] = ("comentario",)


def set_apart_rows(df: pd.DataFrame) -> pd.Series:
    """Rows whose topic is of a kind set apart (SET_APART_KINDS); a missing kind (a store written
    before kinds) is a problem, as every topic was then."""
    if "topic_kind" not in df:
        return pd.Series(False, index=df.index)
    return df["topic_kind"].isin(SET_APART_KINDS).fillna(False).astype(bool)


def is_negative(df: pd.DataFrame) -> pd.Series:
    if "sentiment" not in df:
        return pd.Series(False, index=df.index)
    return (df["sentiment"].astype("string").str.upper() == NEG).fillna(False).astype(bool)


def customer_key(df: pd.DataFrame) -> pd.Series:
    """Who wrote it: the customer id when the source has one, else the pseudonymised author."""
    cid = df["customer_id"] if "customer_id" in df else pd.Series(pd.NA, index=df.index)
    author = df["author"] if "author" in df else pd.Series(pd.NA, index=df.index)
    return cid.astype("string").fillna(author.astype("string"))


def in_window(ts: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Half-open window (start, end]: a record exactly at `now` counts, one exactly at the start
    belongs to the previous window, so consecutive windows never double-count."""
    return ((ts > start) & (ts <= end)).fillna(False).astype(bool)


def topic_labels(df: pd.DataFrame) -> pd.DataFrame:
    """One row per topic_id with its label and category (the most frequent, for stability)."""
    cols = ["topic_id"] + [c for c in ("topic_label", "topic_category") if c in df]
    if df.empty:
        return pd.DataFrame(columns=["topic_id", "topic_label", "topic_category"])
    t = df[cols].copy()
    for c in ("topic_label", "topic_category"):
        if c not in t:
            t[c] = pd.NA
    out = (
        t.groupby("topic_id", dropna=True)
        .agg(topic_label=("topic_label", _mode), topic_category=("topic_category", _mode))
        .reset_index()
    )
    missing = out["topic_label"].isna()
    out.loc[missing, "topic_label"] = "Tema " + out.loc[missing, "topic_id"].astype(str)
    return out


def _mode(s: pd.Series) -> Any:
    s = s.dropna()
    if s.empty:
        return pd.NA
    counts = s.value_counts()
    return sorted(counts[counts == counts.max()].index, key=str)[0]


FREQ_ALIASES = {"D": "D", "W": "W-SUN", "M": "M", "MS": "M", "ME": "M"}


def period_start(ts_local: pd.Series, freq: str) -> pd.Series:
    """Calendar bucket start: day, ISO week (Monday) or month, on naive local times."""
    try:
        pfreq = FREQ_ALIASES[freq.upper()]
    except KeyError:
        raise ValueError(f"freq must be one of D, W, M; got {freq!r}") from None
    return ts_local.dt.to_period(pfreq).dt.start_time


def full_period_index(starts: pd.Series, freq: str) -> pd.DatetimeIndex:
    """Every bucket from the first to the last one, so a quiet week shows as 0, not as a gap."""
    starts = starts.dropna()
    if starts.empty:
        return pd.DatetimeIndex([], name="period")
    pfreq = FREQ_ALIASES[freq.upper()]
    rng = pd.period_range(starts.min(), starts.max(), freq=pfreq)
    return pd.DatetimeIndex(rng.start_time, name="period")


def safe_div(num: Any, den: Any) -> Any:
    """num/den with NaN where den is 0 (a share of nothing is unknown, not zero)."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return out if out.ndim else float(out)
