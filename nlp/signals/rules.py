"""Churn intent by rules: readable patterns in a YAML data file, with negation.

Why rules and not a classifier: the cue has to be explained to a sales team ("dijo que pidió la
portabilidad"), the phrases are few and stable, and no licensed labelled Spanish set of churn
intent exists to train on. Every match names its rule (`cue`) and the words it matched.

The text is folded (lower case, accents removed) one character for one character, so a match's
offsets point into the original text and its excerpt is quoted as the customer wrote it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import yaml

from escucha.nlp.signals._base import SignalDetector, SignalMatch

DEFAULT_PATTERNS = Path(__file__).resolve().parent / "churn_es.yaml"
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)
_CLAUSE_END = frozenset(".,;:!?¡¿()[]\"«»") | {"pero", "si", "porque", "aunque", "sino", "y", "o", "entonces"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fold(text: str) -> str:
    """Lower case without accents, the same length as `text` (ñ -> n, É -> e)."""
    out = []
    for ch in text.lower():
        if ch.isascii():
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        out.append(base if base.isascii() else ch)
    return "".join(out)


@dataclass(frozen=True)
class _Rule:
    cue: str
    patterns: tuple[re.Pattern[str], ...]
    unless: re.Pattern[str] | None


def _expand(pattern: str, vocab: dict[str, str]) -> str:
    for _ in range(5):  # vocab entries may use other entries
        new = _PLACEHOLDER.sub(lambda m: vocab[m.group(1)] if m.group(1) in vocab else m.group(0), pattern)
        if new == pattern:
            break
        pattern = new
    return pattern


class RuleSignalDetector(SignalDetector):
    """Signals from the rules of a YAML file (default: churn_es.yaml beside this module)."""

    name = "reglas"

    def __init__(self, patterns_path: str | Path | None = None):
        self.patterns_path = patterns_path
        path = Path(patterns_path) if patterns_path is not None else DEFAULT_PATTERNS
        raw = path.read_bytes()
        spec = yaml.safe_load(raw.decode("utf-8"))
        self.kind_: str = spec["kind"]
        self.version_ = f"reglas-{spec.get('version', 0)}-{hashlib.sha256(raw).hexdigest()[:8]}"
        vocab = {k: str(v) for k, v in (spec.get("vocab") or {}).items()}
        neg = spec.get("negation") or {}
        self.negators_ = frozenset(neg.get("negators") or ())
        self.bridge_ = frozenset(neg.get("bridge") or ())
        self.window_ = int(neg.get("window", 4))
        self.rules_: list[_Rule] = []
        for rule in spec["rules"]:
            unless = rule.get("unless")
            self.rules_.append(_Rule(
                cue=rule["cue"],
                patterns=tuple(re.compile(_expand(p, vocab)) for p in rule["patterns"]),
                unless=re.compile(_expand(unless, vocab)) if unless else None,
            ))

    @property
    def version(self) -> str:
        return self.version_

    def negated(self, folded: str, start: int) -> bool:
        """True when a negator stands before `start` in the same clause, with only bridge words
        (clitics, "voy", "pienso", "quiero", ...) between it and the match."""
        tokens = _TOKEN.findall(folded[:start])
        for n, tok in enumerate(reversed(tokens)):
            if n >= self.window_ or tok in _CLAUSE_END:
                return False
            if tok in self.negators_:
                return True
            if tok not in self.bridge_:
                return False
        return False

    def detect_one(self, text: str) -> list[SignalMatch]:
        if not isinstance(text, str) or not text:
            return []
        folded = fold(text)
        found: list[SignalMatch] = []
        taken: list[tuple[int, int]] = []
        for rule in self.rules_:
            if rule.unless is not None and rule.unless.search(folded):
                continue
            for pattern in rule.patterns:
                for m in pattern.finditer(folded):
                    if self.negated(folded, m.start()):
                        continue
                    if any(m.start() < e and s < m.end() for s, e in taken):
                        continue  # one stretch of words is one cue
                    taken.append((m.start(), m.end()))
                    found.append(SignalMatch(self.kind_, rule.cue, text[m.start():m.end()], m.start(), m.end()))
        found.sort(key=lambda s: s.start)
        return found

    def detect(self, texts: Sequence[str]) -> list[list[SignalMatch]]:
        return [self.detect_one(t) for t in texts]
