"""The last check before a text is stored, shown or sent: no identifier may be left in it.

Texts that leave the pipeline (report verbatims, alert texts, dashboard quotes, Prefect
artifacts, log lines) were redacted at ingest, but they can also come from a store redacted by
an older redactor, a channel whose policy keeps some types, or a step that rebuilt a text. The
guard runs the detectors once more; a text in which it still finds an identifier is refused
(the caller leaves it out and quarantines the reason, with the text redacted), never shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from escucha.nlp.text.pii._base import PiiMatch
from escucha.nlp.text.pii.redactor import Redactor

__all__ = ["GUARD_TYPES", "PiiGuard", "PiiLeak", "Refusal"]

# Identifiers: what must never be shown. Names and addresses are left to the per-channel
# policy (social posts may keep names) and their detectors are the least precise.
GUARD_TYPES: frozenset[str] = frozenset({"EMAIL", "TELEFONO", "DOCUMENTO", "TARJETA", "CUENTA"})


@dataclass(frozen=True)
class Refusal:
    """A text the guard refused: where it was going, what it held, and the text redacted."""

    index: int
    where: str
    types: tuple[str, ...]
    redacted: str

    @property
    def reason(self) -> str:
        return f"{self.where}: the final personal-data check still found {', '.join(self.types)}; the text was left out"


class PiiLeak(ValueError):
    def __init__(self, refusal: Refusal):
        super().__init__(refusal.reason)
        self.refusal = refusal


class PiiGuard:
    """`screen` a batch of texts (refused ones become None) or `check` one (raises `PiiLeak`).
    `types`: what the guard refuses; `redactor_options` as for `Redactor` (countries...)."""

    def __init__(self, types: Iterable[str] = GUARD_TYPES, **redactor_options):
        self.types = frozenset(types)
        self._redactor = Redactor(types=set(self.types), names="NOMBRE" in self.types, **redactor_options)

    def find(self, text: str) -> list[PiiMatch]:
        return self._redactor.find(text) if text else []

    def _refusal(self, index: int, text: str, where: str) -> Refusal | None:
        result = self._redactor.redact(text) if text else None
        if not result or not result.found:
            return None
        return Refusal(index, where, tuple(sorted({m.type for m in result.found})), result.text)

    def screen(self, texts: Sequence[str], where: str) -> tuple[list[str | None], list[Refusal]]:
        """The texts with refused ones replaced by None, and the refusals."""
        out: list[str | None] = []
        refused: list[Refusal] = []
        for i, text in enumerate(texts):
            r = self._refusal(i, text, where) if isinstance(text, str) else None
            if r is None:
                out.append(text)
            else:
                out.append(None)
                refused.append(r)
        return out, refused

    def check(self, text: str, where: str) -> str:
        """The text itself when clean; `PiiLeak` (with the refusal) when not."""
        r = self._refusal(0, text, where)
        if r is not None:
            raise PiiLeak(r)
        return text
