"""Readable Spanish issue names and representative verbatims.

A name is a keyphrase as people write it: the vectorizer drops stop words ("cobro doble
factura"), so the name takes the most frequent surface form of the phrase in the issue's own
texts, with the short function words back ("cobro doble en la factura"), accents and the casing
of names as written ("Centro de Madrid"), first letter capitalised. Phrases never cross
punctuation, so "servicio al cliente, la llamada" is not a name.

Candidates are ranked by c-TF-IDF (specific to the issue) times coverage (share of the issue's
texts that contain it), shorter forms preferred, and, for a sub-theme, less for each word it
shares with its issue's and its siblings' names (maximal marginal relevance: «Internet lento» is
not named again in its sub-themes). A name must say what the problem is, so `NameFilter` rejects
a phrase that is a feeling ("Cansada de llamar", "Peor banco"), a person ("Edward Rubin"), a
company (`brands.py`: the company's own names and others'), a handle, the opening of a copied
review ("Opinión sobre ...") or only generic words ("Problema con el servicio");
lexicons/names.yaml lists the words. And a name is a noun phrase, never a verb fragment
(`phrases.py`: «Internet vuela», «Llamó para avisar» are not names).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from escucha.nlp.topics.brands import Brands
from escucha.nlp.topics.phrases import WordUse, noun_phrase
from escucha.nlp.topics.vectorizer import VERSION_NUMBER, clauses, clean_text, fold

_WORD = re.compile(rf"{VERSION_NUMBER}|[^\W_]+")
MAX_GAP = 2  # function words allowed between two words of a keyphrase ("cobro doble en la factura")
MAX_VERBATIM_CHARS = 400

# Words allowed between the words of a keyphrase: articles, prepositions, possessives, negation
# ("cargo no reconocido") and degree ("muy lento"). Conjunctions are not: "no atienden y la fila"
# joins two clauses; nor clitics and the copula, which only verb fragments hold ("conexión se
# cae", "tarde es una tortuga").
GAP_WORDS = frozenset("""
    a al de del el la los las un una unos unas en con por para sin sobre desde hasta entre
    mi mis su sus tu tus nuestro nuestra no muy más
