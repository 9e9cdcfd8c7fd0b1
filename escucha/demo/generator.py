"""Deterministic demo corpus for Conecta: PQRS export, call transcripts, social posts, ground truth.

The corpus is made in steps: plan every record (planner.py), write its words and dates
(realiser.py), number the records the way each source does, and write the files (writers.py).

Determinism: one random.Random(seed) drives everything, iteration is over tuples/lists/dicts
(insertion-ordered), and no clock is read, so the same arguments give byte-identical files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from escucha.demo import catalog
from escucha.demo.at_risk import add_planted_calls, add_planted_pqrs, plant_at_risk
from escucha.demo.people import SocialUser
from escucha.demo.phrases import CALLS, EMERGING_KEY, ISSUES, SOCIAL, TOPICS
from escucha.demo.plan import Plan
from escucha.demo.planner import RECURRING, SPIKE_CITY, SPIKE_ISSUE, Planner, Settings
from escucha.demo.realiser import Realiser
from escucha.demo.writers import write_demo_marker, write_json, write_jsonl, write_pqrs_csv

Truth = dict[str, Any]


@dataclass
class _Made:
    """Realised records per channel, each with its sort time and its place in the plan."""

    pqrs: list[tuple[datetime, int, dict[str, Any], Truth]] = field(default_factory=list)
    calls: list[tuple[datetime, int, dict[str, Any], Truth]] = field(default_factory=list)  # UTC start
    posts: list[tuple[datetime, int, str, SocialUser, Truth, Plan]] = field(default_factory=list)  # UTC


def generate_demo(out_dir: Path, seed: int = 7, n_records: int = 6000, end: date = date(2026, 11, 20),
                  days: int = 120, at_risk: bool = True) -> dict[str, Path]:
    """Write pqrs.csv, transcripts.jsonl, social.json and truth.json into out_dir; same args, same bytes.
    `n_records` ordinary records; with `at_risk`, the contacts of the planted customers at risk
    (demo/data/at_risk.yaml: 12 customers, 36 PQRS and calls) come on top, and leave every ordinary record as it was."""
    if days < 21:
        raise ValueError("days must be at least 21 (three weeks) for the recurring/emerging facts to mean anything")
    if n_records < 600:
        raise ValueError("n_records must be at least 600 so the planted facts have their minimum volume")
    rng = random.Random(seed)
    settings = Settings(seed, n_records, end - timedelta(days=days - 1), end)
    plans = Planner(rng, settings).plan_all()
    realiser = Realiser(rng, settings)
    made = _realise(plans, realiser)
    records: dict[str, Truth] = {}  # truth.json's records, in file order: PQRS, calls, posts
    pqrs_rows = _number_pqrs(rng, made.pqrs, records)
    calls = _number_calls(made.calls, records)
    social = _social_document(rng, made.posts, realiser.users.users, records)
    planted = None
    if at_risk:
        planted = plant_at_risk(seed, end, {r["cliente_id"] for r in pqrs_rows} | {c["customer_id"] for c in calls})
        pqrs_rows = add_planted_pqrs(pqrs_rows, planted, records)
        calls = add_planted_calls(calls, planted, records)
    truth = _truth_document(settings, days, records)
    if planted is not None:
        truth["at_risk_customers"] = planted.customers
    return _write(Path(out_dir), pqrs_rows, calls, social, truth)


def _realise(plans: list[Plan], realiser: Realiser) -> _Made:
    made = _Made()
    for i, plan in enumerate(plans):
        if plan.channel == "pqrs":
            local, row, truth = realiser.pqrs(plan)
            made.pqrs.append((local, i, row, truth))
        elif plan.channel == "transcript":
            local, call, truth = realiser.transcript(plan)
            made.calls.append((catalog.to_utc(plan.country, local), i, call, truth))
        else:
            utc, text, user, truth = realiser.social(plan)
            made.posts.append((utc, i, text, user, truth, plan))
    return made


def _number_pqrs(rng: random.Random, pqrs: list, records: dict[str, Truth]) -> list[dict[str, Any]]:
    """Filing numbers in filing order, PQR-<year>-<n>: each year's counter starts where a help desk
    filing about 140 cases a day would be on the first day of the corpus."""
    pqrs.sort(key=lambda r: (r[0], r[1]))
    counters: dict[int, int] = {}
    rows = []
    for local, _, row, truth in pqrs:
        year = local.year
        if year not in counters:
            counters[year] = 1 + local.timetuple().tm_yday * 140 + rng.randrange(100)
        row["radicado"] = f"PQR-{year}-{counters[year]:06d}"
        counters[year] += 1
        records[f"pqrs:{row['radicado']}"] = truth
        rows.append(row)
    return rows


def _number_calls(calls: list, records: dict[str, Truth]) -> list[dict[str, Any]]:
    """Call ids in time order, CALL-<local date>-<n>."""
    calls.sort(key=lambda r: (r[0], r[1]))
    out = []
    for n, (_, _, call, truth) in enumerate(calls, 1):
        call["call_id"] = f"CALL-{call['started_at'][:10].replace('-', '')}-{n:05d}"
        records[f"transcript:{call['call_id']}"] = truth
        out.append(call)
    return out


def _social_document(rng: random.Random, posts: list, users: list[SocialUser],
                     records: dict[str, Truth]) -> dict[str, Any]:
    """The X API v2 search response: posts newest first (some replying to an earlier post on the
    same theme), their authors, and the meta block."""
    posts.sort(key=lambda r: (r[0], r[1]))
    tweets: list[dict[str, Any]] = []
    user_ids = {u.username: u.id for u in users}
    seen_users: dict[str, SocialUser] = {}
    recent: dict[str, list[tuple[datetime, str, str]]] = {}  # theme -> (time, conversation, author)
    for seq, (utc, _, text, user, truth, plan) in enumerate(posts):
        tid = _snowflake(utc, seq)
        replied, conversation = _maybe_reply(rng, text, utc, user, plan, recent.get(truth["topic"], []))
        conversation = conversation or tid
        recent.setdefault(truth["topic"], []).append((utc, conversation, user.username))
        tweet = {
            "id": tid, "text": replied, "author_id": user.id,
            "created_at": utc.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "lang": plan.lang,
            "public_metrics": _metrics(rng, user.followers, truth["sentiment"], user.followers >= 100_000),
            "conversation_id": conversation,
        }
        if replied != text:
            tweet["in_reply_to_user_id"] = user_ids[replied.split()[0][1:]]
        tweets.append(tweet)
        truth["author_followers"] = user.followers
        records[f"social:{tid}"] = truth
        seen_users.setdefault(user.id, user)
    tweets.reverse()  # the search API returns newest first
    return {"data": tweets, "includes": {"users": [_user_object(u) for u in sorted(seen_users.values(),
                                                                                   key=lambda u: u.username)]},
            "meta": {"result_count": len(tweets), "newest_id": tweets[0]["id"] if tweets else None,
                     "oldest_id": tweets[-1]["id"] if tweets else None}}


def _maybe_reply(rng: random.Random, text: str, utc: datetime, user: SocialUser, plan: Plan,
                 earlier: list[tuple[datetime, str, str]]) -> tuple[str, str | None]:
    """Some complaints answer a recent post on the same issue ("a mí también"): (text, conversation
    id of the post replied to, or None)."""
    if plan.kind == "issue" and not plan.tag.startswith("spike_") and earlier and rng.random() < 0.08:
        e_utc, e_conv, e_user = earlier[-1 - rng.randrange(min(5, len(earlier)))]
        if e_user != user.username and (utc - e_utc) < timedelta(days=2):
            return f"@{e_user} {text}", e_conv
    return text, None


def _user_object(u: SocialUser) -> dict[str, Any]:
    obj: dict[str, Any] = {"id": u.id, "username": u.username, "name": u.name,
                           "public_metrics": {"followers_count": u.followers}}
    if u.location:
        obj["location"] = u.location  # X leaves the key out when the user left it empty
    return obj


def _metrics(rng: random.Random, followers: int, sentiment: str, big: bool) -> dict[str, int]:
    reach = max(followers, 20) ** 0.75
    boost = 1.6 if sentiment == "neg" else 1.0
    likes = int(rng.expovariate(1.0) * reach * 0.05 * boost)
    if big:
        likes = int(followers * rng.uniform(0.004, 0.015))
    return {"retweet_count": int(likes * rng.uniform(0.05, 0.35)), "reply_count": int(likes * rng.uniform(0.02, 0.2)),
            "like_count": likes, "quote_count": int(likes * rng.uniform(0.0, 0.05))}


_X_EPOCH_MS = 1288834974657


def _snowflake(utc: datetime, seq: int) -> str:
    """An X post id: milliseconds since X's epoch, then a sequence number."""
    ms = int((utc - datetime(1970, 1, 1)).total_seconds()) * 1000
    return str(((ms - _X_EPOCH_MS) << 22) | ((seq >> 12) & 0x3FF) << 12 | (seq & 0xFFF))


