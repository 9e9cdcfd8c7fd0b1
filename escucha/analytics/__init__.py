"""Analytics: pure pandas functions over the analysis frame (ANALYSIS_COLUMNS), no store, no Prefect.

Recurring issues (recurring.py), emerging issues (emerging.py), reputation spikes (spikes.py),
PQRS terms in business days (sla.py), sentiment/emotion over time (sentiment.py), and alerts as
typed objects (alerts.py). The frame helpers every one of them uses (time zones, windows, what
counts as negative, who is a customer) are exported too, for outputs that slice the same frame.
"""

from escucha.analytics._common import (
    customer_key,
    fold,
    in_window,
    is_negative,
    local_naive,
    prepare,
    safe_div,
    set_apart_rows,
    to_utc_ts,
)
from escucha.analytics.alerts import Alert, AlertKind
from escucha.analytics.emerging import emerging_issues
from escucha.analytics.recurring import issue_splits, rank_issues, topics_over_time
from escucha.analytics.sentiment import emotion_over_time, sentiment_over_time
from escucha.analytics.sla import (
    SlaTerms,
    add_business_days,
    business_days_between,
    holiday_dates,
    sla_indicators,
    sla_status,
)
from escucha.analytics.spikes import Spike, high_reach_negative, negative_spike, scan_negative_spikes

__all__ = [
    "Alert",
    "AlertKind",
    "Spike",
    "SlaTerms",
    "add_business_days",
    "business_days_between",
    "customer_key",
    "emerging_issues",
    "emotion_over_time",
    "fold",
    "high_reach_negative",
    "holiday_dates",
    "in_window",
    "is_negative",
    "issue_splits",
    "local_naive",
    "negative_spike",
    "prepare",
    "rank_issues",
    "safe_div",
    "set_apart_rows",
    "scan_negative_spikes",
    "sentiment_over_time",
    "sla_indicators",
    "sla_status",
    "to_utc_ts",
    "topics_over_time",
]
