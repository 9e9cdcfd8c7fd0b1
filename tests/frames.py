"""Seeded, realistic analysis frames (ANALYSIS_COLUMNS + text) for analytics and report tests.

`make_frame()` writes ~10 weeks of a telecom's voice of customer: PQRS cases with their dates,
call transcripts, social posts with reach, surveys with scores, each with sentiment, emotion and a
BERTopic-like topic. Topics follow a `TopicPlan` (rate per day, share negative, when they start,
a surge in the last days) so that a test can plant exactly the pattern it checks; the default
plans and their example texts are in data/frames.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from escucha.store import ANALYSIS_COLUMNS

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)  # a Friday, 10:00 in Bogotá

CHANNEL_WEIGHTS = {"pqrs": 0.35, "transcript": 0.2, "social": 0.2, "email": 0.1, "chat": 0.1, "review": 0.03, "survey": 0.02}
SOURCES = {"pqrs": "demo-pqrs", "transcript": "demo-llamadas", "social": "demo-social", "email": "correo",
           "chat": "chat-web", "review": "resenas", "survey": "encuestas"}
SEGMENTS = {"estratégico": 0.05, "alto": 0.15, "medio": 0.4, "bajo": 0.4}
PROCESSES = ["preventa", "venta", "servicio", "cobranzas", "telemercadeo", "fidelización", "retención"]
PRODUCTS = ["Hogar Fibra 300", "Móvil Pospago", "Móvil Prepago", "TV Plus"]
COUNTRIES = {"CO": 0.7, "MX": 0.2, "ES": 0.1}
CITIES = {"CO": ["Bogotá", "Medellín", "Cali"], "MX": ["Ciudad de México", "Monterrey"], "ES": ["Madrid", "Sevilla"]}
PQRS_TYPES = {"reclamo": 0.4, "queja": 0.3, "petición": 0.25, "sugerencia": 0.05}
EMOTIONS = {"NEG": ["enojo", "tristeza", "miedo", "asco"], "NEU": ["otro", "sorpresa"], "POS": ["alegría"]}


@dataclass
class TopicPlan:
    topic_id: int
    label: str
    category: str
    daily: float  # mean records per day
    neg_share: float
    texts: list[str] = field(default_factory=list)
    start_days_ago: float | None = None  # None: from the start of the history
    surge_days: float = 0.0  # the last surge_days run at daily × surge_factor
    surge_factor: float = 1.0
    channels: dict[str, float] | None = None


_DATA = yaml.safe_load((Path(__file__).parent / "data" / "frames.yaml").read_text(encoding="utf-8"))
DEFAULT_PLANS: list[TopicPlan] = [TopicPlan(**plan) for plan in _DATA["topics"]]
OUTLIER_TEXTS: list[str] = _DATA["outlier_texts"]


def make_frame(
    now: datetime = NOW,
    days: int = 70,
    plans: list[TopicPlan] | None = None,
    seed: int = 7,
    outlier_daily: float = 2.0,
    with_text: bool = True,
) -> pd.DataFrame:
    """An analysis frame with one row per record, created in (now - days, now], seeded."""
    rng = np.random.default_rng(seed)
    plans = DEFAULT_PLANS if plans is None else plans
    now_ts = pd.Timestamp(now).tz_convert("UTC")
    rows: list[pd.DataFrame] = []
    outlier = TopicPlan(-1, "Otros", "otros", outlier_daily, 0.3, OUTLIER_TEXTS)
    for plan in [*plans, outlier]:
        ages: list[np.ndarray] = []
        for day in range(days):  # day 0 = the 24 h before now
            if plan.start_days_ago is not None and day >= plan.start_days_ago:
                continue
            rate = plan.daily * (plan.surge_factor if day < plan.surge_days else 1.0)
            k = rng.poisson(rate)
            ages.append(day + rng.random(k))
        age = np.concatenate(ages) if ages else np.array([])
        if age.size:
            rows.append(_records(rng, plan, now_ts - pd.to_timedelta(age, unit="D"), now_ts))
    df = pd.concat(rows, ignore_index=True)
    df["created_at"] = df["created_at"].dt.floor("s")
    df = df.sort_values("created_at", kind="mergesort").reset_index(drop=True)
    df["id"] = [f"r{i:06d}" for i in range(len(df))]
    cols = list(ANALYSIS_COLUMNS) + (["text"] if with_text else [])
    return df[cols]


def _choice(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return rng.choice(np.array(keys, dtype=object), size=n, p=p / p.sum())


def _records(rng: np.random.Generator, plan: TopicPlan, created: pd.DatetimeIndex, now: pd.Timestamp) -> pd.DataFrame:
    n = len(created)
    channel = _choice(rng, plan.channels or CHANNEL_WEIGHTS, n)
    country = _choice(rng, COUNTRIES, n)
    sentiment = np.where(rng.random(n) < plan.neg_share, "NEG", np.where(rng.random(n) < 0.6, "NEU", "POS"))
    neg_p = np.where(sentiment == "NEG", rng.uniform(0.6, 0.99, n), rng.uniform(0.0, 0.3, n))
    pos_p = np.where(sentiment == "POS", rng.uniform(0.6, 0.99, n) * (1 - neg_p), rng.uniform(0, 0.3, n) * (1 - neg_p))
    customer = rng.integers(1, 600, n)
    df = pd.DataFrame({
        "id": "",
        "source": [SOURCES[c] for c in channel],
        "channel": channel,
        "created_at": pd.DatetimeIndex(created).tz_convert("UTC"),
        "author": [f"u_{c * 7919:016x}" for c in customer],
        "customer_id": [None if ch == "social" else f"C{c:05d}" for c, ch in zip(customer, channel)],
        "customer_segment": _choice(rng, SEGMENTS, n),
        "process": rng.choice(np.array(PROCESSES, dtype=object), n),
        "product": rng.choice(np.array(PRODUCTS, dtype=object), n),
        "country": country,
        "region": [CITIES[c][i % len(CITIES[c])] for i, c in enumerate(country)],
        "language": "es",
        "sentiment": sentiment,
        "sentiment_neg": neg_p,
        "sentiment_pos": pos_p,
        "emotion": [EMOTIONS[s][int(rng.integers(len(EMOTIONS[s])))] for s in sentiment],
        "irony": rng.uniform(0, 0.2, n),
        "toxicity": rng.uniform(0, 0.1, n),
        "topic_id": plan.topic_id,
        "topic_label": plan.label,
        "topic_category": plan.category,
        "topic_kind": "problema",
        "text": [plan.texts[int(rng.integers(len(plan.texts)))] if plan.texts else "texto" for _ in range(n)],
    })
    df["sentiment_neu"] = 1.0 - df["sentiment_neg"] - df["sentiment_pos"]
    is_pqrs = channel == "pqrs"
    df["pqrs_type"] = np.where(is_pqrs, _choice(rng, PQRS_TYPES, n), None)
    opened = df["created_at"].where(is_pqrs)
    first = opened + pd.to_timedelta(rng.uniform(0.2, 8, n), unit="D")
    closed = opened + pd.to_timedelta(rng.uniform(2, 30, n), unit="D")
    df["opened_at"] = opened
    df["first_response_at"] = first.where(first <= now)
    df["closed_at"] = closed.where(closed <= now)
    df["status"] = np.where(~is_pqrs, None, np.where(df["closed_at"].notna(), "cerrado", "abierto"))
    social = channel == "social"
    df["followers"] = pd.array(np.where(social, np.round(rng.lognormal(6, 2, n)), np.nan), dtype="Int64")
    df["likes"] = pd.array(np.where(social, rng.integers(0, 50, n), np.nan), dtype="Int64")
    df["shares"] = pd.array(np.where(social, rng.integers(0, 10, n), np.nan), dtype="Int64")
    df["url"] = [f"https://x.example/p/{i}" if s else None for i, s in zip(rng.integers(1, 10**9, n), social)]
    df["score"] = np.where(channel == "survey", rng.integers(0, 11, n).astype(float), np.nan)
    return df


def extra_records(
    n: int,
    start: datetime,
    end: datetime,
    seed: int = 0,
    **fixed: object,
) -> pd.DataFrame:
    """n more records spread evenly in (start, end], with the columns in `fixed` forced (e.g.
    channel="social", sentiment="NEG", topic_id=9): plants a spike or a new topic in a frame."""
    rng = np.random.default_rng(seed)
    s, e = pd.Timestamp(start).tz_convert("UTC"), pd.Timestamp(end).tz_convert("UTC")
    created = pd.DatetimeIndex([e - (e - s) * (i + 0.5) / n for i in range(n)])
    plan = TopicPlan(int(fixed.get("topic_id", 99)), str(fixed.get("topic_label", "Tema plantado")),
                     str(fixed.get("topic_category", "otros")), 0, 1.0 if fixed.get("sentiment") == "NEG" else 0.5,
                     [str(fixed.get("text", "Texto plantado"))])
    df = _records(rng, plan, created, e)
    for k, v in fixed.items():
        df[k] = v
    df["id"] = [f"x{seed}_{i:05d}" for i in range(n)]
    return df[[c for c in [*ANALYSIS_COLUMNS, "text"] if c in df]]
