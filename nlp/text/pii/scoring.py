"""Score a Redactor on labelled cases: recall and precision per type, leaks, trap false positives.

Used by tests/test_pii.py and by `python tests/pii_cases.py` (which prints the table kept in
docs/PII.md). Cases are plain data so any labelled set can be scored the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from escucha.nlp.text.pii._base import PII_TYPES, PiiMatch
from escucha.nlp.text.pii.redactor import Redactor

__all__ = ["PiiItem", "PiiCase", "TypeScore", "EvalReport", "evaluate", "format_table"]


@dataclass(frozen=True)
class PiiItem:
    type: str
    start: int
    end: int


@dataclass(frozen=True)
class PiiCase:
    """A text and the exact PII items in it (empty for a trap sentence)."""

    text: str
    items: tuple[PiiItem, ...] = ()

    def item_strings(self) -> list[str]:
        return [self.text[i.start:i.end] for i in self.items]


@dataclass
class TypeScore:
    items: int = 0
    found: int = 0          # items fully redacted (every character inside some redaction span)
    typed: int = 0          # of `found`, covered by spans of the right type (or [NUMERO], see GENERIC)
    generic: int = 0        # of `typed`, items caught only as [NUMERO]
    leaked: int = 0         # items whose string is still in the redacted text
    predicted: int = 0      # spans of this type over all cases
    correct_spans: int = 0  # spans of this type that overlap an item of this type

    @property
    def recall(self) -> float:
        return self.found / self.items if self.items else float("nan")

    @property
    def precision(self) -> float:
        return self.correct_spans / self.predicted if self.predicted else float("nan")


@dataclass
class EvalReport:
    per_type: dict[str, TypeScore] = field(default_factory=dict)
    trap_sentences: int = 0
    trap_with_fp: int = 0
    trap_fp_spans: int = 0
    missed: list[tuple[str, str, str]] = field(default_factory=list)      # (type, item, text)
    spurious: list[tuple[str, str, str]] = field(default_factory=list)    # (type, span, text)

    @property
    def trap_fp_rate(self) -> float:
        return self.trap_with_fp / self.trap_sentences if self.trap_sentences else 0.0


# An identifier caught by form alone is redacted as [NUMERO] when nothing says what it is: the
# datum is gone, so it counts as found (and is counted apart in `generic`).
GENERIC: dict[str, str] = {"TELEFONO": "NUMERO", "DOCUMENTO": "NUMERO", "TARJETA": "NUMERO", "CUENTA": "NUMERO"}


def _covered(item: PiiItem, spans: list[PiiMatch], text: str, types: tuple[str, ...]) -> bool:
    """Every character of the item (spaces and separators aside) lies in a span of one of `types`."""
    same = [m for m in spans if m.type in types]
    return all(any(m.start <= pos < m.end for m in same) for pos in range(item.start, item.end)
               if text[pos].isalnum())


def evaluate(redactor: Redactor, cases: list[PiiCase], traps: list[str] | None = None) -> EvalReport:
    report = EvalReport(per_type={t: TypeScore() for t in PII_TYPES})
    for case in cases:
        result = redactor.redact(case.text)
        for item in case.items:
            score = report.per_type[item.type]
            score.items += 1
            if _covered(item, result.found, case.text, (item.type,)):
                score.found += 1
                score.typed += 1
            elif item.type in GENERIC and _covered(item, result.found, case.text, (item.type, GENERIC[item.type])):
                score.found += 1
                score.typed += 1
                score.generic += 1
            elif _covered(item, result.found, case.text, PII_TYPES):
                score.found += 1  # redacted, under another type (a bare 10-digit account read as a phone)
            else:
                report.missed.append((item.type, case.text[item.start:item.end], case.text))
            if case.text[item.start:item.end] in result.text:
                score.leaked += 1
        for m in result.found:
            score = report.per_type[m.type]
            score.predicted += 1
            if any(m.start < i.end and i.start < m.end for i in case.items):
                score.correct_spans += 1
            else:
                report.spurious.append((m.type, case.text[m.start:m.end], case.text))
    for text in traps or []:
        report.trap_sentences += 1
        found = redactor.find(text)
        if found:
            report.trap_with_fp += 1
            report.trap_fp_spans += len(found)
            for m in found:
                report.per_type[m.type].predicted += 1
                report.spurious.append((m.type, text[m.start:m.end], text))
    return report


def format_table(report: EvalReport) -> str:
    """Markdown table: one row per type, then the trap-set line."""
    lines = [
        "| type | items | recall (redacted) | typed right | as [NUMERO] | leaked | spans | precision |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    tot = TypeScore()
    for t, s in report.per_type.items():
        if not s.items and not s.predicted:
            continue
        lines.append(
            f"| {t} | {s.items} | {s.recall:.3f} | {s.typed} | {s.generic} | {s.leaked} | {s.predicted} | {s.precision:.3f} |"
        )
        tot.items += s.items
        tot.found += s.found
        tot.generic += s.generic
        tot.typed += s.typed
        tot.leaked += s.leaked
        tot.predicted += s.predicted
        tot.correct_spans += s.correct_spans
    lines.append(
        f"| **all** | {tot.items} | {tot.recall:.3f} | {tot.typed} | {tot.generic} | {tot.leaked} | {tot.predicted} | {tot.precision:.3f} |"
    )
    lines.append("")
    lines.append(
        f"Negatives (no PII): {report.trap_sentences}, kept unchanged: {report.trap_sentences - report.trap_with_fp} "
        f"({1 - report.trap_fp_rate:.1%}), spurious spans: {report.trap_fp_spans}."
    )
    return "\n".join(lines)
