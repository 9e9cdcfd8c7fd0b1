"""The contract shared by the PII detectors and the redactor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

PII_TYPES: tuple[str, ...] = (
    "EMAIL", "TELEFONO", "DOCUMENTO", "TARJETA", "CUENTA", "DIRECCION", "NOMBRE",
)
PLACEHOLDERS: dict[str, str] = {t: f"[{t}]" for t in PII_TYPES}


class PiiMatch(NamedTuple):
    """One redacted item: its type and its [start, end) span in the ORIGINAL text."""

    type: str
    start: int
    end: int


@dataclass(frozen=True)
class RedactionResult:
    """The redacted copy of a text and what was taken out of it."""

    text: str
    found: list[PiiMatch] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for m in self.found:
            out[m.type] = out.get(m.type, 0) + 1
        return out


class Candidate(NamedTuple):
    """A detector's proposal. Lower `priority` wins an overlap, then the longer span."""

    type: str
    start: int
    end: int
    priority: int


class Detector(Protocol):
    """Finds candidates of the types in `types` (a detector may produce several types)."""

    types: frozenset[str]

    def find(self, text: str) -> list[Candidate]: ...
