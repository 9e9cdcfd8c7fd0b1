"""Cron expressions of `schedule`: cron's own rules for the hourly scan's skip and for the config."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from escucha.config import ConfigError, load_config
from escucha.pipeline.alerts import cron_matches

BOGOTA = ZoneInfo("America/Bogota")


def test_day_of_month_or_day_of_week_when_both_are_restricted():
    """'0 2 1 * 1' fires on the 1st of every month AND on every Monday (cron's either-rule)."""
    expr = "0 2 1 * 1"
    assert cron_matches(expr, datetime(2026, 11, 1, 2, 0))  # a Sunday, the 1st
    assert cron_matches(expr, datetime(2026, 11, 2, 2, 0))  # a Monday, the 2nd
    assert not cron_matches(expr, datetime(2026, 11, 3, 2, 0))  # a Tuesday, the 3rd
    # only one of the two restricted: that one alone decides
    assert not cron_matches("0 2 1 * *", datetime(2026, 11, 2, 2, 0))
    assert not cron_matches("0 2 * * 1", datetime(2026, 11, 1, 2, 0))


def test_names_of_days_and_months():
    assert cron_matches("30 1 * * MON-FRI", datetime(2026, 11, 20, 1, 30))  # a Friday
    assert not cron_matches("30 1 * * MON-FRI", datetime(2026, 11, 21, 1, 30))  # a Saturday
    assert cron_matches("0 2 * NOV *", datetime(2026, 11, 20, 2, 0))
    assert not cron_matches("0 2 * JAN *", datetime(2026, 11, 20, 2, 0))  # a name is not "always"
    assert cron_matches("0 2 * * SUN", datetime(2026, 11, 22, 2, 0)) and cron_matches("0 2 * * 7", datetime(2026, 11, 22, 2, 0))


def test_minute_steps_lists_and_local_time():
    assert cron_matches("*/15 * * * *", datetime(2026, 11, 20, 3, 45, 59))  # seconds do not matter
    assert not cron_matches("*/15 * * * *", datetime(2026, 11, 20, 3, 46))
    assert cron_matches("0 2,14 * * *", datetime(2026, 11, 20, 14, 0, tzinfo=BOGOTA))
    assert not cron_matches("0 2 * * *", datetime(2026, 11, 20, 3, 0, tzinfo=BOGOTA))


@pytest.mark.parametrize("expr", ["0 2 * * FOO", "61 2 * * *", "0 2 * *"])
def test_the_config_refuses_what_cron_would_not_read(expr):
    with pytest.raises(ConfigError, match="schedule.cron"):
        load_config(environ={"ESCUCHA__SCHEDULE__CRON": expr})
