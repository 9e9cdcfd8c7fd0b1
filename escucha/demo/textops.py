"""The noise real customers add when they type in a hurry: dropped accents, abbreviations, a
swapped letter pair, elongated words. All randomness comes from the caller's rng."""

from __future__ import annotations

import random
import re

from escucha.demo.phrases import TYPING
from escucha.textgen import strip_accents

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def typos(text: str, rng: random.Random, strength: float) -> str:
    """Make a text look typed in a hurry on a phone. `strength` in 0..1."""
    if strength <= 0:
        return text
    if rng.random() < strength:  # drop accents in most words
        text = _WORD.sub(lambda m: strip_accents(m.group(0)) if rng.random() < 0.8 else m.group(0), text)
    for old, new in TYPING.substitutions:
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


def elongate(text: str) -> str:
    """'pésimo' -> 'pésimooo': the first elongatable word found, if any."""
    for word, long in TYPING.elongations.items():
        m = re.search(rf"\b{re.escape(word)}\b", text, flags=re.IGNORECASE)
        if m:
            return text[:m.start()] + long + text[m.end():]
    return text
