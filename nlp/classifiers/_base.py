"""Classifier contract: every text classifier Escucha can use (embedded heads, transformers).

The pipeline computes one USE embedding per record and stores it; classifiers that work on those
vectors accept them through `embeddings` so nothing is encoded twice. Backends that read raw text
(transformers) simply ignore `embeddings`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Sequence

import numpy as np

# Label sets per task, in the column order of `predict_proba`. Spanish, as business users read them.
TASK_LABELS: dict[str, list[str]] = {
    "sentiment": ["POS", "NEU", "NEG"],
    "emotion": ["alegría", "enojo", "tristeza", "miedo", "sorpresa", "asco", "otros"],
    "irony": ["no", "sí"],
    "toxicity": ["no", "sí"],
    "pqrs_type": ["petición", "queja", "reclamo", "sugerencia", "felicitación", "otro"],
}

TASKS: tuple[str, ...] = tuple(TASK_LABELS)


def check_task(task: str) -> str:
    """Return `task` if known, else raise a ValueError listing the known tasks."""
    if task not in TASK_LABELS:
        raise ValueError(f"unknown task {task!r}; known tasks: {', '.join(TASKS)}")
    return task


class TextClassifier(ABC):
    """Maps texts to a probability distribution over `labels_` (fixed per task, see TASK_LABELS).

    `version` is stored with every enrichment row (model_version), so it must change whenever the
    model's predictions can change (e.g. it contains a hash of the weights file).
    """

    task: str
    labels_: list[str]
    version: str

    @abstractmethod
    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """Return float array (len(texts), len(labels_)); each row sums to 1.

        `embeddings`, when given, are precomputed unit vectors of `texts` (one row per text) from
        the encoder the classifier was trained on; backends that do not use them ignore them.
        """

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[str]:
        """Most probable label per text."""
        proba = self.predict_proba(texts, embeddings=embeddings)
        return [self.labels_[i] for i in np.asarray(proba).argmax(axis=1)]
