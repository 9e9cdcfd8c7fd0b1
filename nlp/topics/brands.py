"""Company names that never name an issue: the company's own (`topics.brand_terms`) and the
others customers mention (competitors, the other bank of a transfer, the shop of a purchase),
shipped as data in lexicons/brands.yaml.

Why both: a company configures its own names, but its customers also write "me paso a Movistar",
"le transferí a alguien de Banorte", "una compra en Amazon que no hice"; on real tweets to a bank
sub-themes came out as «Unidades y banorte» and «Banca mifel». A name is what the manager's
company has to fix, never another company.

Matching is on lower-case, accent-folded words. A configured term blocks each of its words (as
before: "Banco Aurora" blocks "aurora"), a lexicon entry of one word blocks that word, and a
lexicon entry of several words blocks only that sequence (stop words ignored on both sides, unless
the name is mostly stop words: "Salud Total"), so "El Corte Inglés" never blocks "corte" and
"Banco de Bogotá" never blocks "banco".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterable, Sequence

from escucha.nlp.topics.vectorizer import fold, spanish_stop_words

_TOKEN = re.compile(r"[^\W_]+")


def brand_tokens(text: str) -> list[str]:
    """Lower-case, accent-folded words of `text` ("@Banamex" -> ["banamex"], "AT&T" -> ["at", "t"])."""
    return _TOKEN.findall(fold(str(text).lower()))


def _content(tokens: Sequence[str]) -> tuple[str, ...]:
    stops = spanish_stop_words()
    return tuple(t for t in tokens if t not in stops)


@dataclass(frozen=True)
class Brands:
    """Words that never name an issue (`words`) and sequences of words that never do (`phrases`)."""

    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, terms: Iterable[str] = (), *, lexicon: bool = True) -> "Brands":
        """The configured `terms` (each of their words) plus, with `lexicon`, the shipped lexicon."""
        words: set[str] = set()
        for t in terms:
            tokens = brand_tokens(t)
            words |= set(tokens) if len(tokens) == 1 else {w for w in tokens if len(w) > 2}  # "Conecta_ES": not "es"
        phrases: set[tuple[str, ...]] = set()
        if lexicon:
            shipped = shipped_brands()
            words |= shipped.words
            phrases |= set(shipped.phrases)
        return cls(frozenset(words), tuple(sorted(phrases)))

    @property
    def terms(self) -> list[str]:
        """The one-word names (stop words of a bag-of-words analyzer: the words of a multi-word
        name, "corte" of "El Corte Inglés", are ordinary words elsewhere and stay)."""
        return sorted(self.words)

    def named_in(self, tokens: Sequence[str]) -> bool:
        """True when the lower-case, folded `tokens` hold a brand word or a brand's words in a row
        (stop words skipped)."""
        folded = tuple(fold(t.lower()) for t in tokens)
        if any(t in self.words for t in folded):
            return True
        starts = self._starts
        if not starts or not starts.keys() & set(folded):
            return False
        for seq in (folded, _content(folded)):
            for i, t in enumerate(seq):
                if any(seq[i : i + len(p)] == p for p in starts.get(t, ())):
                    return True
        return False

    @cached_property
    def _starts(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Phrases by their first word: a text is checked only against those it could hold."""
        out: dict[str, list[tuple[str, ...]]] = {}
        for p in self.phrases:
            out.setdefault(p[0], []).append(p)
        return {k: tuple(v) for k, v in out.items()}

    def named_in_text(self, text: str) -> bool:
        return self.named_in(brand_tokens(text))


@lru_cache(maxsize=1)
def shipped_brands() -> Brands:
    """The lexicon (lexicons/brands.yaml): `|`-separated names under any nesting of sections."""
    import yaml
    from importlib import resources

    doc = yaml.safe_load((resources.files("escucha.nlp.topics") / "lexicons" / "brands.yaml").read_text(encoding="utf-8"))
    words: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    for entry in _entries(doc):
        raw = tuple(brand_tokens(entry))
        tokens = _content(raw)
        if len(raw) == 1:  # "Claro" too, though it is a filler word elsewhere
            words.add(raw[0])
        elif len(tokens) >= 2:
            phrases.add(tokens)
        else:  # "Salud Total", "Banco W": stop words hold the name together, matched as written
            phrases.add(raw)
    return Brands(frozenset(words), tuple(sorted(phrases)))


def shipped_entries() -> list[str]:
    """Every name of the lexicon as written (for tests and documentation)."""
    import yaml
    from importlib import resources

    doc = yaml.safe_load((resources.files("escucha.nlp.topics") / "lexicons" / "brands.yaml").read_text(encoding="utf-8"))
    return list(_entries(doc))


def _entries(node) -> Iterable[str]:
    if isinstance(node, dict):
        for v in node.values():
            yield from _entries(v)
    elif isinstance(node, str):
        yield from (e.strip() for e in node.split("|") if e.strip())