def _truth_document(s: Settings, days: int, records: dict[str, Truth]) -> dict[str, Any]:
    return {
        "generator": {"seed": s.seed, "n_records": s.n_records, "start": s.start.isoformat(),
                      "end": s.end.isoformat(), "days": days, "brand": catalog.BRAND},
        "notes": {
            "date": "pqrs/transcript: local date of the country; social: UTC date of created_at",
            "pqrs_type": "intended type; pqrs_type_shown is what the help desk recorded (may be empty or wrong)",
            "sentiment": "intended sentiment of the customer's words: neg | neu | pos",
        },
        "issues": {k: {"label": v.label, "category": v.category, "process": v.process} for k, v in ISSUES.items()},
        "topics": {**{k: {"label": v.label, "kind": v.kind, "process": v.process} for k, v in TOPICS.items()},
                   **{o.topic: {"label": o.label, "kind": "saliente", "process": o.process}
                      for o in CALLS.outbound.values()}},
        "recurring": list(RECURRING),
        "emerging": {"issue": EMERGING_KEY, "label": ISSUES[EMERGING_KEY].label, "start": s.emerging_start.isoformat(),
                     "marker": "5.2"},
        "social_spike": {"date": s.spike_day.isoformat(), "issue": SPIKE_ISSUE, "country": "CO", "city": SPIKE_CITY,
                         "high_reach_author": SOCIAL.spike_influencer.username},
        "records": records,
    }


def _write(out_dir: Path, pqrs_rows: list[dict[str, Any]], calls: list[dict[str, Any]], social: dict[str, Any],
           truth: dict[str, Any]) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"pqrs": out_dir / "pqrs.csv", "transcripts": out_dir / "transcripts.jsonl",
             "social": out_dir / "social.json", "truth": out_dir / "truth.json"}
    write_pqrs_csv(paths["pqrs"], pqrs_rows)
    write_jsonl(paths["transcripts"], calls)
    write_json(paths["social"], social, expand=("data", "includes.users"))
    write_json(paths["truth"], truth, expand=("issues", "topics", "records", "at_risk_customers"))
    write_demo_marker(out_dir)
    return paths


__all__ = ["generate_demo"]
