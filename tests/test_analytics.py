"""Analytics on synthetic frames: ranking, growth, recurrence, emerging issues, spikes, SLA terms."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from escucha.analytics import (
    SlaTerms,
    add_business_days,
    business_days_between,
    emerging_issues,
    emotion_over_time,
    high_reach_negative,
    holiday_dates,
    issue_splits,
    negative_spike,
    rank_issues,
    scan_negative_spikes,
    sentiment_over_time,
    sla_indicators,
    sla_status,
    topics_over_time,
)
from escucha.analytics.recurring import growth_rate
from frames import NOW, TopicPlan, extra_records, make_frame

UTC = timezone.utc


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return make_frame()


def _topic(n, start, end, tid, label, seed, **kw):
    return extra_records(n, start, end, seed=seed, topic_id=tid, topic_label=label, topic_category="otros", **kw)


# -- recurring issues --------------------------------------------------------------------------

def test_frequent_negative_recurring_issue_outranks_rare_one(frame):
    r = rank_issues(frame, NOW).set_index("topic_id")
    assert -1 not in r.index  # outliers are not an issue
    assert r.loc[0, "rank"] == 1  # "Cobro doble": ~8/day, 85 % negative, every week
    assert r.loc[0, "rank"] < r.loc[7, "rank"]  # rare "Consulta de horarios"
    assert r.loc[7, "rank"] == r["rank"].max()
    assert list(r["rank"]) == sorted(r["rank"])


def test_negativity_and_recurrence_beat_a_bigger_one_off_burst():
    w = timedelta(weeks=1)
    parts = [_topic(20, NOW - w, NOW, 1, "Recurrente negativo", 1, sentiment="NEG")]
    parts += [_topic(3, NOW - w * (k + 1), NOW - w * k, 1, "Recurrente negativo", 10 + k, sentiment="NEG") for k in range(1, 8)]
    parts.append(_topic(25, NOW - w, NOW, 2, "Ráfaga positiva", 2, sentiment="POS"))
    r = rank_issues(pd.concat(parts, ignore_index=True), NOW).set_index("topic_id")
    assert r.loc[2, "volume"] > r.loc[1, "volume"]
    assert r.loc[1, "rank"] < r.loc[2, "rank"]
    assert r.loc[1, "share_negative"] == 1.0 and r.loc[2, "share_negative"] == 0.0


def test_advertising_and_news_are_counted_apart_not_ranked():
    """An issue of kind `comentario` (ads, news) is the largest of the week and still not a
    recurring problem: the ranking leaves it out and `set_apart` counts it; a topic with no kind
    (a store from before kinds) is ranked as a problem."""
    from escucha.analytics.recurring import set_apart

    w = timedelta(weeks=1)
    ads = _topic(40, NOW - w, NOW, 1, "Publicidad y promociones", 1, sentiment="NEU")
    ads["topic_kind"] = "comentario"
    old_ads = _topic(9, NOW - 3 * w, NOW - 2 * w, 1, "Publicidad y promociones", 5)  # before the period
    old_ads["topic_kind"] = "comentario"
    news = _topic(3, NOW - w, NOW, 4, "Noticias y comentarios del sector", 4)
    news["topic_kind"] = "comentario"
    problem = _topic(10, NOW - w, NOW, 2, "Cobro doble", 2, sentiment="NEG")
    problem["topic_kind"] = "problema"
    unknown = _topic(5, NOW - w, NOW, 3, "Tema sin tipo", 3)
    unknown["topic_kind"] = None
    r = rank_issues(pd.concat([ads, old_ads, news, problem, unknown], ignore_index=True), NOW)
    assert sorted(r["topic_id"]) == [2, 3] and r["rank"].tolist() == [1, 2]
    apart = set_apart(pd.concat([ads, old_ads, news, problem, unknown], ignore_index=True), NOW)
    assert apart[["topic_id", "volume"]].values.tolist() == [[1, 40], [4, 3]]  # largest first, this period
    assert apart["topic_label"].tolist() == ["Publicidad y promociones", "Noticias y comentarios del sector"]
    assert set_apart(pd.concat([problem, unknown], ignore_index=True), NOW).empty
    # nor is an ad campaign that starts this week an emerging problem
    campaign = _topic(30, NOW - w, NOW, 5, "Tema: compras, cine", 6)
    campaign["topic_kind"] = "comentario"
    fresh = _topic(30, NOW - w, NOW, 6, "Actualización 5.2", 7, sentiment="NEG")
    fresh["topic_kind"] = "problema"
    e = emerging_issues(pd.concat([problem, campaign, fresh], ignore_index=True), NOW)
    assert 6 in set(e["topic_id"]) and 5 not in set(e["topic_id"])


def test_growth_against_previous_period_and_window_edges():
    w = timedelta(days=7)
    df = pd.concat([
        _topic(10, NOW - 2 * w, NOW - w, 1, "Crece", 1),
        _topic(15, NOW - w, NOW, 1, "Crece", 2),
        _topic(4, NOW - w, NOW, 2, "Nuevo", 3),
        _topic(8, NOW - 2 * w, NOW - w, 3, "Baja", 4),
        _topic(2, NOW - w, NOW, 3, "Baja", 5),
    ], ignore_index=True)
    # a record exactly at the period start belongs to the previous period, one at now to this one
    edge = _topic(2, NOW - w - timedelta(seconds=1), NOW, 3, "Baja", 6)
    edge["created_at"] = [pd.Timestamp(NOW - w), pd.Timestamp(NOW)]
    r = rank_issues(pd.concat([df, edge], ignore_index=True), NOW).set_index("topic_id")
    assert (r.loc[1, "volume"], r.loc[1, "volume_prev"]) == (15, 10)
    assert r.loc[1, "growth"] == pytest.approx(0.5)
    assert (r.loc[2, "volume"], r.loc[2, "volume_prev"]) == (4, 0)
    assert r.loc[2, "growth"] == pytest.approx(4.0) and np.isfinite(r.loc[2, "growth"])
    assert (r.loc[3, "volume"], r.loc[3, "volume_prev"]) == (3, 9)
    assert r.loc[3, "growth"] == pytest.approx(-6 / 9)
    assert growth_rate(0, 0) == 0.0


def test_weeks_present_counts_distinct_iso_weeks_in_the_calendar_asked():
    stamps = [
        "2026-10-19T15:00Z",  # Monday, ISO week 43
        "2026-11-02T15:00Z",  # Monday, week 45
        "2026-11-08T15:00Z",  # Sunday, week 45 too
        "2026-11-09T03:00Z",  # Monday in UTC (week 46), Sunday 22:00 in Bogotá (week 45)
    ]
    df = _topic(len(stamps), NOW - timedelta(days=40), NOW, 5, "Tema", 1)
    df["created_at"] = pd.to_datetime(stamps, utc=True)
    assert rank_issues(df, NOW).loc[0, "weeks_present"] == 3
    assert rank_issues(df, NOW, tz="America/Bogota").loc[0, "weeks_present"] == 2
    assert rank_issues(df, NOW).loc[0, "weeks_observed"] == 5  # ISO weeks 43..47 (NOW is in week 47)


def test_customers_affected_uses_customer_id_then_author():
    df = _topic(5, NOW - timedelta(days=3), NOW, 1, "Tema", 1)
    df["customer_id"] = ["C1", "C1", None, None, "C2"]
    df["author"] = ["u_a", "u_b", "u_x", "u_x", "u_c"]
    assert rank_issues(df, NOW).loc[0, "customers_affected"] == 3  # C1, u_x, C2


def test_splits_add_up_to_the_period_volume(frame):
    r = rank_issues(frame, NOW).set_index("topic_id")
    s = issue_splits(frame, now=NOW, period_days=7)
    for dim in ("channel", "customer_segment", "product", "country"):
        per_topic = s.loc[s["dimension"] == dim].groupby("topic_id")["count"].sum()
        assert (per_topic == r.loc[per_topic.index, "volume"]).all()
        assert np.allclose(s.loc[s["dimension"] == dim].groupby("topic_id")["share"].sum(), 1.0)
    assert sum(r.loc[0, "by_channel"].values()) == r.loc[0, "volume"]
    assert r.loc[0, "top_channel"] == max(r.loc[0, "by_channel"], key=r.loc[0, "by_channel"].get)
    # the ranking's own split columns agree with the long table, for every dimension and topic
    for dim, col in (("channel", "by_channel"), ("customer_segment", "by_segment"), ("product", "by_product"),
                     ("country", "by_country")):
        long = s.loc[s["dimension"] == dim]
        for tid, counts in r[col].items():
            assert counts == dict(zip(long.loc[long.topic_id == tid, "value"], long.loc[long.topic_id == tid, "count"]))
            assert list(counts.values()) == sorted(counts.values(), reverse=True)  # largest first
        assert len({v for d in r[col] for v in d}) >= 2  # the frame really varies in this dimension


def test_topics_over_time_fills_quiet_weeks_with_zero():
    df = pd.concat([
        _topic(3, datetime(2026, 10, 5, tzinfo=UTC), datetime(2026, 10, 6, tzinfo=UTC), 1, "A", 1),
        _topic(2, datetime(2026, 10, 26, tzinfo=UTC), datetime(2026, 10, 27, tzinfo=UTC), 1, "A", 2),
    ], ignore_index=True)
    t = topics_over_time(df, "W")
    assert list(t["count"]) == [3, 0, 0, 2]
    assert list(t["period"]) == list(pd.date_range("2026-10-05", periods=4, freq="7D"))


# -- emerging issues ---------------------------------------------------------------------------

PLANS = [
    TopicPlan(1, "Estable", "otros", 6.0, 0.5, ["estable"]),
    TopicPlan(2, "Nuevo problema", "otros", 4.0, 0.9, ["nuevo"], start_days_ago=5),
    TopicPlan(3, "Creciente", "otros", 2.0, 0.8, ["crece"], surge_days=7, surge_factor=5.0),
    TopicPlan(4, "Pequeño nuevo", "otros", 0.5, 0.9, ["poco"], start_days_ago=4),
]


def test_emerging_finds_new_and_growing_topics_not_stable_ones():
    e = emerging_issues(make_frame(plans=PLANS, seed=3), NOW).set_index("topic_id")
    assert e.loc[2, "reason"] == "nuevo"
    assert e.loc[3, "reason"] == "crecimiento"
    assert e.loc[3, "volume"] > e.loc[3, "threshold"] and e.loc[3, "ratio"] > 2
    assert 1 not in e.index  # stable
    assert 4 not in e.index  # new but below min_volume
    assert -1 not in e.index


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_emerging_is_quiet_on_a_stable_history(seed):
    assert emerging_issues(make_frame(seed=seed), NOW).empty


def test_emerging_baseline_ignores_weeks_before_the_data():
    # 3 weeks of history at 10/week, then 30 this week: the baseline is 10, not 10·3/8
    w = timedelta(days=7)
    parts = [_topic(10, NOW - w * (k + 1), NOW - w * k, 1, "T", k) for k in range(1, 4)]
    parts.append(_topic(30, NOW - w, NOW, 1, "T", 9))
    e = emerging_issues(pd.concat(parts, ignore_index=True), NOW)
    assert e.loc[0, "baseline"] == pytest.approx(10.0)
    assert e.loc[0, "baseline_weeks_used"] == 3
    assert e.loc[0, "reason"] == "crecimiento"


# -- spikes ------------------------------------------------------------------------------------

def _social_frame(seed: int = 4) -> pd.DataFrame:
    plans = [TopicPlan(1, "Quejas en redes", "otros", 12.0, 0.4, ["texto"], channels={"social": 1.0})]
    return make_frame(plans=plans, seed=seed, outlier_daily=0)


def test_negative_spike_fires_on_a_planted_burst():
    base = _social_frame()
    burst = extra_records(40, NOW - timedelta(hours=20), NOW, seed=5, channel="social", sentiment="NEG",
                          topic_id=9, topic_label="Caída de la app")
    burst["followers"] = pd.array(range(1000, 41000, 1000), dtype="Int64")
    spike = negative_spike(pd.concat([base, burst], ignore_index=True), NOW)
    assert spike is not None
    assert spike.count >= 40 and spike.count > spike.threshold >= 10
    assert set(burst["id"]) <= set(spike.record_ids)
    assert spike.verbatim_ids[0] == burst.loc[burst["followers"].idxmax(), "id"]
    assert list(spike.top_topics)[0] == "Caída de la app"
    assert spike.key.startswith("pico-negativo:social:2026-11-20T15")


def test_negative_spike_stays_silent_on_normal_days():
    base = _social_frame()
    for days_back in range(0, 8):
        assert negative_spike(base, NOW - timedelta(days=days_back)) is None


def test_spike_needs_min_count_on_a_silent_channel():
    quiet = extra_records(6, NOW - timedelta(hours=10), NOW, seed=1, channel="social", sentiment="NEG")
    calm = extra_records(20, NOW - timedelta(days=7), NOW - timedelta(days=1), seed=2, channel="social", sentiment="POS")
    df = pd.concat([quiet, calm], ignore_index=True)
    assert negative_spike(df, NOW) is None
    assert negative_spike(df, NOW, min_count=5) is not None


def test_high_reach_negative_keeps_big_negative_accounts_only():
    df = extra_records(4, NOW - timedelta(hours=5), NOW, seed=3, channel="social")
    df["sentiment"] = ["NEG", "POS", "NEG", "NEG"]
    df["followers"] = pd.array([120_000, 500_000, 1_000, 80_000], dtype="Int64")
    old = extra_records(1, NOW - timedelta(days=3), NOW - timedelta(days=2), seed=4, channel="social", sentiment="NEG")
    old["followers"] = pd.array([900_000], dtype="Int64")
    out = high_reach_negative(pd.concat([df, old], ignore_index=True), NOW)
    assert list(out["followers"]) == [120_000, 80_000]


# -- business days and SLA ---------------------------------------------------------------------

def test_colombian_holidays_come_from_the_holidays_package():
    assert date(2026, 12, 8) in holiday_dates("CO", [2026])  # Inmaculada Concepción
    assert date(2026, 11, 16) in holiday_dates("CO", [2026])  # Independencia de Cartagena (trasladado)


def test_business_days_skip_weekends_and_festivos():
    assert add_business_days(date(2026, 12, 4), 1) == date(2026, 12, 7)  # Friday -> Monday
    assert add_business_days(date(2026, 12, 4), 2) == date(2026, 12, 9)  # skips Tuesday 8 (festivo)
    assert add_business_days(date(2026, 12, 5), 1) == date(2026, 12, 7)  # filed Saturday: day 1 is Monday
    assert add_business_days(date(2026, 11, 30), 15) == date(2026, 12, 22)  # Ley 1755 term
    assert business_days_between(date(2026, 12, 4), date(2026, 12, 9)) == 2
    assert business_days_between(date(2026, 12, 5), date(2026, 12, 6)) == 0
    # the same Tuesday is a working day in Mexico
    assert add_business_days(date(2026, 12, 7), 1, "MX") == date(2026, 12, 8)


def test_business_days_use_the_local_date_of_the_case():
    # Thursday 21:00 in Bogotá is already Friday in UTC
    filed = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
    assert add_business_days(filed, 1, "CO") == date(2026, 12, 4)


def test_adding_then_counting_business_days_round_trips():
    for offset in range(0, 60, 3):
        start = date(2026, 11, 1) + timedelta(days=offset)
        for n in (1, 10, 15, 30):
            assert business_days_between(start, add_business_days(start, n)) == n


NOW_SLA = datetime(2026, 12, 18, 15, 0, tzinfo=UTC)  # Friday, 10:00 in Bogotá


def _case(cid, opened, closed=None, pqrs_type="reclamo", source="demo-pqrs", first=None):
    df = extra_records(1, NOW_SLA - timedelta(days=60), NOW_SLA, seed=1, channel="pqrs", country="CO")
    df["id"] = cid
    df["source"] = source
    df["pqrs_type"] = pqrs_type
    df["opened_at"] = pd.Timestamp(opened, tz="America/Bogota").tz_convert("UTC")
    df["created_at"] = df["opened_at"]
    df["closed_at"] = pd.NaT if closed is None else pd.Timestamp(closed, tz="America/Bogota").tz_convert("UTC")
    df["first_response_at"] = pd.NaT if first is None else pd.Timestamp(first, tz="America/Bogota").tz_convert("UTC")
    return df


@pytest.fixture(scope="module")
def cases() -> pd.DataFrame:
    return pd.concat([
        _case("ok", "2026-12-01 09:00", "2026-12-10 16:00", first="2026-12-02 10:00"),  # 6 business days
        _case("late", "2026-11-03 09:00", "2026-12-01 12:00"),  # 19 business days
        _case("risk", "2026-12-01 09:00"),  # 12 of 15 used: 80 %
        _case("fresh", "2026-12-10 09:00"),  # 6 of 15
        _case("breached", "2026-11-20 09:00"),  # 19 of 15
        _case("docs", "2026-12-03 09:00", pqrs_type="petición de documentos"),  # 10 of 10
        _case("own-terms", "2026-12-10 09:00", pqrs_type="reclamo", source="empresa-b"),  # 6 of 5
        _case("closed-later", "2026-12-10 09:00", "2026-12-21 09:00"),  # closes after now: open
    ], ignore_index=True)


def test_sla_states_on_crafted_cases(cases):
    terms = SlaTerms(by_source={"empresa-b": {"reclamo": 5}})
    s = sla_status(cases, NOW_SLA, terms).set_index("id")
    assert s.loc["ok", "state"] == "cerrado a tiempo"
    assert s.loc["ok", "days_to_resolution"] == 6
    assert s.loc["ok", "days_to_first_response"] == 1
    assert s.loc["late", "state"] == "cerrado fuera de término"
    assert s.loc["late", "days_to_resolution"] == 19
    assert s.loc["risk", "state"] == "en riesgo"
    assert s.loc["risk", "used_share"] == pytest.approx(0.8)
    assert s.loc["fresh", "state"] == "a tiempo"
    assert s.loc["breached", "state"] == "vencido"
    assert s.loc["docs", "term_days"] == 10
    assert s.loc["docs", "state"] == "en riesgo"  # due today: not yet breached
    assert s.loc["own-terms", "term_days"] == 5 and s.loc["own-terms", "state"] == "vencido"
    assert s.loc["closed-later", "is_open"] and s.loc["closed-later", "state"] == "a tiempo"
    assert s.loc["ok", "due_date"] == pd.Timestamp("2026-12-23")  # 15 business days after Dec 1


def test_sla_terms_from_a_plain_dict_override_one_type(cases):
    s = sla_status(cases, NOW_SLA, {"reclamo": 20}).set_index("id")
    assert s.loc["breached", "term_days"] == 20 and s.loc["breached", "state"] == "en riesgo"
    assert s.loc["docs", "term_days"] == 10


def test_sla_indicators_compliance_and_counts(cases):
    s = sla_status(cases, NOW_SLA, SlaTerms(by_source={"empresa-b": {"reclamo": 5}}))
    total = sla_indicators(s, freq=None).iloc[0]
    assert total["cases"] == 8 and total["open"] == 6 and total["closed"] == 2
    assert total["breached"] == 2 and total["at_risk"] == 2
    assert total["compliance"] == pytest.approx(1 / 4)  # 1 on time / (2 closed + 2 breached)
    weekly = sla_indicators(s, freq="W")
    assert weekly["cases"].sum() == 8
    assert pd.Timestamp("2026-11-30") in set(weekly["period"])  # ISO week of Dec 1-3


# -- sentiment over time -----------------------------------------------------------------------

def test_sentiment_and_emotion_over_time():
    a = extra_records(4, datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 3, tzinfo=UTC), seed=1)
    a["sentiment"] = ["NEG", "NEG", "POS", "NEU"]
    a["emotion"] = ["enojo", "enojo", "alegría", "otro"]
    b = extra_records(2, datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 17, tzinfo=UTC), seed=2)
    b["sentiment"] = ["POS", None]
    b["emotion"] = ["alegría", None]
    s = sentiment_over_time(pd.concat([a, b], ignore_index=True), "W")
    assert list(s["total"]) == [4, 0, 2]
    assert s.loc[0, "share_negative"] == pytest.approx(0.5)
    assert s.loc[2, "share_positive"] == pytest.approx(1.0)  # the unknown one is not counted
    assert np.isnan(s.loc[1, "share_negative"])
    e = emotion_over_time(pd.concat([a, b], ignore_index=True), "W")
    assert e.loc[0, "enojo"] == pytest.approx(0.5) and e.loc[2, "alegría"] == pytest.approx(1.0)


def test_scan_finds_a_past_spike_day_only():
    base = _social_frame()
    day = pd.Timestamp(NOW) - timedelta(days=10)
    burst = extra_records(45, day - timedelta(hours=12), day - timedelta(hours=2), seed=6, channel="social",
                          sentiment="NEG")
    spikes = scan_negative_spikes(pd.concat([base, burst], ignore_index=True), NOW - timedelta(days=30), NOW)
    assert len(spikes) == 1
    assert spikes[0].window_start < (day - timedelta(hours=12)).to_pydatetime() and spikes[0].window_end >= day


# -- alerts as typed objects ---------------------------------------------------------------------

SPIKE_PAYLOAD = {
    "key": "pico-negativo:social:2026-11-20T15", "kind": "pico_negativo", "severity": "alta",
    "title": "Pico de menciones negativas en redes: 17 en 24 h (línea base 1,4)",
    "evidence": {"key": "pico-negativo:social:2026-11-20T15", "channel": "social",
                 "window_start": "2026-11-19T15:00:00+00:00", "window_end": "2026-11-20T15:00:00+00:00",
                 "count": 17, "baseline_mean": 1.4285714285714286, "baseline_std": 0.9, "threshold": 5.0,
                 "record_ids": ["a", "b"], "top_topics": {"Internet": 15, "Cobro": 2},
                 "verbatims": [{"id": "a", "text": "Sin señal", "url": None, "channel": "social",
                                "created_at": "2026-11-20T14:00:00+00:00"}]},
}


def test_alert_payload_reads_back_typed_and_writes_back_unchanged():
    import json

    from escucha.analytics.alerts import Alert, ReachEvidence, SpikeEvidence

    alert = Alert.from_payload(SPIKE_PAYLOAD)
    assert isinstance(alert.evidence, SpikeEvidence) and alert.evidence.count == 17
    assert alert.evidence.window_end == datetime(2026, 11, 20, 15, tzinfo=UTC)
    assert alert.verbatims[0].text == "Sin señal"
    assert alert.to_payload() == SPIKE_PAYLOAD  # "+00:00" kept, nothing added
    assert Alert.from_payload(json.dumps(SPIKE_PAYLOAD)) == alert  # the store's JSON text
    # a payload written by an older version or by hand: what it leaves out stays out
    sparse = {"key": "alcance-alto:1", "kind": "alcance_alto", "severity": "alta", "title": "Gran alcance",
              "evidence": {"followers": 100_000}}
    reach = Alert.from_payload(sparse)
    assert isinstance(reach.evidence, ReachEvidence) and reach.evidence.url is None and reach.verbatims == ()
    assert reach.to_payload() == sparse


def test_alert_refuses_unknown_kinds_severities_and_mismatched_evidence():
    from pydantic import ValidationError

    from escucha.analytics.alerts import Alert, AlertKind, ReachEvidence

    for change in ({"kind": "rumor"}, {"severity": "urgente"}, {"evidence": {"count": "muchos"}}):
        with pytest.raises(ValidationError):
            Alert.from_payload(SPIKE_PAYLOAD | change)
    with pytest.raises(ValidationError, match="carries ReachEvidence"):
        Alert(key="k", kind=AlertKind.SPIKE, severity="alta", title="t", evidence=ReachEvidence(followers=1))
    alert = Alert.from_payload(SPIKE_PAYLOAD)
    with pytest.raises(ValidationError):
        alert.severity = "baja"  # frozen: a copy is a new alert
