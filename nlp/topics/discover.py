"""One-off topic modeling of any file (`escucha topics discover`): fit, return, keep nothing."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from escucha.nlp.topics._base import TopicAssignment
from escucha.nlp.topics.bertopic_model import BERTopicModeler


def default_min_topic_size(n_docs: int) -> int:
    """About 5% of a small corpus, 30 from 600 docs on (the model scales it up further for large
    corpora with `min_topic_share`)."""
    return max(10, min(30, n_docs // 20))


def discover(
    docs: Sequence[str],
    embeddings: np.ndarray,
    *,
    encoder=None,
    categories: Mapping[str, str] | None = None,
    min_topic_size: int | None = None,
    seed: int = 42,
    **params: Any,
) -> tuple[TopicAssignment, pd.DataFrame]:
    """(topic per doc, topic table with TOPIC_COLUMNS) for `docs` and their embeddings."""
    model = BERTopicModeler(
        encoder=encoder,
        categories=categories,
        min_topic_size=min_topic_size or default_min_topic_size(len(docs)),
        seed=seed,
        **params,
    )
    assignment = model.fit(docs, embeddings)
    return assignment, model.topics()
