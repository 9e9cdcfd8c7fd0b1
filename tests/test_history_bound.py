"""A night reads a bounded window of history (plus open PQRS cases), not the whole store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from escucha.config.schema import EscuchaConfig

from escucha.pipeline.history import analysis_since
from escucha.records import build_record
from escucha.store import open_store

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    with open_store(None, tmp_path / "data") as s:
        old = NOW - timedelta(days=400)
        records = [
            build_record("t", "old-closed", channel="pqrs", created_at=old, text="cobro doble", opened_at=old,
                         closed_at=old + timedelta(days=3)),
            build_record("t", "old-open", channel="pqrs", created_at=old, text="sin respuesta", opened_at=old),
            build_record("t", "old-post", channel="social", created_at=old, text="mal servicio"),
            build_record("t", "recent-post", channel="social", created_at=NOW - timedelta(days=2), text="sin señal"),
            build_record("t", "recent-closed", channel="pqrs", created_at=NOW - timedelta(days=20), text="factura",
                         opened_at=NOW - timedelta(days=20), closed_at=NOW - timedelta(days=10)),
        ]
        s.save_batch("t", records, [], None, "run-1")
        yield s


def test_window_plus_open_cases(store):
    since = analysis_since(EscuchaConfig(), NOW)
    ids = lambda df: sorted(store.fetch_records(ids=list(df["id"]), columns=["source_id"])["source_id"])

    assert ids(store.analysis_frame()) == ["old-closed", "old-open", "old-post", "recent-closed", "recent-post"]
    assert ids(store.analysis_frame(since=since)) == ["recent-closed", "recent-post"]
    assert ids(store.analysis_frame(since=since, open_cases=True)) == ["old-open", "recent-closed", "recent-post"]


def test_window_covers_what_the_analytics_need():
    weeks = lambda cfg: (pd.Timestamp(NOW) - analysis_since(cfg, NOW)) / pd.Timedelta(weeks=1)
    assert 26 <= weeks(EscuchaConfig()) < 27
    # never shorter than the 12-week report trends, or the emerging baseline, whatever is configured
    assert weeks(EscuchaConfig(analytics={"history_weeks": 1})) >= 12
    assert weeks(EscuchaConfig(analytics={"history_weeks": 1, "baseline_weeks": 20})) >= 21
    assert 52 <= weeks(EscuchaConfig(analytics={"history_weeks": 52})) < 53
