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
    found: int = 0          # items fully covered by spans of the right type
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


def _covered(item: PiiItem, spans: list[PiiMatch]) -> bool:
    """Every character of the item (spaces aside) lies in a span of the item's type."""
    same = [m for m in spans if m.type == item.type]
    return all(any(m.start <= pos < m.end for m in same) for pos in range(item.start, item.end))


def evaluate(redactor: Redactor, cases: list[PiiCase], traps: list[str] | None = None) -> EvalReport:
    report = EvalReport(per_type={t: TypeScore() for t in PII_TYPES})
    for case in cases:
        result = redactor.redact(case.text)
        for item in case.items:
            score = report.per_type[item.type]
            score.items += 1
            if _covered(item, result.found):
                score.found += 1
            else:
                report.missed.append((item.type, case.text[item.start:item.end], case.text))
            if case.text[item.start:item.end] in result.text:
                score.leaked += 1
        for m in result.found:
            score = report.per_type[m.type]
            score.predicted += 1
            if any(i.type == m.type and m.start < i.end and i.start < m.end for i in case.items):
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
        "| type | items | recall | leaked | spans | precision |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    tot = TypeScore()
    for t, s in report.per_type.items():
        if not s.items and not s.predicted:
            continue
        lines.append(
            f"| {t} | {s.items} | {s.recall:.3f} | {s.leaked} | {s.predicted} | {s.precision:.3f} |"
        )
        tot.items += s.items
        tot.found += s.found
        tot.leaked += s.leaked
        tot.predicted += s.predicted
        tot.correct_spans += s.correct_spans
    lines.append(
        f"| **all** | {tot.items} | {tot.recall:.3f} | {tot.leaked} | {tot.predicted} | {tot.precision:.3f} |"
    )
    lines.append("")
    lines.append(
        f"Trap sentences (no PII): {report.trap_sentences}, with any redaction: {report.trap_with_fp} "
        f"({report.trap_fp_rate:.1%}), spurious spans: {report.trap_fp_spans}."
    )
    return "\n".join(lines)
