"""Business categories for topics: the closest configured category, or "otros".

Categories come from config as {name: words that describe it}. Each is embedded once as
"name: description" with the same encoder as the texts (measured on USE: better separated than
the mean of its words), and a topic takes the category whose embedding is most similar to the
topic centroid, if that similarity reaches `min_similarity`. Manual overrides ({topic_id: name})
win; they live with the human corrections (corrections.py).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from escucha.nlp.encoders import Encoder

OTHER = "otros"


class CategoryMapper:
    def __init__(self, categories: Mapping[str, str], encoder: Encoder, min_similarity: float = 0.3):
        self.categories = dict(categories)
        self.encoder = encoder
        self.min_similarity = min_similarity
        self.names_: list[str] | None = None
        self.vectors_: np.ndarray | None = None

    def fit(self) -> "CategoryMapper":
        self.names_ = list(self.categories)
        if self.names_:
            texts = [f"{name}: {desc}" for name, desc in self.categories.items()]
            self.vectors_ = np.asarray(self.encoder.encode(texts), dtype=np.float32)
        else:
            self.vectors_ = np.zeros((0, getattr(self.encoder, "dim", 0)), dtype=np.float32)
        return self

    def assign(self, centroids: np.ndarray) -> tuple[list[str], np.ndarray]:
        """(category per centroid, its cosine similarity); "otros" below the floor."""
        if self.vectors_ is None:
            self.fit()
        centroids = np.atleast_2d(np.asarray(centroids, dtype=np.float32))
        if not self.names_ or len(centroids) == 0:
            return [OTHER] * len(centroids), np.zeros(len(centroids), dtype=np.float32)
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        sims = (centroids / np.maximum(norms, 1e-12)) @ self.vectors_.T
        best = sims.argmax(axis=1)
        score = sims[np.arange(len(best)), best]
        names = [self.names_[b] if s >= self.min_similarity else OTHER for b, s in zip(best, score)]
        return names, score


def check_category(name: str, categories: Mapping[str, str]) -> str:
    """A manual category must be configured (or "otros"); the error names the valid ones."""
    if name != OTHER and name not in categories:
        valid = ", ".join([*categories, OTHER])
        raise ValueError(f"categoría desconocida {name!r}; válidas: {valid}")
    return name
