"""Analytics: pure pandas functions over the analysis frame (ANALYSIS_COLUMNS), no store, no Prefect.

Recurring issues (recurring.py), emerging issues (emerging.py), reputation spikes (spikes.py),
PQRS terms in business days (sla.py) and sentiment/emotion over time (sentiment.py).
"""

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
    "Spike",
    "SlaTerms",
    "add_business_days",
    "business_days_between",
    "emerging_issues",
    "emotion_over_time",
    "high_reach_negative",
    "holiday_dates",
    "issue_splits",
    "negative_spike",
    "rank_issues",
    "scan_negative_spikes",
    "sentiment_over_time",
    "sla_indicators",
    "sla_status",
    "topics_over_time",
]
