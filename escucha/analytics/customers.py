"""Customers at risk: one view per customer over a rolling window, and an explainable score.

A customer is their `customer_id`; a record without one belongs to its pseudonymised author
within one channel (`social:u_…`: the same handle on two networks is not assumed to be one
person). Over `window_days` up to `now` each customer gets a `CustomerView`: contacts per
channel, negative contacts (sentiment NEG), the issues (topics) raised, PQRS cases open and
breached (analytics.sla), churn-intent signals (nlp/signals, stored by the enrichment step) and
the last contact.

The score is a sum of points times two factors, every term shown as a reason in Spanish:

    points = negative_contact × min(negative contacts, max_negative_contacts)
           + cross_channel × (channels with a negative contact − 1)
           + open_case × open cases not yet breached
           + breached_case × breached cases (open past the term, or closed late in the window)
           + churn_intent × (1 if any contact announces leaving)
    score  = points × segment factor (estratégico, alto, medio, bajo) × recency factor

The recency factor is 1 while the last warning (the latest negative contact or announcement of
leaving) is at most `recency_full_days` old and falls linearly to `recency_floor` at the end of
the window. Only a customer with a warning in the window can be listed: a negative contact, or
an announcement of leaving in any tone ("quiero cancelar mi cuenta, ¿qué debo hacer?" is
polite and neutral, and still a customer about to leave); a customer with neither is never
listed, whatever else they have. Pure functions over frames: the store is read by
escucha/pipeline/customers.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

import pandas as pd
import yaml

from escucha.analytics._common import to_utc_ts, utc_series
from escucha.analytics.sla import sla_status
from escucha.locales import format_day, format_quantity

WORDS_FILE = Path(__file__).resolve().parent / "customers_es.yaml"
NEGATIVE = "NEG"
FOLLOWUP_STATES: tuple[str, ...] = ("contactado", "recuperado", "perdido")


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """The Spanish words of the list (customers_es.yaml)."""
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def channel_name(channel: str) -> str:
    return words()["channels"].get(channel, channel)


@dataclass(frozen=True)
class RiskWeights:
    """The score's weights (config `customers.weights`)."""

    negative_contact: float = 1.0
    max_negative_contacts: int = 5
    cross_channel: float = 2.0
    open_case: float = 1.0
    breached_case: float = 3.0
    churn_intent: float = 5.0
    segment: Mapping[str, float] = field(default_factory=lambda: {
        "estratégico": 2.0, "alto": 1.5, "medio": 1.0, "bajo": 0.8})
    unknown_segment: float = 1.0
    recency_full_days: int = 7
    recency_floor: float = 0.5

    @classmethod
    def from_config(cls, weights: Any) -> "RiskWeights":
        data = weights.model_dump() if hasattr(weights, "model_dump") else dict(weights)
        return cls(**data)


@dataclass(frozen=True)
class Reason:
    """One term of the score, in Spanish, with the points or the factor it adds.

    `template` holds the words (customers_es.yaml) with {placeholders}; `values` fills them when
    the reason is read (`text`), so its numbers are written in the locale of whoever reads it (a
    team's report, the deployment's alert or dashboard) and as a Spanish reader expects them:
    "2", "1.234", "1,5", never "2,0" (escucha.locales.format_quantity)."""

    code: str
    template: str
    points: float | None = None
    factor: float | None = None
    values: tuple[tuple[str, Any], ...] = ()

    @property
    def text(self) -> str:
        if not self.values:
            return self.template
        return self.template.format(**{k: spoken(v) for k, v in self.values})


def spoken(value: Any) -> str:
    """A placeholder's value as it is written in a reason: numbers as format_quantity writes them,
    days spelt out as the reports write them ("19 de noviembre de 2026", Babel's long date in the
    locale in force); anything else as its text."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_day(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return format_quantity(value)


@dataclass(frozen=True)
class Evidence:
    """A customer's own words (redacted at ingest) with where and when they were said."""

    record_id: str
    created_at: datetime
    channel: str
    text: str
    topic: str | None = None
    churn_cue: str | None = None
    churn_excerpt: str | None = None  # the words that announce leaving, from the redacted text