""".split())
_DIGITS = re.compile(r"^\d+$")  # "300", "2024": an amount, a date; a version ("5.2") is one token with its dot
_CONJUNCTIONS = frozenset({"y", "e", "o", "u", "ni", "pero", "sino", "pues", "porque"})
MIN_NOUN_SHARE = 1 / 3  # a noun alone names an issue when a third of its texts say it ("Token"), not a few
TOPIC_PREFIX = "Tema: "  # last resort of `make_label`: the issue's words, said to be words and not a name
MMR_PENALTY = 0.5  # a sub-theme name sharing all its words with its issue's or a sibling's loses half

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


class NameFilter:
    """Which keyphrases may name an issue. `avoid` adds words of the company (brand and product
    names, handles) and words the corpus shows in most issues (`corpus_terms`); with `lexicon`,
    other companies' names (brands.py, lexicons/brands.yaml) never name one either."""

    def __init__(self, avoid: Iterable[str] = (), *, lexicon: bool = True):
        words = _lexicon()
        self.mood = words["mood"]
        self.source = words["source"]
        self.generic = words["generic"]
        self.amount = words["amount"]
        self.greeting = words["greeting"]
        self.currency = words["currency"]
        self.brands = Brands.of(avoid, lexicon=lexicon)

    def _blocked(self, word: str) -> bool:
        return (word in self.brands.words or word in self.source or word in self.mood or word in self.amount
                or word in self.greeting or bool(_DIGITS.match(word)))

    def keep_keywords(self, ranked: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
        """Ranked keyphrases without brand, handle, source, mood, amount or greeting words (they
        are in every issue or say nothing about it)."""
        return [(p, s) for p, s in ranked
                if not any(self._blocked(fold(w)) for w in p.split()) and not self.brands.named_in(p.split())]

    def allows(self, form: str) -> bool:
        """A surface form may be a name: no mood, brand, source, amount (a number other than a
        version) or greeting word, no currency first ("Pesos"; "Compras en dólares" is one), not only generic words, and not a proper name
        alone (every word capitalised: a person, a brand or a place)."""
        words = _WORD.findall(form)
        content = [w for w in words if fold(w.lower()) not in GAP_WORDS]
        if not content:
            return False
        folded = [fold(w.lower()) for w in content]
        if any(self._blocked(w) for w in folded) or self.brands.named_in(words) or folded[0] in self.currency:
            return False
        if all(w in self.generic for w in folded):
            return False
        return not all(w[:1].isupper() for w in content)


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    import yaml
    from importlib import resources

    text = (resources.files("escucha.nlp.topics") / "lexicons" / "names.yaml").read_text(encoding="utf-8")
    return {k: frozenset(fold(w.lower()) for w in str(v).split()) for k, v in yaml.safe_load(text).items()
            if isinstance(v, str)}


def corpus_terms(docs: Sequence[str], topic_ids: np.ndarray, *, min_doc_share: float = 0.1,
                 min_topic_share: float = 0.6, max_terms: int = 20) -> list[str]:
    """Words the corpus shows in most topics: present in at least `min_doc_share` of the texts
    and in at least `min_topic_share` of the topics (in 10 % of each one's texts). On a company's
    corpus these are its own name, its products and its handle ("banamex", "citibanamex"): they
    would name every topic, so they name none."""
    from escucha.nlp.topics.vectorizer import SpanishAnalyzer

    ids = np.asarray(topic_ids)
    topics = [t for t in np.unique(ids) if t >= 0]
    if len(docs) == 0 or len(topics) < 3:
        return []
    analyzer = SpanishAnalyzer((1, 1))
    sets = [set(analyzer(d)) for d in docs]
    total = Counter(w for s in sets for w in s)
    cands = [w for w, c in total.items() if c >= min_doc_share * len(docs)]
    out = []
    for w in cands:
        present = sum(1 for t in topics
                      if np.mean([w in sets[i] for i in np.flatnonzero(ids == t)]) >= 0.1)
        if present >= min_topic_share * len(topics):
            out.append(w)
    return sorted(out, key=lambda w: (-total[w], w))[:max_terms]


def corpus_use(docs: Sequence[str], max_docs: int = 5_000, seed: int = 42) -> WordUse:
    """How the corpus uses its words (phrases.py), read from all `docs` or a seeded sample of
    `max_docs`: an issue's few texts may never put "no" before "llega", the corpus does."""
    if len(docs) > max_docs:
        pick = np.sort(np.random.default_rng(seed).choice(len(docs), max_docs, replace=False))
        docs = [docs[i] for i in pick]
    return WordUse.of(tokenized(docs))


def make_label(keywords: Sequence[tuple[str, float]], docs: Sequence[str], taken: Iterable[str] = (),
               names: NameFilter | None = None, related: Iterable[str] = (), use: WordUse | None = None) -> str:
    """A short name from ranked keyphrases (best first, with c-TF-IDF scores) and the issue's
    most typical texts.

    A multi-word keyphrase is a candidate if it holds one of the issue's three best single nouns
    (else it is a side detail: "manos libres" for phones) and appears in at least 2 texts.
    Among those, the best is specific (score), frequent in the issue (share of texts that
    contain it), short (surface forms longer than 4 words lose 15% per word) and new next to
    `related` names (the issue's and its other sub-themes': MMR_PENALTY times the share of its
    words they already hold). A name already used (`taken`), that `names` rejects or that is no
    noun phrase (phrases.py; how words are used is read from `use`, the corpus's, or else from
    `docs`) is skipped.

    Without a usable keyphrase, the name is still what a manager would write, never two
    unrelated words joined by "y" («Tortuga y wifi»): `head_phrase`, the noun phrase the
    texts most often write around one of the three best nouns («Señal del wifi»); else the best
    noun alone («Token»), if the texts use it as a noun (after an article or a preposition) and
    a third of them hold it (MIN_NOUN_SHARE); else, as a last resort, "Tema: " and the two best words («Tema:
    tortuga, lenta»), which says these are the issue's words and not its name.
    """
    names = names or NameFilter()
    taken_folded = {t.lower() for t in taken}
    seen = [_content_words(r) for r in related]
    n = max(1, len(docs))
    docs = tokenized(docs)
    use = use or WordUse.of(docs)
    keywords = names.keep_keywords(keywords)
    singles = [p for p, _ in keywords if " " not in p and names.allows(p)]
    nouns = [p for p in singles if _is_noun_phrase(p, use)]
    top_words = set((nouns or singles)[:3])
    scored: list[tuple[float, int, str]] = []
    for rank, (phrase, score) in enumerate(keywords):
        words = phrase.split()
        if len(words) < 2 or not top_words & set(words):
            continue
        form, count = realize(phrase, docs)
        if form is None or count < 2 or not names.allows(form) or not _is_noun_phrase(form, use):
            continue
        mine = _content_words(form)
        overlap = max((len(mine & s) / len(mine) for s in seen if mine), default=0.0)
        scored.append((score * count / n * 0.85 ** max(0, len(form.split()) - 4) * (1 - MMR_PENALTY * overlap),
                       -rank, form))
    for _, _, form in sorted(scored, reverse=True):
        if form.lower() not in taken_folded:
            return capitalise(form)
    heads = [realize(w, docs)[0] or w for w in _unlike(nouns)]
    form = head_phrase(heads[:3], docs, names, use, taken_folded)
    if form:
        return capitalise(form)
    for head in heads:  # a noun alone: one the texts put after an article or a preposition, in many of them
        w = head.lower()
        if (names.allows(head) and fold(w) not in names.generic and w not in taken_folded
                and use.det[w] + use.prep[w] > 0 and realize(w, docs)[1] >= MIN_NOUN_SHARE * n):
            return capitalise(head)
    plain = [p for p in singles if not use.verbal(p)]  # nouns first, then other words that are no verb
    words = [realize(w, docs)[0] or w for w in _unlike(nouns + [p for p in plain if p not in nouns] or singles)]
    words = [w.lower() for w in words if fold(w.lower()) not in names.generic] or [w.lower() for w in words]
    for k in range(min(2, len(words)), len(words) + 1) if words else ():
        label = TOPIC_PREFIX + ", ".join(words[:k])
        if label.lower() not in taken_folded:
            return label
    return "Sin palabras clave"


def head_phrase(heads: Sequence[str], docs: Sequence[list[Clause]], names: NameFilter, use: WordUse,
                taken: Iterable[str] = (), min_docs: int = 2) -> str | None:
    """The noun phrase of two or three content words (up to MAX_GAP function words between two)
    that holds one of `heads` (nouns, best first) and that most of `docs` (tokenized) write, in at
    least `min_docs` of them: «Señal del wifi» around "wifi". Only phrases `names` allows, that
    are noun phrases, and not in `taken` (lower-case). Ties go to the better head, then the
    shorter form, then alphabetical order (deterministic)."""
    from escucha.nlp.topics.vectorizer import spanish_stop_words

    stops = (spanish_stop_words() | _CONJUNCTIONS) - GAP_WORDS  # the stop words hold no one-letter word ("y")
    rank = {fold(h.lower()): r for r, h in enumerate(heads)}
    taken_folded = {t.lower() for t in taken}
    counts: Counter[str] = Counter()
    best_rank: dict[str, int] = {}
    for doc in docs:
        found: set[str] = set()
        for words in doc:
            content = [i for i, (w, _) in enumerate(words) if w not in GAP_WORDS and w not in stops]
            for a, i in enumerate(content):
                for b in range(a + 1, min(a + 3, len(content))):
                    span = content[a : b + 1]
                    if any(j - k - 1 > MAX_GAP for k, j in zip(span, span[1:])):
                        break
                    if any(words[x][0] in stops for x in range(span[0], span[-1] + 1)):
                        break
                    held = [rank[fold(words[x][0])] for x in span if fold(words[x][0]) in rank]
                    if not held:
                        continue
                    key = " ".join(w for w, _ in words[span[0] : span[-1] + 1])
                    found.add(key)
                    best_rank[key] = min(held)
        counts.update(found)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], best_rank[kv[0]], len(kv[0].split()), kv[0]))
    for key, count in ranked:
        if count < min_docs:
            break
        form, _ = realize(key, docs)
        form = form or key
        if form.lower() in taken_folded or not names.allows(form) or not _is_noun_phrase(form, use):
            continue
        return form
    return None


