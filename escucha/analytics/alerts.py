"""An alert as one typed object, from detection (analytics) to delivery (outputs).

An alert has a natural `key` (one incident, one alert), a `kind`, a `severity` (alta, media,
baja), a Spanish `title` and the `evidence` of its kind: the counts, baseline and window of a
negative spike; the reach of one post; the volume and baseline of an emerging topic; the PQRS
cases past their legal term; a run that failed (`RunFailureEvidence`, no customer text); a
strategic customer at risk of leaving (`CustomerRiskEvidence`: id, segment, score, reasons). Every
kind carries redacted verbatims (`Quote`) with their links.

The store keeps an alert as the JSON payload `to_payload()` writes and `from_payload` reads;
fields a payload leaves out (an older version, a hand-written test payload) take their defaults
and are left out again when it is written back, so a payload survives the round trip unchanged.
Everything here is frozen: an alert is a record of what was seen, changed only by a copy.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, Mapping, Sequence

import pandas as pd
from pydantic import BaseModel, ConfigDict, PlainSerializer, model_validator

Severity = Literal["alta", "media", "baja"]
SEVERITIES: tuple[str, ...] = ("alta", "media", "baja")


# ISO 8601 with the offset as "+00:00" (what the store has always held), not pydantic's "Z".
Instant = Annotated[datetime, PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json")]


class AlertKind(StrEnum):
    SPIKE = "pico_negativo"
    HIGH_REACH = "alcance_alto"
    EMERGING = "tema_emergente"
    SLA_BREACH = "ans_vencido"
    RUN_FAILED = "ejecucion_fallida"
    STRATEGIC_AT_RISK = "cliente_estrategico_en_riesgo"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Quote(_Frozen):
    """A customer's words (redacted at ingest) and where to read them."""

    id: str | None = None
    text: str
    url: str | None = None
    channel: str | None = None
    created_at: Instant | None = None


class SpikeEvidence(_Frozen):
    """Negative records of one channel in (window_start, window_end] against the same-length
    windows before (mean, standard deviation, the threshold the count went past)."""

    key: str | None = None
    channel: str | None = None
    window_start: Instant
    window_end: Instant
    count: int
    baseline_mean: float
    baseline_std: float
    threshold: float
    record_ids: tuple[str, ...] = ()  # highest reach first
    top_topics: dict[str, int] = {}  # topic label -> records in the window
    verbatims: tuple[Quote, ...] = ()


class ReachEvidence(_Frozen):
    """One negative post from an account with many followers."""

    record_id: str | None = None
    url: str | None = None
    followers: int | None = None
    likes: int | None = None
    shares: int | None = None
    topic_label: str | None = None
    created_at: Instant | None = None
    verbatims: tuple[Quote, ...] = ()


class EmergingEvidence(_Frozen):
    """A topic new in the window, or growing well past its weekly history."""

    topic_id: int | None = None
    topic_label: str | None = None
    volume: int | None = None
    baseline: float | None = None  # records expected in a window of this length
    ratio: float | None = None  # volume / baseline
    reason: str | None = None  # "nuevo" | "crecimiento"
    verbatims: tuple[Quote, ...] = ()


class SlaCase(_Frozen):
    """A PQRS case past its legal term; `source_id` is its filing number in the help desk."""

    id: str
    source_id: str | None = None
    pqrs_type: str | None = None
    product: str | None = None
    segment: str | None = None
    topic_label: str | None = None
    opened_date: date | None = None
    due_date: date | None = None
    days_overdue: int | None = None


class SlaEvidence(_Frozen):
    """PQRS cases that went past their term and were not in an earlier alert."""

    count: int
    open_breached: int | None = None  # every open case past its term, announced before or not
    by_type: dict[str, int] = {}
    max_days_overdue: int | None = None
    strategic: int = 0  # cases of strategic customers
    case_ids: tuple[str, ...] = ()
    cases: tuple[SlaCase, ...] = ()  # the most overdue first, at most 50
    verbatims: tuple[Quote, ...] = ()


