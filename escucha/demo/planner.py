"""Decide what every demo record says before any text is written: channel, day, country, theme
and tone, with the planted facts (recurring issues, the emerging issue, the social spike).

Why planted facts: the demo has to show Escucha finding something. So the corpus contains a
set of recurring issues present every week, one issue that only starts in the last days
(emerging), and a one-day outage spike on social media, and truth.json says where they are.
The volumes and mixes are in data/mix.yaml.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from escucha.demo import catalog
from escucha.demo.phrases import CALLS, EMERGING_KEY, ISSUES, SOCIAL, TOPICS, Account, Post, topics_of
from escucha.demo.plan import Plan
from escucha.textgen import read_yaml

CHANNELS = ("pqrs", "transcript", "social")
RECURRING: tuple[str, ...] = ("internet_lento", "cobro_doble", "espera_larga", "app_se_cierra", "tecnico_no_llega")
SPIKE_ISSUE = "sin_servicio"
SPIKE_CITY = "Bogotá"
MIX = read_yaml("escucha.demo.data", "mix.yaml")
_TONE_OF_SENTIMENT = {"neg": "upset", "pos": "pos", "neu": "neu"}


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    """A key drawn with its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def _country(rng: random.Random) -> str:
    return rng.choices(catalog.COUNTRIES, weights=catalog.COUNTRY_WEIGHTS, k=1)[0]