def _is_noun_phrase(form: str, use: WordUse) -> bool:
    return noun_phrase([(w.lower(), w) for w in _WORD.findall(form)], use, GAP_WORDS)


def repeats(name: str, other: str) -> bool:
    """Every content word of `name` is one of `other`'s (singular or plural, with or without
    accents): «Cobro doble» says nothing new under «Cobro doble en la factura», nor
    «Instalación» under «Demora en la instalación del servicio»."""
    mine, theirs = _content_words(name), _content_words(other)
    return bool(mine) and all(any(_same_word(w, o) for o in theirs) for w in mine)


def listable(name: str, issue: str) -> bool:
    """A sub-theme a report lists under its issue: named (not «Tema: ...»), a phrase
    (`is_phrase`) and not a repetition of the issue's name (`repeats`)."""
    return not name.startswith(TOPIC_PREFIX) and is_phrase(name) and not repeats(name, issue)


def is_phrase(name: str) -> bool:
    """The name holds two content words or more («Débito automático», «Casa de cobranza»), not
    one word alone («Razón», «Minutos»), which rarely says how an issue shows up."""
    return len(_content_words(name)) >= 2


def _same_word(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return a == b or (len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 2)


def _content_words(name: str) -> set[str]:
    return {fold(w.lower()) for w in _WORD.findall(name) if w.lower() not in GAP_WORDS and len(w) > 2}


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
