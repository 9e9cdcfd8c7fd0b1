"""Redactor: run the detectors, settle overlaps, write typed placeholders."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from escucha.nlp.text.pii._base import (
    PII_TYPES,
    PLACEHOLDERS,
    Candidate,
    Detector,
    Expectation,
    PiiMatch,
    RedactionResult,
)
from escucha.nlp.text.pii._context import is_amount
from escucha.nlp.text.pii.addresses import STREET_WORD, AddressDetector
from escucha.nlp.text.pii.names import NameDetector
from escucha.nlp.text.pii.numbers import IdentifierDetector, NumberDetector
from escucha.nlp.text.pii.structured import (
    DEFAULT_COUNTRIES,
    CardAccountDetector,
    DocumentDetector,
    EmailDetector,
    PhoneDetector,
)

__all__ = ["Redactor", "REDACTOR_VERSION"]

# Bumped whenever a change can redact a stored text differently: a store redacted by an older
# version is re-redacted (`escucha redact --rescan`) before the nightly run goes on.
REDACTOR_VERSION = 2

P_EXPECTED = 1
_NUMERIC = ("DOCUMENTO", "TARJETA", "CUENTA", "TELEFONO")
# In an answer to "¿me confirma su cédula?": a number of 5+ digits, or a key with 4+ digits and
# letters (CURP, DNI with its letter, passport), separators included.
_ANSWER_ID = re.compile(
    r"(?<![\w])(?:[A-Za-zÑñ]{0,4}\d(?:[\d.\- \u00a0]?[\dA-Za-z]){4,24})(?![\w])")
_NUM_WORDS = (r"cero|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince"
              r"|diecis[ée]is|diecisiete|dieciocho|diecinueve|veinte|veinti\w+|treinta|cuarenta|cincuenta|sesenta"
              r"|setenta|ochenta|noventa|cien|ciento|doscientos|trescientos|cuatrocientos|quinientos|seiscientos"
              r"|setecientos|ochocientos|novecientos|mil|millones|mill[oó]n")
_SPOKEN_NUMBER = re.compile(rf"(?i)(?<![\w])(?:(?:{_NUM_WORDS})(?:\s+y\s+|[\s,]+)){{3,}}(?:{_NUM_WORDS})(?![\w])")
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|\n")


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


def _grow(matches: list[PiiMatch], numbers: list[Candidate]) -> list[PiiMatch]:
    """A typed number found inside a longer digit run takes the whole run: "(+57) 330 5860214"
    where only "5860214" passed as a local phone must not leave "(+57) 330" behind."""
    if not numbers or not matches:
        return matches
    out = list(matches)
    for n in numbers:
        inside = [i for i, m in enumerate(out) if m.start < n.end and n.start < m.end]
        if not inside or any(out[i].type not in _NUMERIC and out[i].type != "NUMERO" for i in inside):
            continue
        first, last = out[inside[0]], out[inside[-1]]
        if first.start <= n.start and last.end >= n.end:
            continue
        kind = max((out[i] for i in inside), key=lambda m: m.end - m.start).type
        grown = PiiMatch(kind, min(n.start, first.start), max(n.end, last.end))
        out[inside[0]:inside[-1] + 1] = [grown]
    return out


def _terms_regex(terms: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.IGNORECASE)


class Redactor:
    """Replace PII in Spanish customer text with typed placeholders ("[TELEFONO]", "[NOMBRE]").

    `types`: the PII types to redact (default: all of `PII_TYPES`); `names=False` switches person
    names off even when "NOMBRE" is in `types` (names are the least precise detector).
    `countries`: ISO codes whose phone numbering plans are recognised without a "+" prefix.
    `keep_terms`: product, brand and place names that are never taken for a name or an address.
    `keep_patterns`: regular expressions of case/ticket numbers that are never redacted.
    Stateless after construction and safe to share between threads.
    """

    version = REDACTOR_VERSION

    def __init__(self, types: set[str] | frozenset[str] | None = None, names: bool = True, *,
                 countries: Sequence[str] = DEFAULT_COUNTRIES, keep_terms: Iterable[str] = (),
                 keep_patterns: Iterable[str] = ()):
        wanted = set(PII_TYPES) if types is None else {t.strip().upper() for t in types}
        unknown = wanted - set(PII_TYPES)
        if unknown:
            raise ValueError(f"unknown PII type(s) {sorted(unknown)}; known: {', '.join(PII_TYPES)}")
        if not names:
            wanted.discard("NOMBRE")
        self.types = frozenset(wanted)
        self.names = "NOMBRE" in self.types
        self.countries = tuple(c.strip().upper() for c in countries)
        self.keep_terms = tuple(keep_terms)
        self.keep_patterns = tuple(keep_patterns)
        self._keep_terms = _terms_regex(self.keep_terms)
        try:
            self._keep_patterns = [re.compile(p) for p in self.keep_patterns]
        except re.error as exc:
            raise ValueError(f"keep_patterns: {exc}") from None
        self._names = NameDetector()
        detectors: list[Detector] = [
            EmailDetector(), CardAccountDetector(), DocumentDetector(), IdentifierDetector(), AddressDetector(),
            PhoneDetector(self.countries), self._names, NumberDetector(),
        ]
        self._detectors = [d for d in detectors if d.types & self.types]

    # -- finding ----------------------------------------------------------------------------------
    def find(self, text: str, expect: Sequence[Expectation] = ()) -> list[PiiMatch]:
        """PII spans in `text`, sorted, without overlaps. `expect`: parts of the text known to
        answer a question for some types (dialogue context), where bare values are taken."""
        cands: list[Candidate] = []
        for det in self._detectors:
            cands.extend(det.find(text))
        for exp in expect:
            cands.extend(self._expected(text, exp))
        if self._keep_terms is not None or self._keep_patterns:
            cands = self._drop_kept(text, cands)
        # Settle overlaps among ALL candidates first, so a number that is a card is not also
        # redacted as a phone when TARJETA is switched off; then drop the unwanted types.
        matches = _grow(_resolve(cands), [c for c in cands if c.type == "NUMERO"])
        return [m for m in matches if m.type in self.types]

    def _drop_kept(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        kept_spans = [m.span() for rx in self._keep_patterns for m in rx.finditer(text)]
        term_spans = [m.span() for m in self._keep_terms.finditer(text)] if self._keep_terms is not None else []
        if not kept_spans and not term_spans:
            return cands

        def hit(c: Candidate, spans: list[tuple[int, int]]) -> bool:
            return any(c.start < e and s < c.end for s, e in spans)

        return [c for c in cands if not hit(c, kept_spans)
                and not (c.type in ("NOMBRE", "DIRECCION") and hit(c, term_spans))]

    def _expected(self, text: str, exp: Expectation) -> list[Candidate]:
        """Values in an answer, typed by the question even without a label or a check digit."""
        lo, hi = max(0, exp.start), min(len(text), exp.end)
        out: list[Candidate] = []
        numeric = [t for t in _NUMERIC if t in exp.types]
        if numeric:
            kind = numeric[0]
            for m in _ANSWER_ID.finditer(text, lo, hi):
                s, e = m.span()
                while e > s and not text[e - 1].isalnum():
                    e -= 1
                if sum(ch.isdigit() for ch in text[s:e]) >= 4 and not is_amount(text, s, e):
                    out.append(Candidate(kind, s, e, P_EXPECTED))
            for m in _SPOKEN_NUMBER.finditer(text, lo, hi):
                out.append(Candidate(kind, m.start(), m.end(), P_EXPECTED))
        if "NOMBRE" in exp.types:
            span = self._names.answer_span(text, lo, hi)
            if span:
                out.append(Candidate("NOMBRE", span[0], span[1], P_EXPECTED))
        if "DIRECCION" in exp.types:
            m = STREET_WORD.search(text, lo, hi) or re.compile(r"\d").search(text, lo, hi)
            if m:
                end = _SENTENCE_END.search(text, m.start(), hi)
                stop = end.start() if end else hi
                if any(ch.isdigit() for ch in text[m.start():stop]):
                    out.append(Candidate("DIRECCION", m.start(), stop, P_EXPECTED))
        return out

    # -- rewriting --------------------------------------------------------------------------------
    def redact(self, text: str, expect: Sequence[Expectation] = ()) -> RedactionResult:
        # Nothing personal fits in 5 characters (the shortest e-mail or number rule needs 6):
        # short fields of `extra` ("web", "CO") skip the detectors.
        if len(text) < 6 and not expect:
            return RedactionResult(text, [])
        found = self.find(text, expect)
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
