"""Our topic model as a real `bertopic.BERTopic` object (needs `pip install 'escucha[bertopic]'`).

The topics are ours: BERTopic's documented *manual topic modeling* skips its own reduction and
clustering (`BaseDimensionalityReduction`, `BaseCluster`) and takes each document's topic as `y`
in `fit_transform(docs, embeddings=..., y=topic_ids)`. BERTopic then computes, with its own code,
the topic sizes, the c-TF-IDF matrix and each topic's words, the topic embeddings (mean of the
documents' embeddings) and three representative documents per topic; `set_topic_labels` gives
each topic our business name ("Cobro doble en la factura"). So `get_topic_info()`, `get_topic()`,
`visualize_topics()`, `visualize_hierarchy()`, `visualize_barchart()` and `topics_over_time()`
work on it as on any fitted BERTopic, offline: no embedding model is attached (texts are embedded
by Escucha's encoder; pass `embeddings=` to BERTopic's `transform`).

BERTopic numbers topics 0..k-1 by size (it indexes its arrays by topic id), so its ids can differ
from Escucha's after merges, splits or refits: `escucha_ids(topic_model)` maps BERTopic id ->
Escucha id, and the custom labels carry the names either way.

The c-TF-IDF runs on a plain scikit-learn `CountVectorizer` (Spanish stop words and the token
pattern of vectorizer.py, unigrams and bigrams) so that the saved model loads in a plain BERTopic
install; documents reach it without redaction placeholders, URLs and @mentions (`clean_text`).
Representative documents are the given texts (the store's are redacted); with a `guard`
(`PiiGuard`), any it refuses is left out.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from escucha.nlp.topics._base import OUTLIER
from escucha.nlp.topics._state import OUTLIER_LABEL
from escucha.nlp.topics.vectorizer import TOKEN_PATTERN, clean_text, spanish_stop_words

NGRAM_RANGE = (1, 2)


def plain_vectorizer(ngram_range: tuple[int, int] = NGRAM_RANGE, min_df: int = 1):
    """A CountVectorizer BERTopic can save as JSON and rebuild without Escucha."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(token_pattern=TOKEN_PATTERN, stop_words=sorted(spanish_stop_words()),
                           ngram_range=tuple(ngram_range), min_df=min_df, lowercase=True)


def bertopic_docs(docs: Sequence[str]) -> list[str]:
    """The texts as BERTopic gets them: without redaction placeholders, URLs and @mentions (pass
    these to `topics_over_time` and the like, which need the fitted documents)."""
    return [clean_text(str(d), lower=False) for d in docs]


def to_bertopic(model: Any, docs: Sequence[str], embeddings: np.ndarray, topic_ids: Sequence[int] | None = None, *,
                top_n_words: int = 10, guard: Any = None) -> Any:
    """A fitted `bertopic.BERTopic` with `model`'s topics over `docs`.

    `model`: a fitted BERTopicModeler (its labels, renames included, become the custom labels);
    `embeddings`: the documents' embeddings (one row per doc, the encoder the model uses);
    `topic_ids`: each doc's topic (default: `model.transform(embeddings)`); ids the model no
    longer has (and -1) are outliers. Needs at least one doc in a topic.
    """
    from bertopic import BERTopic
    from bertopic.cluster import BaseCluster
    from bertopic.dimensionality import BaseDimensionalityReduction

    docs = bertopic_docs(docs)
    emb = np.asarray(embeddings, dtype=np.float32)
    if len(docs) != len(emb):
        raise ValueError(f"{len(docs)} docs but {len(emb)} embeddings")
    if topic_ids is None:
        topic_ids = model.transform(emb).topic_ids
    labels = dict(zip(model.topics()["topic_id"].astype(int), model.topics()["label"]))
    ids = np.asarray([int(t) if int(t) in labels and int(t) != OUTLIER else OUTLIER for t in topic_ids],
                     dtype=np.int64)
    if len(ids) != len(docs):
        raise ValueError(f"{len(docs)} docs but {len(ids)} topic ids")
    if not (ids >= 0).any():
        raise ValueError("no document has a topic: nothing to export")
    topic_model = BERTopic(
        embedding_model=None,
        umap_model=BaseDimensionalityReduction(),
        hdbscan_model=BaseCluster(),
        vectorizer_model=plain_vectorizer(),
        top_n_words=top_n_words,
        calculate_probabilities=False,
        verbose=False,
    )
    topic_model.fit_transform(docs, embeddings=emb, y=ids)
    ours = escucha_ids(topic_model)
    topic_model.set_topic_labels({t: (OUTLIER_LABEL if e == OUTLIER else labels[e]) for t, e in ours.items()})
    if guard is not None:
        topic_model.representative_docs_ = {
            t: [d for d in texts if not guard.screen([d], f"bertopic:{t}")[1]]
            for t, texts in (topic_model.representative_docs_ or {}).items()}
    return topic_model


def escucha_ids(topic_model: Any) -> dict[int, int]:
    """BERTopic topic id -> Escucha topic id, for a model made by `to_bertopic` (through
    BERTopic's public `topic_mapper_.get_mappings`: Escucha's ids were its original topics)."""
    return {int(new): int(old) for old, new in topic_model.topic_mapper_.get_mappings(original_topics=True).items()}
