"""The persistent state of a topic model: topics with stable ids and their prototype vectors.

Documents are assigned by cosine similarity to prototypes in the full embedding space, not by
re-running UMAP/HDBSCAN: that is exact after a save/load (no pickled UMAP holding the training
data, nothing that depends on a library version), cheap for 10,000 docs a night, and lets a
topic own several prototypes, which is what a human merge means (two themes, one topic).
Each prototype keeps a membership threshold learned from its own cluster's spread, so tight and
loose topics are judged fairly.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from escucha.nlp.topics._base import OUTLIER, TOPIC_COLUMNS
from escucha.nlp.topics.taxonomy import OTHER

OUTLIER_LABEL = "Sin tema asignado"
_CHUNK = 20_000


@dataclass
class Topic:
    topic_id: int
    label: str  # automatic label; a human rename lives in the corrections and wins
    keywords: list[str] = field(default_factory=list)
    verbatims: list[str] = field(default_factory=list)
    size: int = 0  # documents assigned so far (fit + updates)
    category: str = OTHER  # automatic category; a manual one lives in the corrections and wins
    origin: str = "fit"  # fit | update | split | refit


def normalize(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


class TopicTable:
    def __init__(self, dim: int):
        self.dim = dim
        self.topics: dict[int, Topic] = {}
        self.vectors = np.zeros((0, dim), dtype=np.float32)  # unit prototypes (P, dim)
        self.owner = np.zeros(0, dtype=np.int64)  # topic id of each prototype
        self.threshold = np.zeros(0, dtype=np.float32)  # min cosine for membership
        self.weight = np.zeros(0, dtype=np.float32)  # docs behind each prototype
        self.cohesion = np.zeros(0, dtype=np.float32)  # median cosine of its docs: how tight
        self.next_id = 0
        self.n_outliers = 0

    # -- ids ------------------------------------------------------------------------------
    def new_id(self) -> int:
        tid = self.next_id
        self.next_id += 1
        return tid

    def __contains__(self, topic_id: int) -> bool:
        return int(topic_id) in self.topics

    def require(self, topic_id: int) -> Topic:
        try:
            return self.topics[int(topic_id)]
        except KeyError:
            raise KeyError(f"no topic {topic_id}; topics: {sorted(self.topics)}") from None

    # -- prototypes -----------------------------------------------------------------------
    def add(self, topic: Topic, vectors: np.ndarray, thresholds: np.ndarray, weights: np.ndarray,
            cohesion: np.ndarray) -> None:
        vectors = normalize(np.atleast_2d(vectors))
        self.topics[topic.topic_id] = topic
        self.vectors = np.vstack([self.vectors, vectors])
        self.owner = np.concatenate([self.owner, np.full(len(vectors), topic.topic_id, dtype=np.int64)])
        self.threshold = np.concatenate([self.threshold, np.asarray(thresholds, dtype=np.float32)])
        self.weight = np.concatenate([self.weight, np.asarray(weights, dtype=np.float32)])
        self.cohesion = np.concatenate([self.cohesion, np.asarray(cohesion, dtype=np.float32)])
        self.next_id = max(self.next_id, topic.topic_id + 1)

    def remove(self, topic_id: int) -> None:
        keep = self.owner != topic_id
        self.vectors, self.owner = self.vectors[keep], self.owner[keep]
        self.threshold, self.weight, self.cohesion = self.threshold[keep], self.weight[keep], self.cohesion[keep]
        self.topics.pop(int(topic_id), None)

    def prototypes(self, topic_id: int) -> np.ndarray:
        return self.vectors[self.owner == topic_id]

    def centroid(self, topic_id: int) -> np.ndarray:
        mask = self.owner == topic_id
        return normalize((self.vectors[mask] * self.weight[mask, None]).sum(axis=0))

    def match(self, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(nearest topic, its cosine, is a member) per doc. With no topics: -1, 0, False."""
        n = len(embeddings)
        if len(self.vectors) == 0 or n == 0:
            return np.full(n, OUTLIER, dtype=np.int64), np.zeros(n, dtype=np.float32), np.zeros(n, dtype=bool)
        best = np.empty(n, dtype=np.int64)
        sim = np.empty(n, dtype=np.float32)
        for s in range(0, n, _CHUNK):  # bounded memory for 100k docs x hundreds of prototypes
            block = np.asarray(embeddings[s : s + _CHUNK], dtype=np.float32) @ self.vectors.T
            best[s : s + _CHUNK] = block.argmax(axis=1)
            sim[s : s + _CHUNK] = block[np.arange(len(block)), best[s : s + _CHUNK]]
        return self.owner[best], sim, sim >= self.threshold[best]

    def merge(self, topic_ids: list[int], into: int) -> None:
        """One topic from several: `into` takes their prototypes (so each theme still matches),
        their sizes, and their keywords and verbatims interleaved."""
        target = self.require(into)
        others = [self.require(t) for t in topic_ids if t != into]
        for t in others:
            self.owner[self.owner == t.topic_id] = into
            target.size += t.size
            self.topics.pop(t.topic_id)
        groups = [target, *others]
        target.keywords = _interleave([g.keywords for g in groups], len(target.keywords) or 10)
        target.verbatims = _interleave([g.verbatims for g in groups], 3)

    # -- output ---------------------------------------------------------------------------
    def frame(self, model_version: str, labels: dict[int, str], categories: dict[int, str]) -> pd.DataFrame:
        rows = [{
            "topic_id": OUTLIER, "label": OUTLIER_LABEL, "category": OTHER, "keywords": "[]",
            "verbatims": "[]", "size": self.n_outliers, "model_version": model_version,
        }]
        for tid in sorted(self.topics):
            t = self.topics[tid]
            rows.append({
                "topic_id": tid,
                "label": labels.get(tid, t.label),
                "category": categories.get(tid, t.category),
                "keywords": json.dumps(t.keywords, ensure_ascii=False),
                "verbatims": json.dumps(t.verbatims, ensure_ascii=False),
                "size": t.size,
                "model_version": model_version,
            })
        df = pd.DataFrame(rows, columns=list(TOPIC_COLUMNS))
        return df.astype({"topic_id": "int64", "size": "int64"})

    # -- persistence ----------------------------------------------------------------------
    def to_payload(self) -> tuple[dict, dict[str, np.ndarray]]:
        meta = {
            "dim": self.dim, "next_id": self.next_id, "n_outliers": self.n_outliers,
            "topics": [asdict(self.topics[t]) for t in sorted(self.topics)],
        }
        arrays = {"vectors": self.vectors, "owner": self.owner, "threshold": self.threshold, "weight": self.weight,
                  "cohesion": self.cohesion}
        return meta, {k: np.ascontiguousarray(v) for k, v in arrays.items()}

    @classmethod
    def from_payload(cls, meta: dict, arrays: dict[str, np.ndarray]) -> "TopicTable":
        table = cls(int(meta["dim"]))
        table.topics = {int(t["topic_id"]): Topic(**t) for t in meta["topics"]}
        table.vectors = arrays["vectors"].astype(np.float32)
        table.owner = arrays["owner"].astype(np.int64)
        table.threshold = arrays["threshold"].astype(np.float32)
        table.weight = arrays["weight"].astype(np.float32)
        table.cohesion = arrays["cohesion"].astype(np.float32)
        table.next_id = int(meta["next_id"])
        table.n_outliers = int(meta["n_outliers"])
        return table


def _interleave(lists: list[list[str]], limit: int) -> list[str]:
    out: list[str] = []
    for i in range(max((len(x) for x in lists), default=0)):
        for x in lists:
            if i < len(x) and x[i] not in out:
                out.append(x[i])
    return out[:limit]
