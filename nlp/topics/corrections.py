"""Human corrections of topics, kept as a small JSON next to the model.

Analysts rename topics, fix categories and kinds (a cluster of ads read as a problem, or the
reverse), merge two topics that are one issue for the business and
split one that mixes two. These are decisions, not data: they must survive every nightly update
and every refit. Renames and categories are keyed by topic id (ids are stable). Merges and
splits change the topic table once; a refit re-applies them: a merged topic keeps one prototype
per original theme, so each theme found again maps to it, and a split's children keep their
prototypes, so the docs of a refitted parent are shared out among them again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

FILE_NAME = "corrections.json"


@dataclass
class Corrections:
    renames: dict[int, str] = field(default_factory=dict)
    categories: dict[int, str] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)  # problema | felicitación | ... | comentario
    merges: list[dict] = field(default_factory=list)  # {"ids": [..], "into": id}
    splits: list[dict] = field(default_factory=list)  # {"topic_id": id, "into": [ids]}

    def rename(self, topic_id: int, label: str) -> None:
        label = " ".join(label.split())
        if not label:
            raise ValueError("la etiqueta no puede estar vacía")
        self.renames[int(topic_id)] = label

    def set_category(self, topic_id: int, category: str) -> None:
        self.categories[int(topic_id)] = category

    def set_kind(self, topic_id: int, kind: str) -> None:
        from escucha.nlp.topics.catalog import KINDS

        kind = kind.strip().lower()
        if kind not in KINDS:
            raise ValueError(f"tipo {kind!r} desconocido: use uno de {', '.join(KINDS)}")
        self.kinds[int(topic_id)] = kind

    def record_merge(self, topic_ids: list[int], into: int) -> None:
        self.merges.append({"ids": sorted(int(t) for t in topic_ids), "into": int(into)})

    def record_split(self, topic_id: int, into: list[int]) -> None:
        self.splits.append({"topic_id": int(topic_id), "into": [int(t) for t in into]})

    def merged_into(self) -> dict[int, int]:
        """Merged-away id -> the id that holds it now (chains followed: 3->2, 2->1 gives 3->1)."""
        direct = {int(t): int(m["into"]) for m in self.merges for t in m["ids"] if int(t) != int(m["into"])}
        out = {}
        for t in direct:
            seen, cur = {t}, direct[t]
            while cur in direct and cur not in seen:
                seen.add(cur)
                cur = direct[cur]
            out[t] = cur
        return out

    def resolve(self, topic_ids: np.ndarray) -> np.ndarray:
        """Ids with merged-away topics replaced by the topic that absorbed them."""
        mapping = self.merged_into()
        if not mapping:
            return topic_ids
        out = np.array(topic_ids, dtype=np.int64, copy=True)
        for old, new in mapping.items():
            out[out == old] = new
        return out

    # -- persistence ----------------------------------------------------------------------
    def to_dict(self) -> dict:
        d = asdict(self)
        d["renames"] = {str(k): v for k, v in sorted(self.renames.items())}
        d["categories"] = {str(k): v for k, v in sorted(self.categories.items())}
        d["kinds"] = {str(k): v for k, v in sorted(self.kinds.items())}
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Corrections":
        return cls(
            renames={int(k): v for k, v in d.get("renames", {}).items()},
            categories={int(k): v for k, v in d.get("categories", {}).items()},
            kinds={int(k): v for k, v in d.get("kinds", {}).items()},
            merges=list(d.get("merges", [])),
            splits=list(d.get("splits", [])),
        )

    def save(self, directory: str | Path) -> Path:
        path = Path(directory) / FILE_NAME
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    @classmethod
    def load(cls, directory: str | Path) -> "Corrections":
        path = Path(directory) / FILE_NAME
        if not path.exists():
            return cls()
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


def reapply_splits(ids: np.ndarray, embeddings: np.ndarray, splits: list[dict], vectors: np.ndarray,
                   owner: np.ndarray) -> np.ndarray:
    """After a refit: docs given to any child of a split (a refit usually finds the parent theme
    again and matches it to one child) are shared out among the children by their nearest child
    prototype. `vectors`/`owner` are the prototypes of the model before the refit."""
    ids = np.array(ids, dtype=np.int64, copy=True)
    for rec in splits:
        children = [c for c in rec["into"] if np.any(owner == c)]
        if len(children) < 2:
            continue
        mask = np.isin(ids, children)
        if not mask.any():
            continue
        proto = np.isin(owner, children)
        sims = embeddings[mask] @ vectors[proto].T
        ids[mask] = owner[proto][sims.argmax(axis=1)]
    return ids
