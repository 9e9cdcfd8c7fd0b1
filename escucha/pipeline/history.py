"""How much history a night's (or an hour's) analytics read, and reading it.

Reading the whole history made each night slower and bigger as the store grew; the analytics
need only `analytics.history_weeks` back, or further where a window needs it (report trends,
the emerging-topic baseline, the period comparison, the spike baseline).
"""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd

from escucha.config import EscuchaConfig
from escucha.store import Store

REPORT_TREND_WEEKS = 12  # build_report's history_weeks: weekly trends and SLA history


def analysis_since(cfg: EscuchaConfig, now: datetime) -> pd.Timestamp:
    """The oldest record the analytics of `now` read."""
    a = cfg.analytics
    need_days = max(
        7 * a.history_weeks,
        7 * REPORT_TREND_WEEKS,
        a.emerging_window_days + 7 * a.baseline_weeks,
        2 * a.period_days,
        cfg.alerts.lookback_hours / 24 + 7,  # spikes: lookback + 7 baseline days
    )
    return pd.Timestamp(now) - pd.Timedelta(days=math.ceil(need_days) + 1)


def read_analysis_frame(cfg: EscuchaConfig, store: Store, now: datetime) -> pd.DataFrame:
    """The analysis frame of that history, with texts (verbatims) and every open PQRS case
    whatever its age (its term runs until it is closed)."""
    return store.analysis_frame(since=analysis_since(cfg, now), with_text=True, open_cases=True)
