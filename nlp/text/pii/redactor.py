"""Redactor: run the detectors, settle overlaps, write typed placeholders."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from escucha.nlp.text.pii._base import PII_TYPES, PLACEHOLDERS, Candidate, Detector, PiiMatch, RedactionResult
from escucha.nlp.text.pii.addresses import AddressDetector
from escucha.nlp.text.pii.names import NameDetector
from escucha.nlp.text.pii.structured import CardAccountDetector, DocumentDetector, EmailDetector, PhoneDetector

__all__ = ["Redactor"]


def _resolve(cands: list[Candidate]) -> list[PiiMatch]:
    """Keep non-overlapping candidates: lower priority value first, then the longer span."""
    if not cands:
        return []
    # `kept` stays sorted by start and its spans are disjoint, so only the two neighbours of a
    # candidate can overlap it: a bisect instead of a scan keeps a 1 MB text at O(n log n).
    kept: list[Candidate] = []
    starts: list[int] = []
    for c in sorted(cands, key=lambda c: (c.priority, -(c.end - c.start), c.start)):
        i = bisect.bisect_right(starts, c.start)
        if i > 0 and kept[i - 1].end > c.start:
            continue
        if i < len(kept) and kept[i].start < c.end:
            continue
        kept.insert(i, c)
        starts.insert(i, c.start)
    return [PiiMatch(c.type, c.start, c.end) for c in kept]


class Redactor:
    """Replace PII in Spanish customer text with typed placeholders ("[TELEFONO]", "[NOMBRE]").

    `types`: the PII types to redact (default: all of `PII_TYPES`); `names=False` switches person
    names off even when "NOMBRE" is in `types` (names are the least precise detector).
    Stateless after construction and safe to share between threads.
    """

    def __init__(self, types: set[str] | frozenset[str] | None = None, names: bool = True):
        wanted = set(PII_TYPES) if types is None else {t.strip().upper() for t in types}
        unknown = wanted - set(PII_TYPES)
        if unknown:
            raise ValueError(f"unknown PII type(s) {sorted(unknown)}; known: {', '.join(PII_TYPES)}")
        if not names:
            wanted.discard("NOMBRE")
        self.types = frozenset(wanted)
        self.names = "NOMBRE" in self.types
        detectors: list[Detector] = [
            EmailDetector(), CardAccountDetector(), DocumentDetector(), AddressDetector(), PhoneDetector(),
            NameDetector(),
        ]
        self._detectors = [d for d in detectors if d.types & self.types]

    def find(self, text: str) -> list[PiiMatch]:
        """PII spans in `text`, sorted, without overlaps."""
        cands: list[Candidate] = []
        for det in self._detectors:
            cands.extend(det.find(text))
        # Settle overlaps among ALL candidates first, so a number that is a card is not also
        # redacted as a phone when TARJETA is switched off; then drop the unwanted types.
        return [m for m in _resolve(cands) if m.type in self.types]

    def redact(self, text: str) -> RedactionResult:
        found = self.find(text)
        if not found:
            return RedactionResult(text, [])
        parts: list[str] = []
        last = 0
        for m in found:
            parts.append(text[last:m.start])
            parts.append(PLACEHOLDERS[m.type])
            last = m.end
        parts.append(text[last:])
        return RedactionResult("".join(parts), found)

    def redact_many(self, texts: Iterable[str]) -> list[RedactionResult]:
        return [self.redact(t) for t in texts]

    def __repr__(self) -> str:
        return f"Redactor(types={sorted(self.types)})"
