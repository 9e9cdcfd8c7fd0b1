"""The contract of a signal detector: texts in, the cues found in each text out.

A detector is stateless once built (its patterns or model are its parameters), so `fit` is a
no-op kept for the scikit-learn shape. `version` names the patterns: a stored signal computed
with another version is computed again (escucha/pipeline/enrich.py `detect_pending_signals`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Sequence

# The kinds of signal a detector may report (Spanish: they reach reports as they are).
CHURN = "intencion_de_fuga"
SIGNAL_KINDS: tuple[str, ...] = (CHURN,)


@dataclass(frozen=True)
class SignalMatch:
    """One cue in one text: its kind, the rule that fired (`cue`, e.g. "portabilidad") and the
    matched words as written (`excerpt`, from the redacted text: no personal data)."""

    kind: str
    cue: str
    excerpt: str
    start: int
    end: int


class SignalDetector(ABC):
    """Finds signals in texts. `detect` returns one list of matches per text, in order."""

    name: str = "?"

    @property
    @abstractmethod
    def version(self) -> str:
        """Changes whenever the same text could give a different answer."""

    def fit(self, texts: Sequence[str] | None = None, y: Sequence[int] | None = None) -> "SignalDetector":
        return self

    @abstractmethod
    def detect(self, texts: Sequence[str]) -> list[list[SignalMatch]]:
        """The signals of each text (an empty list when none)."""

    def predict(self, texts: Sequence[str], kind: str = CHURN) -> list[int]:
        """1 where a text has a signal of `kind`, else 0 (what an evaluation scores)."""
        return [int(any(m.kind == kind for m in found)) for found in self.detect(texts)]
