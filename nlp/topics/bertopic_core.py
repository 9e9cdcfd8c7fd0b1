"""The parts of BERTopic 0.17 the topic model uses, computed here so that the default install
needs neither BERTopic nor, through it, sentence-transformers and torch (BERTopic declares
sentence-transformers as a hard dependency although it never loads it when the embeddings are
given, as ours always are).

What a fit with precomputed embeddings does in BERTopic, step for step (same order, same pandas
and numpy calls, so the same labels for the same input; tests/test_bertopic_core.py compares
them with BERTopic itself when it is installed: `pip install 'escucha[bertopic]'`):

- `fit_transform(docs, embeddings)`: reduce (`fit_transform`, NaN -> 0), cluster (`labels_`),
  number the clusters by size, largest first (`_sort_mappings_by_frequency`), topic embeddings
  = the mean embedding of each topic's documents (`_create_topic_vectors`);
- `merge_topics(docs, groups)`: each group takes its first id, clusters renumbered by size
  again, a merged topic's embedding is its parts' embeddings averaged by their sizes;
- `reduce_outliers(..., strategy="embeddings", threshold)`: each outlier goes to the topic
  whose embedding is the most cosine-similar, if that similarity reaches the threshold;
- `ClassTfidfTransformer(reduce_frequent_words=True)`: c-TF-IDF per class.

BERTopic is MIT-licensed (Copyright (c) 2024, Maarten P. Grootendorst); see NOTICE (item 7).
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.preprocessing import normalize
from sklearn.utils import check_array

OUTLIER = -1
BERTOPIC_VERSION = "0.17.4"  # the release whose steps these are


@dataclass
class Clustering:
    """Topic labels per document (-1: outlier, 0..k-1 by size) and each topic's embedding
    (row 0 is the outliers' when there are any, as in BERTopic's `topic_embeddings_`)."""

    labels: np.ndarray
    sizes: collections.Counter
    topic_embeddings: np.ndarray

    @property
    def has_outliers(self) -> int:
        return 1 if OUTLIER in self.sizes else 0


def _by_size(labels: np.ndarray) -> tuple[dict[int, int], collections.Counter]:
    """BERTopic's renumbering: the largest cluster becomes 0 (ties as pandas' sort leaves them)."""
    sizes = collections.Counter(labels.tolist())
    df = pd.DataFrame(sizes.items(), columns=["Old_Topic", "Size"]).sort_values("Size", ascending=False)
    df = df[df.Old_Topic != OUTLIER]
    return {**{OUTLIER: OUTLIER}, **dict(zip(df.Old_Topic, range(len(df))))}, sizes


def fit_clusters(embeddings: np.ndarray, reducer: Any, clusterer: Any) -> Clustering:
    """Reduce, cluster, number clusters by size, embed each topic as its documents' mean."""
    reduced = np.nan_to_num(reducer.fit_transform(embeddings))
    clusterer.fit(reduced)
    raw = np.asarray(clusterer.labels_)
    mapping, _ = _by_size(raw)
    labels = np.asarray(pd.Series(raw).map(mapping).astype(int))
    sizes = collections.Counter(labels.tolist())
    topics = np.unique(labels)
    topic_embeddings = np.array([embeddings[labels == t].mean(axis=0) for t in topics])
    return Clustering(labels, sizes, topic_embeddings)


def merge_topics(fit: Clustering, groups: Sequence[Sequence[int]]) -> Clustering:
    """Merge each group into its first topic, renumber by size, average the embeddings."""
    mapping = {t: t for t in set(fit.labels.tolist())}
    for group in sorted(groups):
        for t in group:
            mapping[t] = group[0]
    parts: dict[int, list[int]] = collections.defaultdict(list)
    for key, val in sorted(mapping.items()):
        parts[val].append(key)
    merged = np.asarray(pd.Series(fit.labels).map(mapping).astype(int))
    renumber, _ = _by_size(merged)
    labels = np.asarray(pd.Series(merged).map(renumber).astype(int))
    sizes = collections.Counter(labels.tolist())
    embeddings = {}
    for to, sources in parts.items():
        rows = np.array(fit.topic_embeddings)[np.array(sources) + fit.has_outliers]
        embeddings[renumber[to]] = np.average(rows, axis=0, weights=[fit.sizes[t] for t in sources])
    return Clustering(labels, sizes, np.array([embeddings[t] for t in sorted(embeddings)]))


def reduce_outliers(fit: Clustering, embeddings: np.ndarray, threshold: float) -> np.ndarray:
    """Each outlier to its most similar topic embedding, when the cosine reaches `threshold`."""
    labels = fit.labels.tolist()
    outlier_ids = [i for i, t in enumerate(labels) if t == OUTLIER]
    if not outlier_ids:
        return np.asarray(labels, dtype=np.int64)
    similarity = cosine_similarity(np.array([embeddings[i] for i in outlier_ids]),
                                   fit.topic_embeddings[fit.has_outliers:])
    similarity[similarity < threshold] = 0
    taken = iter([np.argmax(sim) if sum(sim) > 0 else OUTLIER for sim in similarity])
    return np.asarray([t if t != OUTLIER else next(taken) for t in labels], dtype=np.int64)


class ClassTfidfTransformer(TfidfTransformer):
    """c-TF-IDF over a classes x terms count matrix: each class's term frequencies (L1, square
    root with `reduce_frequent_words`) times log(1 + average words per class / term frequency)."""

    def __init__(self, reduce_frequent_words: bool = False):
        self.reduce_frequent_words = reduce_frequent_words
        super().__init__()

    def fit(self, X: sp.csr_matrix, y: Any = None) -> "ClassTfidfTransformer":
        X = check_array(X, accept_sparse=("csr", "csc"))
        if not sp.issparse(X):
            X = sp.csr_matrix(X)
        _, n_features = X.shape
        df = np.asarray(X.sum(axis=0)).ravel()  # not squeeze: one term would become a scalar
        avg_nr_samples = int(X.sum(axis=1).mean())
        idf = np.log((avg_nr_samples / df) + 1)
        self.idf_diag_ = sp.diags(idf, offsets=0, shape=(n_features, n_features), format="csr", dtype=np.float64)
        return self

    def transform(self, X: sp.csr_matrix, copy: Any = None) -> sp.csr_matrix:
        X = normalize(X, axis=1, norm="l1", copy=False)
        if self.reduce_frequent_words:
            X.data = np.sqrt(X.data)
        return X * self.idf_diag_
