"""The topic-model contract: stable topic ids night after night.

A topic model is fitted once on the history (or refitted rarely), then every night `update`
assigns the new texts to the existing topics and opens new topics only for themes that are
really new. Topic ids are never renumbered and never reused: reports, alerts and the store key
on them. Human corrections (rename, merge, split, category) are part of the model and survive
updates and refits.

Embeddings are computed once per record by an `Encoder` and passed in: the topic model never
embeds documents itself (it embeds only the few category descriptions, with the encoder given).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from escucha.store import TOPIC_COLUMNS

OUTLIER = -1

__all__ = ["OUTLIER", "TOPIC_COLUMNS", "TopicAssignment", "TopicModeler"]


@dataclass
class TopicAssignment:
    """Topic per document, in the order given. -1 = outlier (no topic)."""

    topic_ids: np.ndarray  # int64 (n,)
    similarity: np.ndarray  # float32 (n,): cosine to the assigned topic (to the nearest one for -1)
    model_version: str
    new_topic_ids: list[int] = field(default_factory=list)  # topics this call created
    subthemes: np.ndarray | None = None  # int64 (n,): sub-theme of each doc within its topic, -1 none

    def __len__(self) -> int:
        return len(self.topic_ids)

    @property
    def outlier_share(self) -> float:
        return float(np.mean(self.topic_ids == OUTLIER)) if len(self.topic_ids) else 0.0

    def to_frame(self, record_ids: Sequence[str]) -> pd.DataFrame:
        """Rows for `Store.upsert_topic_assignments`: record_id, topic_id, model_version."""
        if len(record_ids) != len(self.topic_ids):
            raise ValueError(f"{len(record_ids)} record ids for {len(self.topic_ids)} assignments")
        return pd.DataFrame({
            "record_id": list(record_ids),
            "topic_id": self.topic_ids.astype("int64"),
            "model_version": self.model_version,
        })


class TopicModeler(ABC):
    """Fit, update nightly, correct by hand, save and load a topic model with stable ids."""

    @abstractmethod
    def fit(self, docs: Sequence[str], embeddings: np.ndarray) -> TopicAssignment:
        """Find the topics of a corpus. On an already fitted model this is a refit: ids of
        topics that are still there are kept (see `refit`)."""

    @abstractmethod
    def update(self, docs: Sequence[str], embeddings: np.ndarray) -> TopicAssignment:
        """The nightly path: assign new docs to existing topics (ids and labels kept) and add
        topics, with fresh ids, only for dense groups far from every existing topic."""

    @abstractmethod
    def transform(self, embeddings: np.ndarray) -> TopicAssignment:
        """Assign docs to existing topics only; changes nothing."""

    @abstractmethod
    def refit(self, docs: Sequence[str], embeddings: np.ndarray) -> dict[int, int]:
        """Re-cluster from scratch, keep the id of every topic found again, carry labels and
        corrections across; returns old id -> new id (-1 when a topic is gone). The docs'
        assignments are in `assignment_`."""

    def sample_indices(self, n: int) -> np.ndarray:
        """Positions of the docs a fit of `n` docs needs to see (sorted). A model that clusters
        a sample of a big corpus returns that sample; the caller fits on those docs,
        `transform`s the rest in batches and calls `recount`. Default: all of them."""
        return np.arange(n)

    def recount(self, topic_ids: np.ndarray) -> None:
        """Topic sizes from the assignment of the whole corpus (after a fit on a sample)."""

    @abstractmethod
    def topics(self) -> pd.DataFrame:
        """The topic table, columns TOPIC_COLUMNS (keywords and verbatims as JSON lists). A topic
        is an issue: what reports rank and what keeps its id."""

    def subthemes(self) -> pd.DataFrame:
        """How each issue shows up: topic_id, topic_label, subtheme, label, keywords (JSON),
        size, share. Default: every topic is its own only sub-theme."""
        t = self.topics()
        t = t[t["topic_id"] != OUTLIER]
        return pd.DataFrame({"topic_id": t["topic_id"], "topic_label": t["label"], "subtheme": 0, "label": t["label"],
                             "keywords": t["keywords"], "size": t["size"], "share": 1.0}).reset_index(drop=True)

    def subtheme_of(self, embeddings: np.ndarray, topic_ids: Sequence[int]) -> np.ndarray:
        """The sub-theme (the `subtheme` column of `subthemes()`) of each doc within its issue
        `topic_ids`, from its vector; -1 for outliers. Reports count these over a period's records,
        so that how an issue shows up is this week's, not the last fit's. Default: sub-theme 0."""
        ids = np.asarray(topic_ids, dtype=np.int64)
        return np.where(ids >= 0, 0, OUTLIER).astype(np.int64)

    # -- human corrections (kept in the model, re-applied after every update and refit) -------
    @abstractmethod
    def rename(self, topic_id: int, label: str) -> None: ...

    @abstractmethod
    def set_category(self, topic_id: int, category: str) -> None: ...

    @abstractmethod
    def merge(self, topic_ids: Sequence[int], into: int) -> None: ...

    @abstractmethod
    def split(self, topic_id: int, docs: Sequence[str], embeddings: np.ndarray, n_topics: int = 2) -> TopicAssignment:
        """Re-cluster the topic's docs (given by the caller) into `n_topics` topics with new ids."""

    # -- persistence ----------------------------------------------------------------------
    @property
    @abstractmethod
    def model_version(self) -> str: ...

    @abstractmethod
    def save(self, path: str | Path) -> Path: ...

    @classmethod
    @abstractmethod
    def load(cls, path: str | Path, encoder=None) -> "TopicModeler": ...