@dataclass
class Settings:
    seed: int
    n_records: int
    start: date
    end: date

    def __post_init__(self) -> None:
        self.days: list[date] = [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    @property
    def emerging_start(self) -> date:
        return self.end - timedelta(days=5)

    @property
    def spike_day(self) -> date:
        return self.end - timedelta(days=1)


@dataclass
class _Budget:
    """Records per channel, less those the planted facts already took."""

    pqrs: int
    transcript: int
    social: int

    def take(self, channel: str, n: int) -> None:
        setattr(self, channel, getattr(self, channel) - n)


class Planner:
    def __init__(self, rng: random.Random, s: Settings):
        self.rng = rng
        self.s = s
        self.day_weights = {ch: [MIX["weekday_factors"][ch][d.weekday()] * (1 + 0.15 * i / max(1, len(s.days) - 1))
                                 for i, d in enumerate(s.days)] for ch in CHANNELS}

    def day(self, channel: str) -> date:
        return self.rng.choices(self.s.days, weights=self.day_weights[channel], k=1)[0]

    def issue(self, channel: str, exclude: str | None = None) -> str:
        i = CHANNELS.index(channel)
        w = {k: v[i] for k, v in MIX["issue_weights"].items() if k != exclude}
        return pick(self.rng, w)

    def issue_plan(self, channel: str, day: date, country: str, topic: str, tag: str = "",
                   city: str | None = None) -> Plan:
        rng = self.rng
        tone = pick(rng, MIX["tone_weights"][channel])
        issues = [topic]
        if rng.random() < (0.1 if channel != "social" else 0.05):
            issues.append(self.issue(channel, exclude=topic))
        return Plan(channel, day, country, "issue", topic, issues, tone, tag, city)

    def base_plan(self, channel: str) -> Plan:
        """An ordinary record: a complaint, a request, a suggestion, praise or an outbound call."""
        rng = self.rng
        day, country = self.day(channel), _country(rng)
        kind = pick(rng, MIX["kind_weights"][channel])
        if kind == "issue":
            return self.issue_plan(channel, day, country, self.issue(channel))
        if kind in CALLS.outbound:
            return self._outbound_plan(channel, day, country, kind)
        topics = topics_of(kind)
        topic = topics[rng.randrange(len(topics))]
        tone = "pos" if kind == "felicitacion" else "neu"
        return Plan(channel, day, country, kind, topic, [], tone)

    def _outbound_plan(self, channel: str, day: date, country: str, kind: str) -> Plan:
        rng = self.rng
        outbound = CALLS.outbound[kind]
        complaint = outbound.complaint
        r = rng.random()
        if r < 0.35:  # the customer answers the outbound call with a complaint
            if kind == "cobranza_out" and rng.random() < 0.35:
                complaint = "reporte_centrales"
            return Plan(channel, day, country, kind, complaint, [complaint], rng.choice(("upset", "angry")))
        if kind == "telemercadeo_out" and r < 0.5:
            return Plan(channel, day, country, kind, outbound.topic, [], "pos")
        return Plan(channel, day, country, kind, outbound.topic, [], "neu")

    # ------------------------------------------------------------------ the whole corpus
    def plan_all(self) -> list[Plan]:
        """Every record's plan: the planted facts first, then ordinary records up to the volume."""
        n = self.s.n_records
        n_pqrs = round(n * MIX["channel_shares"]["pqrs"])
        n_calls = round(n * MIX["channel_shares"]["transcript"])
        budget = _Budget(n_pqrs, n_calls, n - n_pqrs - n_calls)
        n_social = budget.social
        plans = (self._emerging(budget) + self._spike(budget) + self._recurring_floor(budget)
                 + self._big_accounts(budget) + self._foreign(budget, n_social))
        for ch in CHANNELS:
            left = getattr(budget, ch)
            if left < 0:
                raise ValueError(f"n_records={n} is too small for the planted facts of channel {ch!r}")
            plans += [self.base_plan(ch) for _ in range(left)]
        return plans

    def _emerging(self, budget: _Budget) -> list[Plan]:
        """The emerging issue: only from emerging_start, ramping up, mostly in posts and PQRS."""
        rng, s, n = self.rng, self.s, self.s.n_records
        total = max(min(60, n // 10), round(0.02 * n))
        counts = {"social": round(total * 0.45), "pqrs": round(total * 0.40)}
        counts["transcript"] = total - counts["social"] - counts["pqrs"]
        days = [s.emerging_start + timedelta(days=i) for i in range((s.end - s.emerging_start).days + 1)]
        weights = [1 + i for i in range(len(days))]
        plans = []
        for ch in CHANNELS:
            budget.take(ch, counts[ch])
            for _ in range(counts[ch]):
                day = rng.choices(days, weights=weights, k=1)[0]
                plans.append(self.issue_plan(ch, day, _country(rng), EMERGING_KEY, tag="emerging"))
        return plans

    def _spike(self, budget: _Budget) -> list[Plan]:
        """The outage in Bogotá on spike_day: a burst of posts, some PQRS and calls, and the posts
        of a news account and an influencer."""
        s, n = self.s, self.s.n_records
        plans = []
        for ch, k in (("social", max(30, round(0.01 * n))), ("pqrs", round(0.004 * n)),
                      ("transcript", round(0.002 * n))):
            budget.take(ch, k)
            for _ in range(k):
                p = self.issue_plan(ch, s.spike_day, "CO", SPIKE_ISSUE, tag="spike", city=SPIKE_CITY)
                p.issues = [SPIKE_ISSUE]
                if ch == "social" and p.tone == "calm":
                    p.tone = "upset"
                plans.append(p)
        for tag, tone, account in (("spike_big", "angry", SOCIAL.spike_influencer),
                                   ("spike_news", "calm", SOCIAL.spike_news)):
            plans.append(Plan("social", s.spike_day, "CO", "issue", SPIKE_ISSUE, [SPIKE_ISSUE], tone, tag,
                              SPIKE_CITY, fixed_text=account.post))
        budget.take("social", 2)
        return plans

    def _recurring_floor(self, budget: _Budget) -> list[Plan]:
        """One PQRS per recurring issue in every full week (counted back from the end)."""
        rng, s = self.rng, self.s
        plans = []
        for w in range(len(s.days) // 7):
            week = [s.end - timedelta(days=7 * w + k) for k in range(7)]
            for key in RECURRING:
                plans.append(self.issue_plan("pqrs", week[rng.randrange(7)], _country(rng), key,
                                             tag="recurring_floor"))
        budget.take("pqrs", len(plans))
        return plans

    def _big_accounts(self, budget: _Budget) -> list[Plan]:
        """High-reach accounts posting on ordinary days (not in the last week)."""
        rng, s = self.rng, self.s
        early_days = s.days[: max(1, len(s.days) - 7)]
        plans = []
        for i, post in enumerate(SOCIAL.big_account_posts):
            acc = SOCIAL.big_accounts[i % len(SOCIAL.big_accounts)]
            plans.append(_fixed_post_plan(post, early_days[rng.randrange(len(early_days))], big_country(acc), "big"))
        budget.take("social", len(plans))
        return plans

    def _foreign(self, budget: _Budget, n_social: int) -> list[Plan]:
        """A few posts in English or Portuguese."""
        rng = self.rng
        plans = []
        for _ in range(max(2, round(0.02 * n_social))):
            post = SOCIAL.foreign_posts[rng.randrange(len(SOCIAL.foreign_posts))]
            plans.append(_fixed_post_plan(post, self.day("social"), rng.choice(catalog.COUNTRIES), "foreign"))
        budget.take("social", len(plans))
        return plans


def _fixed_post_plan(post: Post, day: date, country: str, tag: str) -> Plan:
    kind = "issue" if post.topic in ISSUES else TOPICS[post.topic].kind
    return Plan("social", day, country, kind, post.topic, [post.topic] if kind == "issue" else [],
                _TONE_OF_SENTIMENT[post.sentiment], tag, lang=post.lang, fixed_text=post.text)


def big_country(acc: Account) -> str:
    """The country of a high-reach account, from its location."""
    if "Madrid" in acc.location or "España" in acc.location:
        return "ES"
    if "México" in acc.location:
        return "MX"
    return "CO"
