"""Topic keywords by class-based TF-IDF (BERTopic's c-TF-IDF) over our Spanish vectorizer.

Why not BERTopic's own `update_topics`: it counts n-grams on one joined string per topic, so
`min_df` means "in N topics" and prunes exactly the words that make a topic distinct; and it
forgets the vectorizer unless passed again (BERTopic issue #2114). Here counts are per document
(`min_df` prunes rare n-grams, which bounds memory at 100k docs) and summed per topic, then
weighted with BERTopic's `ClassTfidfTransformer`.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import scipy.sparse as sp

from escucha.nlp.topics.vectorizer import fold, make_vectorizer

Keywords = list[tuple[str, float]]


def _doc_term_matrix(docs: Sequence[str], ngram_range: tuple[int, int], min_df: int):
    for df in (min_df, 1):
        vec = make_vectorizer(ngram_range=ngram_range, min_df=df)
        try:
            return vec.fit_transform(list(docs)), vec.get_feature_names_out()
        except ValueError:  # empty vocabulary after pruning (tiny or stop-word-only corpus)
            continue
    return None, None


def _redundant(phrase: str, chosen: list[str]) -> bool:
    """A phrase adds nothing if it is part of a chosen one ("cobro" after "cobro doble") or, for an
    n-gram, if chosen phrases already hold all its words ("cobro doble factura" after "cobro
    doble" and "factura"); so is a spelling variant ("movil" after "móvil")."""
    if any(f" {phrase} " in f" {c} " or fold(phrase) == fold(c) for c in chosen):
        return True
    toks = phrase.split()
    return len(toks) > 1 and set(toks) <= {t for c in chosen for t in c.split()}


def class_keywords(
    docs: Sequence[str],
    topic_ids: Sequence[int] | np.ndarray,
    *,
    top_n: int = 10,
    ngram_range: tuple[int, int] = (1, 3),
    min_df: int = 2,
    min_df_share: float = 0.0002,
) -> dict[int, Keywords]:
    """The `top_n` best keyphrases per topic id, with scores, best first (outliers -1 take part
    as a class, for contrast, but get none). `min_df` grows with the corpus (`min_df_share`) to
    bound the vocabulary. `distinct` picks display keywords from this ranking."""
    ids = np.asarray(topic_ids, dtype=np.int64)
    classes = np.unique(ids)
    effective_min_df = max(1, min(min_df, len(docs) // 10 or 1), math.ceil(len(docs) * min_df_share))
    X, words = _doc_term_matrix(docs, ngram_range, effective_min_df)
    out: dict[int, Keywords] = {int(c): [] for c in classes if c != -1}
    if X is None:
        return out
    rows = np.searchsorted(classes, ids)
    member = sp.csr_matrix((np.ones(len(ids)), (rows, np.arange(len(ids)))), shape=(len(classes), len(ids)))
    counts = (member @ X).tocsr()

    from escucha.nlp.topics.bertopic_core import ClassTfidfTransformer

    ctfidf = ClassTfidfTransformer(reduce_frequent_words=True).fit_transform(counts).tocsr()
    for r, c in enumerate(classes):
        if c == -1:
            continue
        row = ctfidf.getrow(r)
        order = np.lexsort((row.indices, -row.data))[:top_n]  # score desc, then vocabulary order
        out[int(c)] = [(str(words[row.indices[j]]), float(row.data[j])) for j in order if row.data[j] > 0]
    return out


def distinct(ranked: Keywords, n: int) -> list[str]:
    """The first `n` keyphrases of a ranking, skipping those that repeat chosen ones."""
    chosen: list[str] = []
    for phrase, _ in ranked:
        twin = next((i for i, c in enumerate(chosen) if fold(c) == fold(phrase)), None)
        if twin is not None:  # keep the spelling with accents: "móvil", not "movil"
            if fold(phrase) == fold(chosen[twin]) and _accents(phrase) > _accents(chosen[twin]):
                chosen[twin] = phrase
            continue
        if not _redundant(phrase, chosen):
            chosen.append(phrase)
            if len(chosen) == n:
                break
    return chosen


def _accents(text: str) -> int:
    return sum(1 for ch in text if not ch.isascii())