@dataclass(frozen=True)
class CustomerView:
    key: str  # customer_id, or "channel:author pseudonym"
    customer_id: str | None
    segment: str | None
    contacts: Mapping[str, int]  # channel -> contacts in the window
    negative_contacts: int
    negative_channels: tuple[str, ...]
    issues: tuple[str, ...]  # topic labels raised in the window, most frequent first
    open_cases: int
    breached_cases: int
    churn_signals: int
    last_contact: datetime
    last_negative: datetime | None
    score: float = 0.0
    last_churn: datetime | None = None  # the latest contact that announces leaving
    reasons: tuple[Reason, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    open_case_ids: tuple[str, ...] = ()
    follow_up: str | None = None
    follow_up_at: datetime | None = None
    processes: tuple[str, ...] = ()  # business processes of the contacts in the window, most frequent first

    @property
    def total_contacts(self) -> int:
        return int(sum(self.contacts.values()))

    @property
    def strategic(self) -> bool:
        return self.segment == "estratégico"

    @property
    def last_warning(self) -> datetime | None:
        """The latest contact that puts the customer at risk: negative, or announcing leaving."""
        seen = [t for t in (self.last_negative, self.last_churn) if t is not None]
        return max(seen, key=to_utc_ts) if seen else None

    @property
    def warned(self) -> bool:
        """Whether the window holds a warning, the condition to be listed at all."""
        return self.negative_contacts > 0 or self.churn_signals > 0


def customer_keys(frame: pd.DataFrame) -> pd.Series:
    """The customer of each record: its customer_id, else "channel:author", else missing."""
    cid = frame["customer_id"].astype("string").str.strip() if "customer_id" in frame else None
    author = frame["author"].astype("string").str.strip()
    by_author = frame["channel"].astype("string") + ":" + author
    key = by_author if cid is None else cid.where(cid.notna() & (cid != ""), by_author)
    return key.where(key.notna() & (key != ""))


def customer_views(frame: pd.DataFrame, now: datetime, window_days: int = 30,
                   signals: pd.DataFrame | None = None, sla_terms: Any = None,
                   verbatims: int = 3, negative_only: bool = False) -> list[CustomerView]:
    """One view per customer with a contact in (now − window_days, now], sorted by key. `frame`
    is the store's analysis frame (with `text` for the evidence); `signals` the store's signals
    (record_id, kind, cue, excerpt). `negative_only`: only customers with a warning, a negative
    contact or an announcement of leaving (the only ones a list can hold), which skips most of a
    big night's customers.

    Every count is one grouped pass over the window (a night holds tens of thousands of
    customers: work per customer in pandas took minutes); Python runs once per customer only to
    assemble the view from those results."""
    now_ts = to_utc_ts(now)
    start = now_ts - pd.Timedelta(days=window_days)
    if frame.empty:
        return []
    d = frame.copy()
    d["created_at"] = utc_series(d["created_at"])
    d["customer"] = customer_keys(d)
    d = d.loc[d["customer"].notna()]
    w = d.loc[(d["created_at"] > start) & (d["created_at"] <= now_ts)].copy()
    if w.empty:
        return []
    w["negative"] = (w["sentiment"].astype("string") == NEGATIVE).fillna(False).astype(bool)
    sig = signals if signals is not None and not signals.empty else pd.DataFrame(
        columns=["record_id", "kind", "cue", "excerpt"])
    churn = sig.loc[sig["kind"] == "intencion_de_fuga"].drop_duplicates("record_id").set_index("record_id")
    w["churn_cue"] = w["id"].map(churn["cue"]) if len(churn) else None
    w["churn_excerpt"] = w["id"].map(churn["excerpt"]) if len(churn) else None
    if negative_only:
        warned = w["negative"] | w["churn_cue"].notna()
        w = w.loc[w["customer"].isin(set(w.loc[warned, "customer"]))]
        if w.empty:
            return []
    w = w.sort_values(["customer", "created_at", "id"], kind="mergesort").reset_index(drop=True)
    by = w.groupby("customer", sort=True)

    last = by.tail(1).set_index("customer")
    last_cid = w.dropna(subset=["customer_id"]).groupby("customer")["customer_id"].last() \
        if "customer_id" in w else pd.Series(dtype=object)
    last_seg = w.dropna(subset=["customer_segment"]).groupby("customer")["customer_segment"].last()
    neg = w.loc[w["negative"]]
    neg_count = neg.groupby("customer").size()
    neg_last = neg.groupby("customer")["created_at"].last()
    neg_channels = neg.groupby("customer")["channel"].agg(lambda c: tuple(sorted(c.astype(str).unique())))
    churn_count = w.loc[w["churn_cue"].notna()].groupby("customer").size()
    churn_last = w.loc[w["churn_cue"].notna()].groupby("customer")["created_at"].last()
    contacts = _ranked(w, "channel", by_count=False)
    processes = _ranked(w.dropna(subset=["process"]), "process") if "process" in w else {}
    if "topic_id" in w:
        raised = w.loc[(w["topic_id"].fillna(-1).astype(int) >= 0) & w["topic_label"].notna()]
        issues = _ranked(raised, "topic_label")
    else:
        issues = {}

    # PQRS cases: open ones of any age (their term still runs) and those opened in the window
    cases = sla_status(d.loc[d["customer"].isin(set(last.index))], now_ts.to_pydatetime(), sla_terms)
    open_ok = breached = pd.Series(dtype=int)
    open_ids: dict[str, tuple[str, ...]] = {}
    if not cases.empty:
        cases = cases.assign(customer=cases["id"].map(d.set_index("id")["customer"]))
        opened = utc_series(cases["opened_at"])
        is_open = cases["is_open"].astype(bool)
        late = (cases["state"] == "vencido") | ((cases["state"] == "cerrado fuera de término") & (opened > start))
        cases = cases.assign(open_ok=is_open & ~late, breached=late)
        open_ok = cases.groupby("customer")["open_ok"].sum()
        breached = cases.groupby("customer")["breached"].sum()
        open_ids = {k: tuple(str(i) for i in g["id"]) for k, g in cases.loc[is_open].groupby("customer", sort=False)}

    evidence = _evidence(w, verbatims) if "text" in w and verbatims > 0 else {}
    views: list[CustomerView] = []
    for key, row in last.iterrows():
        views.append(CustomerView(
            key=str(key),
            customer_id=str(last_cid[key]) if key in last_cid.index else None,
            segment=str(last_seg[key]) if key in last_seg.index else None,
            contacts=dict(contacts.get(key, ())),
            negative_contacts=int(neg_count.get(key, 0)),
            negative_channels=neg_channels.get(key, ()),
            issues=tuple(k for k, _ in issues.get(key, ())),
            open_cases=int(open_ok.get(key, 0)),
            breached_cases=int(breached.get(key, 0)),
            churn_signals=int(churn_count.get(key, 0)),
            last_contact=row["created_at"].to_pydatetime(),
            last_negative=neg_last[key].to_pydatetime() if key in neg_last.index else None,
            last_churn=churn_last[key].to_pydatetime() if key in churn_last.index else None,
            evidence=evidence.get(key, ()),
            open_case_ids=open_ids.get(key, ()),
            processes=tuple(k for k, _ in processes.get(key, ())),
        ))
    return views


def _ranked(rows: pd.DataFrame, column: str, by_count: bool = True) -> dict[Any, list[tuple[str, int]]]:
    """customer -> [(value, count)], most frequent first (ties: first said), or by value."""
    if rows.empty:
        return {}
    counted = rows.assign(_v=rows[column].astype(str), _order=range(len(rows))).groupby(
        ["customer", "_v"], sort=False).agg(n=("_order", "size"), first=("_order", "min")).reset_index()
    order = ["customer", "n", "first"] if by_count else ["customer", "_v"]
    counted = counted.sort_values(order, ascending=[True, False, True] if by_count else [True, True], kind="mergesort")
    out: dict[Any, list[tuple[str, int]]] = {}
    for customer, value, n in zip(counted["customer"], counted["_v"], counted["n"]):
        out.setdefault(customer, []).append((value, int(n)))
    return out


def _evidence(w: pd.DataFrame, verbatims: int) -> dict[Any, tuple[Evidence, ...]]:
    """Each customer's words to show: churn announcements first, then the latest negative contacts."""
    said = w.loc[w["negative"] | w["churn_cue"].notna()]
    said = said.assign(_churn=said["churn_cue"].notna()).sort_values(
        ["customer", "_churn", "created_at"], ascending=[True, False, False], kind="mergesort")
    out: dict[Any, list[Evidence]] = {}
    for r in said.groupby("customer", sort=False).head(verbatims).itertuples(index=False):
        text = getattr(r, "text")
        if isinstance(text, str) and text.strip():
            topic = getattr(r, "topic_label", None)
            out.setdefault(r.customer, []).append(Evidence(
                str(r.id), r.created_at.to_pydatetime(), str(r.channel), text,
                None if topic is None or pd.isna(topic) else str(topic),
                None if pd.isna(r.churn_cue) else str(r.churn_cue),
                None if pd.isna(r.churn_excerpt) else str(r.churn_excerpt)))
    return {k: tuple(v) for k, v in out.items()}


def reason_line(reason: Reason) -> str:
    """A reason as sales read it: its words and the points it adds ("3 contactos negativos en 30
    días (+3)", "(+2,5)"); a factor is already in the words ("(×2)", "(×1,5)"). Numbers are
    written in the locale in force."""
    if reason.points is None:
        return reason.text
    return f"{reason.text} (+{format_quantity(reason.points)})"


def state_name(state: str | None) -> str | None:
    """A follow-up state in the words of customers_es.yaml."""
    return None if state is None else words()["states"].get(state, state)


def score_view(view: CustomerView, weights: RiskWeights, now: datetime, window_days: int,
               tz: str = "UTC") -> CustomerView:
    """The view with its score and the reasons behind it (0 and no reasons without a warning: no
    negative contact and no announcement of leaving). Days in the reasons are the company's
    (`tz`, the schedule's time zone): a call at 21:00 in Bogotá is that day's, not the next's."""
    last = view.last_warning
    if not view.warned or last is None:
        return replace(view, score=0.0, reasons=())
    w, t = weights, words()["reasons"]
    reasons: list[Reason] = []
    if view.negative_contacts:
        n = min(view.negative_contacts, w.max_negative_contacts)
        reasons.append(Reason("negative_contacts", t["negative_contacts"] if view.negative_contacts > 1
                              else t["negative_contact"], points=w.negative_contact * n,
                              values=(("n", view.negative_contacts), ("days", window_days))))
    if len(view.negative_channels) > 1:
        names = ", ".join(channel_name(c) for c in view.negative_channels)
        reasons.append(Reason("cross_channel", t["cross_channel"],
                              points=w.cross_channel * (len(view.negative_channels) - 1),
                              values=(("n", len(view.negative_channels)), ("channels", names))))
    if view.breached_cases:
        reasons.append(Reason("breached_cases", t["breached_cases"] if view.breached_cases > 1 else t["breached_case"],
                              points=w.breached_case * view.breached_cases, values=(("n", view.breached_cases),)))
    if view.open_cases:
        reasons.append(Reason("open_cases", t["open_cases"] if view.open_cases > 1 else t["open_case"],
                              points=w.open_case * view.open_cases, values=(("n", view.open_cases),)))
    if view.churn_signals:
        churn_ev = next((e for e in view.evidence if e.churn_cue), None)
        if churn_ev is not None:
            reasons.append(Reason("churn_intent", t["churn_intent"], points=w.churn_intent, values=(
                ("excerpt", churn_ev.churn_excerpt or words()["cues"].get(churn_ev.churn_cue, "")),
                ("channel", channel_name(churn_ev.channel)), ("date", local_day(churn_ev.created_at, tz)))))
        else:  # its words were left out of the evidence (no verbatims asked)
            reasons.append(Reason("churn_intent", t["churn_intent"].split(":")[0], points=w.churn_intent))
    points = sum(r.points or 0.0 for r in reasons)
    factor = w.segment.get(view.segment, w.unknown_segment) if view.segment else w.unknown_segment
    if view.segment and factor != 1.0:
        reasons.append(Reason("segment", t["segment"], factor=factor,
                              values=(("segment", view.segment), ("factor", factor))))
    age = max(0.0, (to_utc_ts(now) - to_utc_ts(last)).total_seconds() / 86400)
    if age <= w.recency_full_days or window_days <= w.recency_full_days:
        recency = 1.0
    else:
        span = window_days - w.recency_full_days
        recency = max(w.recency_floor, 1.0 - (1.0 - w.recency_floor) * (age - w.recency_full_days) / span)
    days = int(age)
    # the words name what the last warning was: a negative contact, or (only) an announcement
    kind = "recency" if view.last_negative is not None and to_utc_ts(view.last_negative) >= to_utc_ts(last) \
        else "recency_churn"
    if round(recency, 1) != 1.0:  # a factor that would read "×1" is not worth a word
        reasons.append(Reason("recency", t[kind], factor=round(recency, 2),
                              values=(("days", days), ("factor", round(recency, 1)))))
    else:
        recent = t[f"{kind}_today"] if days == 0 else t[f"{kind}_yesterday"] if days == 1 else t[f"{kind}_recent"]
        reasons.append(Reason("recency", recent, factor=1.0, values=(("days", days),)))
    return replace(view, score=round(points * factor * recency, 1), reasons=tuple(reasons))


def local_day(moment: datetime, tz: str) -> date:
    """The day `moment` falls on in time zone `tz` (a naive moment is UTC, as the store keeps it)."""
    return to_utc_ts(moment).tz_convert(tz).date()


def at_risk(views: Sequence[CustomerView], weights: RiskWeights, now: datetime, window_days: int,
            min_score: float = 0.0, top_n: int | None = None, tz: str = "UTC") -> list[CustomerView]:
    """The customers to call, highest score first: only those with a warning in the window (a
    negative contact, or an announcement of leaving in any tone) and a score of at least
    `min_score`; ties by last warning, then key."""
    scored = [score_view(v, weights, now, window_days, tz) for v in views if v.warned]
    listed = [v for v in scored if v.score >= min_score and v.score > 0]
    listed.sort(key=lambda v: (-v.score, -to_utc_ts(v.last_warning).value, v.key))
    return listed[:top_n] if top_n else listed


def with_follow_ups(views: Sequence[CustomerView], followups: pd.DataFrame) -> list[CustomerView]:
    """Each view with the latest follow-up recorded for its customer (escucha clientes marcar)."""
    if followups is None or followups.empty:
        return list(views)
    latest = followups.sort_values(["marked_at", "customer_key"]).groupby("customer_key").tail(1).set_index("customer_key")
    out = []
    for v in views:
        if v.key in latest.index:
            row = latest.loc[v.key]
            out.append(replace(v, follow_up=str(row["state"]), follow_up_at=pd.Timestamp(row["marked_at"]).to_pydatetime()))
        else:
            out.append(v)
    return out


@dataclass(frozen=True)
class MonthlyFollowUp:
    """One month of follow-ups: customers marked, and how many of them ended in each state."""

    month: str  # YYYY-MM
    marked: int
    contacted: int
    recovered: int
    lost: int


def monthly_follow_ups(followups: pd.DataFrame) -> list[MonthlyFollowUp]:
    """Per month (of the mark), distinct customers marked and their latest state that month."""
    if followups is None or followups.empty:
        return []
    f = followups.copy()
    f["marked_at"] = utc_series(f["marked_at"])
    f["month"] = f["marked_at"].dt.strftime("%Y-%m")
    last = f.sort_values(["marked_at", "customer_key"]).groupby(["month", "customer_key"]).tail(1)
    out = []
    for month, g in last.groupby("month", sort=True):
        states = g["state"].value_counts()
        out.append(MonthlyFollowUp(str(month), int(len(g)),
                                   # a recovered or lost customer was contacted
                                   int(states.get("contactado", 0) + states.get("recuperado", 0) + states.get("perdido", 0)),
                                   int(states.get("recuperado", 0)), int(states.get("perdido", 0))))
    return out
