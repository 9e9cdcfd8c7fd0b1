"""The one canonical record every source is turned into.

Connectors speak many shapes (help-desk CSVs, call transcripts, platform APIs); everything
downstream (store, nlp, analytics, outputs) sees only `Record`. Validation happens here, on
the way in, so a bad row is quarantined with a message that names the field and the record.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import math
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator, model_validator


class Channel(str, Enum):
    pqrs = "pqrs"
    email = "email"
    transcript = "transcript"
    chat = "chat"
    social = "social"
    review = "review"
    survey = "survey"


class Segment(str, Enum):
    estrategico = "estratégico"
    alto = "alto"
    medio = "medio"
    bajo = "bajo"


class Process(str, Enum):
    preventa = "preventa"
    venta = "venta"
    servicio = "servicio"
    cobranzas = "cobranzas"
    telemercadeo = "telemercadeo"
    fidelizacion = "fidelización"
    retencion = "retención"


class PqrsType(str, Enum):
    peticion = "petición"
    queja = "queja"
    reclamo = "reclamo"
    sugerencia = "sugerencia"
    felicitacion = "felicitación"
    otro = "otro"


# Fields whose values are read leniently (any case, with or without accents) into their enum.
ENUM_FIELDS: dict[str, type[Enum]] = {
    "channel": Channel, "customer_segment": Segment, "process": Process, "pqrs_type": PqrsType,
}


def _fold(value: str) -> str:
    """Lower-case and strip accents so 'Estrategico', 'ESTRATÉGICO' and 'estratégico' match."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", value.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=None)
def _folded_members(enum: type[Enum]) -> dict[str, Enum]:
    """Each member by its folded value and by its name (built once per enum)."""
    out: dict[str, Enum] = {}
    for member in enum:
        out.setdefault(_fold(member.value), member)
        out.setdefault(member.name, member)
    return out


@functools.lru_cache(maxsize=4096)
def _member(enum: type[Enum], value: str) -> Enum | None:
    # Exports repeat a handful of spellings ("Queja", "QUEJA", "queja"): each is folded once.
    return _folded_members(enum).get(_fold(value))


def _enum_lookup(enum: type[Enum], value: Any) -> Any:
    """Accept enum values written without accents or in another case (help-desk exports vary)."""
    if value is None or isinstance(value, enum):
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        member = _member(enum, value)
        if member is None:
            allowed = ", ".join(m.value for m in enum)
            raise ValueError(f"{value!r} is not one of: {allowed}")
        return member
    return value


def make_id(source: str, source_id: str) -> str:
    """Stable record id: the same source row always maps to the same id, so upserts dedupe."""
    digest = hashlib.sha256(f"{source}\x1f{source_id}".encode("utf-8")).hexdigest()
    return digest[:32]


_PSEUDONYM = re.compile(r"u_[0-9a-f]{16}")


def pseudonymise(author: str | None, salt: str) -> str | None:
    """Keyed hash of an author handle or name: stable per customer, not reversible without the salt."""
    if author is None or not str(author).strip():
        return None
    if _PSEUDONYM.fullmatch(str(author)):
        # already a pseudonym: a quarantined row is kept with its author pseudonymised, and
        # replaying it must give the same pseudonym, not a hash of the hash
        return str(author)
    mac = hmac.new(salt.encode("utf-8"), _fold(str(author)).encode("utf-8"), hashlib.sha256)
    return "u_" + mac.hexdigest()[:16]