class RunFailureEvidence(_Frozen):
    """A scheduled run that ended failed or crashed: nobody reads its reports until someone acts.
    It carries no customer text, so no verbatims."""

    flow: str
    flow_run_id: str | None = None
    flow_run_name: str | None = None
    deployment: str | None = None
    state: str = "Failed"  # Prefect's state name: Failed | Crashed
    error: str = ""  # the state's message, secrets removed
    started_at: Instant | None = None
    url: str | None = None  # the run in the Prefect UI, when a server is configured
    verbatims: tuple[Quote, ...] = ()


class CustomerRiskEvidence(_Frozen):
    """A strategic customer on the at-risk list (escucha/analytics/customers.py) at or above the
    alert's score: who (the customer id and segment only, never a name), the score and its reasons
    in Spanish, and their own words, redacted."""

    customer_id: str
    segment: str | None = None
    score: float
    week: str | None = None  # the ISO week of the alert (one alert per customer and week)
    reasons: tuple[str, ...] = ()  # "3 contactos negativos en 30 días (+3)", ...
    negative_contacts: int = 0
    channels: tuple[str, ...] = ()  # channels with a negative contact
    open_cases: int = 0
    breached_cases: int = 0
    churn_intent: bool = False
    last_contact: Instant | None = None
    window_days: int | None = None
    verbatims: tuple[Quote, ...] = ()


Evidence = (SpikeEvidence | ReachEvidence | EmergingEvidence | SlaEvidence | RunFailureEvidence
            | CustomerRiskEvidence)
EVIDENCE: dict[AlertKind, type[_Frozen]] = {
    AlertKind.SPIKE: SpikeEvidence,
    AlertKind.HIGH_REACH: ReachEvidence,
    AlertKind.EMERGING: EmergingEvidence,
    AlertKind.SLA_BREACH: SlaEvidence,
    AlertKind.RUN_FAILED: RunFailureEvidence,
    AlertKind.STRATEGIC_AT_RISK: CustomerRiskEvidence,
}


class Alert(_Frozen):
    key: str
    kind: AlertKind
    severity: Severity
    title: str
    evidence: Evidence

    @model_validator(mode="before")
    @classmethod
    def _evidence_of_its_kind(cls, data: Any) -> Any:
        """Read `evidence` as the type its `kind` says (a payload does not name the type)."""
        if isinstance(data, Mapping) and isinstance(data.get("evidence"), Mapping) and "kind" in data:
            try:
                kind = AlertKind(data["kind"])
            except ValueError:
                return data  # the field validation names the unknown kind
            return {**data, "evidence": EVIDENCE[kind].model_validate(data["evidence"])}
        return data

    @model_validator(mode="after")
    def _kind_matches_evidence(self) -> "Alert":
        if not isinstance(self.evidence, EVIDENCE[self.kind]):
            raise ValueError(f"alert {self.key!r}: a {self.kind.value} alert carries {type(self.evidence).__name__}")
        return self

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any] | str) -> "Alert":
        """An alert as the store keeps it (the JSON object, or its text)."""
        return cls.model_validate_json(payload) if isinstance(payload, str) else cls.model_validate(payload)

    def to_payload(self) -> dict[str, Any]:
        """The JSON object the store keeps and a webhook receives."""
        return self.model_dump(mode="json", exclude_unset=True)

    @property
    def verbatims(self) -> tuple[Quote, ...]:
        return self.evidence.verbatims


def quotes(frame: pd.DataFrame, ids: Sequence[str], n: int) -> tuple[Quote, ...]:
    """Up to n records' texts (redacted at ingest) with their links, in the order of `ids`;
    records without text are skipped."""
    if n <= 0 or not ids or "text" not in frame:
        return ()
    rows = frame.loc[frame["id"].isin(list(ids[: n * 3]))].drop_duplicates("id").set_index("id")
    out: list[Quote] = []
    for rid in ids:
        if rid not in rows.index or len(out) >= n:
            continue
        r = rows.loc[rid]
        text = r.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        url, channel = r.get("url"), r.get("channel")
        out.append(Quote(id=rid, text=text, url=url if isinstance(url, str) and url else None,
                         channel=channel if isinstance(channel, str) else None,
                         created_at=pd.Timestamp(r["created_at"]).to_pydatetime() if pd.notna(r.get("created_at")) else None))
    return tuple(out)
