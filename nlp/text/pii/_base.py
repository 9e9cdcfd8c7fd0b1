"""The contract shared by the PII detectors and the redactor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

PII_TYPES: tuple[str, ...] = (
    "EMAIL", "TELEFONO", "DOCUMENTO", "TARJETA", "CUENTA", "DIRECCION", "NOMBRE", "NUMERO",
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

    def offset(self, pos: int) -> int:
        """Where position `pos` of the original text lands in the redacted one (a position inside
        a redacted span lands at the start of its placeholder)."""
        shift = 0
        for m in self.found:
            if pos < m.start:
                break
            if pos < m.end:
                return m.start + shift
            shift += len(PLACEHOLDERS[m.type]) - (m.end - m.start)
        return pos + shift

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for m in self.found:
            out[m.type] = out.get(m.type, 0) + 1
        return out


@dataclass(frozen=True)
class Expectation:
    """What an answer is known to hold: text[start:end] replies to a question asking for `types`
    ("¿me confirma su número de cédula?" -> {"DOCUMENTO"})."""

    start: int
    end: int
    types: frozenset[str]


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
