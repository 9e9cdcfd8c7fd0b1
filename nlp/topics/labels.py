"""Readable Spanish topic labels and representative verbatims.

A label is a keyphrase as people write it: the vectorizer drops stop words ("cobro doble
factura"), so the label takes the most frequent surface form of the phrase in the topic's own
texts, with the short function words back ("cobro doble en la factura"), accents and the casing
of names as written ("Centro de Madrid"), first letter capitalised. Phrases never cross
punctuation, so "servicio al cliente, la llamada" is not a label.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable, Sequence

import numpy as np

from escucha.nlp.topics.vectorizer import clauses, clean_text, fold

_WORD = re.compile(r"[^\W_]+")
MAX_GAP = 2  # function words allowed between two words of a keyphrase ("cobro doble en la factura")
MAX_VERBATIM_CHARS = 400

# Words allowed between the words of a keyphrase: articles, prepositions, possessives, clitics,
# negation and the copula. Conjunctions are not: "no atienden y la fila" joins two clauses.
GAP_WORDS = frozenset("""
    a al de del el la los las lo un una unos unas en con por para sin sobre desde hasta entre
    mi mis su sus tu tus nuestro nuestra me se le les nos te no es son está están muy más
""".split())

Clause = list[tuple[str, str]]  # (lower-case word, word as written)


def _clauses(doc: str) -> list[Clause]:
    return [[(w.lower(), w) for w in _WORD.findall(c)] for c in clauses(doc, lower=False)]


def tokenized(docs: Iterable[str]) -> list[list[Clause]]:
    """Texts cut into clauses of words, once, for many `realize` calls."""
    return [_clauses(d) for d in docs]


def realize(phrase: str, docs: Iterable[str] | Sequence[list[Clause]],
            max_gap: int = MAX_GAP) -> tuple[str | None, int]:
    """Most frequent surface form of `phrase` in `docs` and the number of docs that contain it.

    The words of the phrase must appear in order within one clause, separated only by up to
    `max_gap` function words (GAP_WORDS). Ties go to the shorter form, then alphabetical order
    (deterministic). The form keeps the most frequent casing seen inside clauses and not in
    capitals, so names stay capitalised ("Madrid") and shouting or sentence starts do not.
    `docs` may be texts or `tokenized(texts)`.
    """
    target = phrase.split()
    forms: Counter[str] = Counter()
    cased: dict[str, Counter[str]] = defaultdict(Counter)
    n_docs = 0
    for doc in docs:
        found = False
        for words in (_clauses(doc) if isinstance(doc, str) else doc):
            for start, (w, _) in enumerate(words):
                if w != target[0]:
                    continue
                pos, ok = start, True
                for t in target[1:]:
                    nxt = pos + 1
                    while (nxt < len(words) and nxt - pos - 1 < max_gap and words[nxt][0] != t
                           and words[nxt][0] in GAP_WORDS):
                        nxt += 1
                    if nxt < len(words) and words[nxt][0] == t:
                        pos = nxt
                    else:
                        ok = False
                        break
                if ok:
                    span = words[start : pos + 1]
                    key = " ".join(w for w, _ in span)
                    forms[key] += 1
                    written = " ".join(o for _, o in span)
                    # casing counts only away from a clause start ("Encuesta ..." is not a name)
                    # and when not shouted
                    cased[key][written if start > 0 and written != written.upper() else key] += 1
                    found = True
        n_docs += found
    if not forms:
        return None, 0
    best = sorted(forms.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]
    variants = sorted(cased[best].items(), key=lambda kv: (-kv[1], kv[0] != best, kv[0]))
    return variants[0][0], n_docs


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def make_label(keywords: Sequence[tuple[str, float]], docs: Sequence[str], taken: Iterable[str] = ()) -> str:
    """A short label from ranked keyphrases (best first, with c-TF-IDF scores) and the topic's
    most typical texts.

    A multi-word keyphrase is a label if it holds one of the topic's three best single words
    (else it is a side detail: "manos libres" for phones) and appears in at least 2 texts.
    Among those, the best is specific (score), frequent in the topic (share of texts that
    contain it) and short (surface forms longer than 4 words lose 15% per word). A label
    already used by another topic is skipped. Without a usable phrase: the two best single
    words ("Libro y novela").
    """
    taken_folded = {t.lower() for t in taken}
    n = max(1, len(docs))
    docs = tokenized(docs)
    singles = [p for p, _ in keywords if " " not in p]
    top_words = set(singles[:3])
    scored: list[tuple[float, int, str]] = []
    for rank, (phrase, score) in enumerate(keywords):
        words = phrase.split()
        if len(words) < 2 or not top_words & set(words):
            continue
        form, count = realize(phrase, docs)
        if form is None or count < 2:
            continue
        scored.append((score * count / n * 0.85 ** max(0, len(form.split()) - 4), -rank, form))
    for _, _, form in sorted(scored, reverse=True):
        if form.lower() not in taken_folded:
            return capitalise(form)
    words = [realize(w, docs)[0] or w for w in _unlike(singles or [p for p, _ in keywords])[:5]]
    if not words:
        return "Sin palabras clave"
    label = capitalise(words[0] if len(words) == 1 else f"{words[0]} y {words[1]}")
    k = 2
    while label.lower() in taken_folded and k < len(words):
        label = capitalise(f"{words[0]} y {words[k]}")
        k += 1
    return label


def _unlike(words: list[str]) -> list[str]:
    """Drop spelling variants of an earlier word ("libros" after "libro"); of "movil" and
    "móvil" keep the accented one."""
    out: list[str] = []
    for w in words:
        f = fold(w)
        twin = next((i for i, o in enumerate(out)
                     if f == fold(o) or f.startswith(fold(o)) or fold(o).startswith(f)), None)
        if twin is None:
            out.append(w)
        elif f == fold(out[twin]) and sum(not c.isascii() for c in w) > sum(not c.isascii() for c in out[twin]):
            out[twin] = w  # same word, with its accents
    return out


def representative(docs: Sequence[str], embeddings: np.ndarray, centroid: np.ndarray, k: int = 3,
                   max_similarity: float = 0.9) -> list[str]:
    """The `k` texts closest to the centroid (the most typical), skipping near-duplicates of one
    already chosen (cosine >= `max_similarity`) while others remain; trimmed for reports."""
    sims = embeddings @ centroid
    order = np.lexsort((np.arange(len(sims)), -sims))
    chosen: list[int] = []
    seen: set[str] = set()
    for strict in (True, False):
        for i in order:
            key = clean_text(" ".join(str(docs[i]).split())).strip()
            if len(chosen) == k or not key or key in seen:
                continue
            if strict and chosen and float(np.max(embeddings[chosen] @ embeddings[i])) >= max_similarity:
                continue
            seen.add(key)
            chosen.append(int(i))
    out = []
    for i in chosen:
        text = " ".join(str(docs[i]).split())
        out.append(text if len(text) <= MAX_VERBATIM_CHARS else text[: MAX_VERBATIM_CHARS - 1].rstrip() + "…")
    return out