class Record(BaseModel):
    """A customer text with the fields the analysis uses. Timestamps are always timezone-aware."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_assignment=False)

    id: str
    source: str
    source_id: str
    channel: Channel
    created_at: datetime
    text: str
    author: str | None = None
    # customer and business context
    customer_id: str | None = None
    customer_segment: Segment | None = None
    process: Process | None = None
    product: str | None = None
    country: str | None = None
    region: str | None = None
    # PQRS case fields
    pqrs_type: PqrsType | None = None
    opened_at: datetime | None = None
    first_response_at: datetime | None = None
    closed_at: datetime | None = None
    status: str | None = None
    # social reach
    followers: int | None = None
    likes: int | None = None
    shares: int | None = None
    url: str | None = None
    # survey
    score: float | None = None
    # source-specific leftovers kept for context (e.g. agent turns of a transcript)
    extra: dict[str, Any] | None = None

    @field_validator(*ENUM_FIELDS, mode="before")
    @classmethod
    def _enum(cls, v: Any, info: ValidationInfo) -> Any:
        return _enum_lookup(ENUM_FIELDS[info.field_name], v)

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        if "\x00" in v:
            raise ValueError("contains NUL bytes (binary data, not text)")
        if not v.strip():
            raise ValueError("is empty")
        return v

    @field_validator("created_at", "opened_at", "first_response_at", "closed_at")
    @classmethod
    def _aware(cls, v: datetime | None) -> datetime | None:
        if v is not None and (v.tzinfo is None or v.utcoffset() is None):
            raise ValueError("must carry a time zone (connectors attach the source's zone)")
        if v is not None:
            try:  # the store keeps UTC: 9999-12-31T23:00-05:00 has no UTC equivalent
                v.astimezone(timezone.utc)
            except OverflowError:
                raise ValueError(f"{v.isoformat()} is out of range") from None
        return v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        v = v.strip().upper()
        if len(v) != 2 or not v.isalpha():
            raise ValueError(f"{v!r} is not an ISO 3166-1 alpha-2 code such as CO, MX or ES")
        return v

    @field_validator("followers", "likes", "shares")
    @classmethod
    def _non_negative(cls, v: int | None) -> int | None:
        if v is not None and v < 0:
            raise ValueError("must not be negative")
        if v is not None and v >= 2**63:  # the store's BIGINT
            raise ValueError(f"{v} is too large")
        return v

    @field_validator("score")
    @classmethod
    def _finite_score(cls, v: float | None) -> float | None:
        if v is not None and not math.isfinite(v):
            raise ValueError(f"{v} is not a finite number")
        return v

    @model_validator(mode="after")
    def _case_order(self) -> "Record":
        if self.opened_at and self.closed_at and self.closed_at < self.opened_at:
            raise ValueError("closed_at is before opened_at")
        return self

    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]

    def content_hash(self) -> str:
        """Hash of everything but bookkeeping: a changed case (closed, answered) is an update."""
        payload = self.model_dump(mode="json")
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


RECORD_FIELDS: tuple[str, ...] = tuple(Record.model_fields)


class RecordError(ValueError):
    """A raw row that could not become a Record; `reason` is meant for a person to read."""

    def __init__(self, source: str, source_id: str | None, reason: str):
        self.source = source
        self.source_id = source_id
        self.reason = reason
        super().__init__(f"{source} record {source_id or '<sin id>'}: {reason}")


@dataclass
class QuarantineItem:
    """A raw input that could not be turned into a Record (or failed later), kept with its reason."""

    source: str
    stage: str  # "ingest", "enrich", ...
    reason: str  # for a person to read, in the words of RecordError
    payload: str  # the raw row as text (JSON or the original line), never dropped
    source_id: str | None = None
    # where the row was (e.g. file fingerprint and row number): two identical bad rows of one
    # file are two items, while the same row read again (a re-run) is still the same item
    key: str | None = None



def build_record(source: str, source_id: Any, **fields: Any) -> Record:
    """Validate one raw row into a Record, or raise RecordError naming the field and the record."""
    sid = None if source_id is None else str(source_id).strip()
    if not sid:
        raise RecordError(source, None, "field 'source_id': missing (every row needs the source's own id)")
    try:
        return Record(id=make_id(source, sid), source=source, source_id=sid, **fields)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "record"
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(f"field '{loc}': {msg}")
        raise RecordError(source, sid, "; ".join(problems)) from None
    except TypeError as exc:  # unknown keyword from a bad mapping
        raise RecordError(source, sid, str(exc)) from None


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
