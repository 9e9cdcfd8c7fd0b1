"""Small text operations for the demo corpus: slot filling and the noise real customers add
(dropped accents, abbreviations, elongated words). All randomness comes from the caller's rng."""

from __future__ import annotations

import random
import re
import string
import unicodedata
from typing import Callable

from escucha.demo.phrases_social import ELONGATIONS, TYPO_SUBS

_FIELDS = string.Formatter()


class Slots(dict):
    """Values for template slots; missing ones are produced on first use by `lazy` factories,
    so a template only consumes randomness for the slots it actually has."""

    def __init__(self, values: dict[str, str], lazy: dict[str, Callable[[], str]]):
        super().__init__(values)
        self._lazy = lazy

    def __missing__(self, key: str) -> str:
        if key in self._lazy:
            value = self._lazy[key]()
            self[key] = value
            return value
        raise KeyError(f"demo template slot {{{key}}} has no value")


def fill(template: str, slots: Slots) -> str:
    return template.format_map(slots)


def slot_names(template: str) -> list[str]:
    return [name for _, name, _, _ in _FIELDS.parse(template) if name]


def fold(text: str) -> str:
    """Lower-case without accents (ñ kept as n): how tests and matchers compare words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _strip_accents_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    out = []
    for c in decomposed:
        if unicodedata.combining(c) and out and out[-1] in "nN":
            out.append(c)  # keep ñ: people drop tildes far more often than the eñe
        elif not unicodedata.combining(c):
            out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def typos(text: str, rng: random.Random, strength: float) -> str:
    """Make a text look typed in a hurry on a phone. `strength` in 0..1."""
    if strength <= 0:
        return text
    if rng.random() < strength:  # drop accents in most words
        text = _WORD.sub(lambda m: _strip_accents_word(m.group(0)) if rng.random() < 0.8 else m.group(0), text)
    for old, new in TYPO_SUBS:
        if old in text and rng.random() < strength * 0.5:
            text = text.replace(old, new, 1)
    if rng.random() < strength * 0.5:
        text = text[:1].lower() + text[1:]
    if text.endswith(".") and rng.random() < strength:
        text = text[:-1]
    if rng.random() < strength * 0.3:  # one swapped letter pair in a longer word
        words = [m for m in _WORD.finditer(text)
                 if len(m.group(0)) > 5 and (m.start() == 0 or text[m.start() - 1] not in "@#")]
        if words:
            m = words[rng.randrange(len(words))]
            w = m.group(0)
            i = rng.randrange(1, len(w) - 2)
            w2 = w[:i] + w[i + 1] + w[i] + w[i + 2:]
            text = text[:m.start()] + w2 + text[m.end():]
    return text


def elongate(text: str, rng: random.Random) -> str:
    """'pésimo' -> 'pésimooo': the first elongatable word found, if any."""
    for word, long in ELONGATIONS.items():
        m = re.search(rf"\b{re.escape(word)}\b", text, flags=re.IGNORECASE)
        if m:
            return text[:m.start()] + long + text[m.end():]
    return text


def capitalise(text: str) -> str:
    for i, c in enumerate(text):
        if c.isalpha():
            return text[:i] + c.upper() + text[i + 1:]
        if not (c in "¿¡\"«“'(" or c.isspace()):
            return text
    return text


def tidy(text: str) -> str:
    """Collapse the double spaces and stray spaces before punctuation left by optional parts."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    return text.strip()
