"""The persistent state of a topic model: topics with stable ids and their prototype vectors.

Documents are assigned by cosine similarity to prototypes in the full embedding space, not by
re-running UMAP/HDBSCAN: that is exact after a save/load (no pickled UMAP holding the training
data, nothing that depends on a library version), cheap for 10,000 docs a night, and lets a
topic own several prototypes, which is what a human merge means (two themes, one topic).
Each prototype keeps a membership threshold learned from its own cluster's spread, so tight and
loose topics are judged fairly.

A topic is an *issue* (what reports rank, what ids are kept stable for); its prototypes are
grouped into *sub-themes* (the ways the issue shows up: "cobro doble por débito automático",
"reembolso del cobro duplicado"), each with its own label, keywords and size. A doc's sub-theme
is the one of the prototype it matches best.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from escucha.nlp.topics._base import OUTLIER, TOPIC_COLUMNS
from escucha.nlp.topics.taxonomy import OTHER

OUTLIER_LABEL = "Sin tema asignado"
SUBTHEME_COLUMNS = ("topic_id", "topic_label", "subtheme", "label", "keywords", "size", "share")
_CHUNK = 20_000


@dataclass
class SubTheme:
    label: str
    keywords: list[str] = field(default_factory=list)
    size: int = 0


@dataclass
class Topic:
    topic_id: int
    label: str  # automatic label; a human rename lives in the corrections and wins
    keywords: list[str] = field(default_factory=list)
    verbatims: list[str] = field(default_factory=list)
    size: int = 0  # documents assigned so far (fit + updates)
    category: str = OTHER  # automatic category; a manual one lives in the corrections and wins
    origin: str = "fit"  # fit | update | split | refit
    catalog_key: str | None = None  # the catalogue issue it is (its name is the label), or None
    kind: str = "problema"  # the catalogue's kind, or from its texts' voices (voice.py): comentario = ads, news
    subthemes: list[SubTheme] = field(default_factory=list)  # indexed by TopicTable.sub

    @classmethod
    def from_dict(cls, d: dict) -> "Topic":
        d = dict(d)
        d["subthemes"] = [SubTheme(**s) for s in d.get("subthemes") or ()]
        return cls(**d)


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
        self.sub = np.zeros(0, dtype=np.int64)  # sub-theme of each prototype (index in its topic's list)
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
            cohesion: np.ndarray, sub: np.ndarray | None = None) -> None:
        vectors = normalize(np.atleast_2d(vectors))
        sub = np.zeros(len(vectors), dtype=np.int64) if sub is None else np.asarray(sub, dtype=np.int64)
        if not topic.subthemes:
            topic.subthemes = [SubTheme(topic.label, list(topic.keywords), topic.size)]
        self.topics[topic.topic_id] = topic
        self.vectors = np.vstack([self.vectors, vectors])
        self.owner = np.concatenate([self.owner, np.full(len(vectors), topic.topic_id, dtype=np.int64)])
        self.threshold = np.concatenate([self.threshold, np.asarray(thresholds, dtype=np.float32)])
        self.weight = np.concatenate([self.weight, np.asarray(weights, dtype=np.float32)])
        self.cohesion = np.concatenate([self.cohesion, np.asarray(cohesion, dtype=np.float32)])
        self.sub = np.concatenate([self.sub, sub])
        self.next_id = max(self.next_id, topic.topic_id + 1)

    def remove(self, topic_id: int) -> None:
        keep = self.owner != topic_id
        self.vectors, self.owner = self.vectors[keep], self.owner[keep]
        self.threshold, self.weight, self.cohesion = self.threshold[keep], self.weight[keep], self.cohesion[keep]
        self.sub = self.sub[keep]
        self.topics.pop(int(topic_id), None)

    def prototypes(self, topic_id: int) -> np.ndarray:
        return self.vectors[self.owner == topic_id]

    def centroid(self, topic_id: int) -> np.ndarray:
        mask = self.owner == topic_id
        return normalize((self.vectors[mask] * self.weight[mask, None]).sum(axis=0))

    def match(self, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(nearest topic, its cosine, is a member) per doc. With no topics: -1, 0, False."""
        best, sim, member = self._nearest(embeddings)
        return (self.owner[best] if len(best) and len(self.owner) else np.full(len(best), OUTLIER, dtype=np.int64),
                sim, member)

    def _nearest(self, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(nearest prototype, its cosine, is a member) per doc."""
        n = len(embeddings)
        if len(self.vectors) == 0 or n == 0:
            return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.float32), np.zeros(n, dtype=bool)
        best = np.empty(n, dtype=np.int64)
        sim = np.empty(n, dtype=np.float32)
        for s in range(0, n, _CHUNK):  # bounded memory for 100k docs x hundreds of prototypes
            block = np.asarray(embeddings[s : s + _CHUNK], dtype=np.float32) @ self.vectors.T
            best[s : s + _CHUNK] = block.argmax(axis=1)
            sim[s : s + _CHUNK] = block[np.arange(len(block)), best[s : s + _CHUNK]]
        return best, sim, sim >= self.threshold[best]

    def subtheme_of(self, embeddings: np.ndarray, topic_ids: np.ndarray) -> np.ndarray:
        """Sub-theme of each doc within its topic: that of the topic's most similar prototype
        (-1 for outliers and unknown topics)."""
        ids = np.asarray(topic_ids, dtype=np.int64)
        out = np.full(len(ids), OUTLIER, dtype=np.int64)
        for tid in np.unique(ids[ids >= 0]):
            mask = self.owner == tid
            if not mask.any():
                continue
            rows = np.flatnonzero(ids == tid)
            sims = np.asarray(embeddings[rows], dtype=np.float32) @ self.vectors[mask].T
            out[rows] = self.sub[mask][sims.argmax(axis=1)]
        return out

    def merge(self, topic_ids: list[int], into: int) -> None:
        """One topic from several: `into` takes their prototypes (so each theme still matches),
        their sizes, and their keywords and verbatims interleaved."""
        target = self.require(into)
        others = [self.require(t) for t in topic_ids if t != into]
        for t in others:
            moved = self.owner == t.topic_id
            self.sub[moved] += len(target.subthemes)  # its sub-themes follow, after the target's
            target.subthemes = [*target.subthemes, *t.subthemes]
            self.owner[moved] = into
            target.size += t.size
            self.topics.pop(t.topic_id)
        groups = [target, *others]
        target.keywords = _interleave([g.keywords for g in groups], len(target.keywords) or 10)
        target.verbatims = _interleave([g.verbatims for g in groups], 3)

    # -- output ---------------------------------------------------------------------------
    def frame(self, model_version: str, labels: dict[int, str], categories: dict[int, str],
              kinds: dict[int, str] | None = None) -> pd.DataFrame:
        rows = [{
            "topic_id": OUTLIER, "label": OUTLIER_LABEL, "category": OTHER, "keywords": "[]",
            "verbatims": "[]", "size": self.n_outliers, "model_version": model_version, "kind": None,
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
                "kind": (kinds or {}).get(tid, t.kind),
            })
        df = pd.DataFrame(rows, columns=list(TOPIC_COLUMNS))
        return df.astype({"topic_id": "int64", "size": "int64"})

    def subtheme_frame(self, labels: dict[int, str]) -> pd.DataFrame:
        """One row per sub-theme: topic_id, topic label, subtheme (index), label, keywords (JSON),
        size, share (of its topic's size); topics by id, sub-themes largest first."""
        rows = []
        for tid in sorted(self.topics):
            t = self.topics[tid]
            total = max(1, sum(s.size for s in t.subthemes))
            order = sorted(range(len(t.subthemes)), key=lambda i: (-t.subthemes[i].size, i))
            for i in order:
                s = t.subthemes[i]
                rows.append({"topic_id": tid, "topic_label": labels.get(tid, t.label), "subtheme": i,
                             "label": s.label, "keywords": json.dumps(s.keywords, ensure_ascii=False),
                             "size": s.size, "share": round(s.size / total, 4)})
        return pd.DataFrame(rows, columns=list(SUBTHEME_COLUMNS)).astype(
            {"topic_id": "int64", "subtheme": "int64", "size": "int64"})

    # -- persistence ----------------------------------------------------------------------
    def to_payload(self) -> tuple[dict, dict[str, np.ndarray]]:
        meta = {
            "dim": self.dim, "next_id": self.next_id, "n_outliers": self.n_outliers,
            "topics": [asdict(self.topics[t]) for t in sorted(self.topics)],
        }
        arrays = {"vectors": self.vectors, "owner": self.owner, "threshold": self.threshold, "weight": self.weight,
                  "cohesion": self.cohesion, "sub": self.sub}
        return meta, {k: np.ascontiguousarray(v) for k, v in arrays.items()}

    @classmethod
    def from_payload(cls, meta: dict, arrays: dict[str, np.ndarray]) -> "TopicTable":
        table = cls(int(meta["dim"]))
        table.topics = {int(t["topic_id"]): Topic.from_dict(t) for t in meta["topics"]}
        table.vectors = arrays["vectors"].astype(np.float32)
        table.owner = arrays["owner"].astype(np.int64)
        table.threshold = arrays["threshold"].astype(np.float32)
        table.weight = arrays["weight"].astype(np.float32)
        table.cohesion = arrays["cohesion"].astype(np.float32)
        table.sub = arrays["sub"].astype(np.int64) if "sub" in arrays else np.zeros(len(table.owner), dtype=np.int64)
        for t in table.topics.values():
            if not t.subthemes:  # saved before sub-themes: the topic is its only one
                t.subthemes = [SubTheme(t.label, list(t.keywords), t.size)]
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
