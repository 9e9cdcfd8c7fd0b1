"""How close a topic partition is to known groups: adjusted Rand index, purity per group.

Pure scoring (numpy and scikit-learn): the evaluation that generates corpora, reads labelled
files and fits the configured model lives in `escucha.evaluation.topics`.

ARI counts outliers (-1) as one more cluster ("all docs") and is also given over the docs that
got a topic. The purity of a true group is the share of its docs that its main issue holds
(outliers count as misses): what a manager sees when looking for one problem in the report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from escucha.nlp.topics._base import OUTLIER


@dataclass(frozen=True)
class GroupPurity:
    """One true group: its size, the issue holding most of it (-1: none) and that share."""

    group: str
    n: int
    topic_id: int
    share: float


@dataclass
class PartitionScore:
    n: int
    groups: int
    topics: int  # distinct topics (issues) among the docs, outliers not counted
    outlier_share: float
    ari_all: float
    ari_assigned: float
    nmi_all: float
    purity: list[GroupPurity] = field(default_factory=list)  # largest group first

    @property
    def median_purity(self) -> float:
        return float(np.median([p.share for p in self.purity])) if self.purity else 0.0

    def purity_of(self, group: str) -> GroupPurity:
        return next(p for p in self.purity if p.group == group)


def score_partition(truth: Sequence[str], topic_ids: Sequence[int] | np.ndarray) -> PartitionScore:
    """ARI (all docs, and docs with a topic), NMI and per-group purity of `topic_ids` against `truth`."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    truth = np.asarray(truth).astype(str)
    ids = np.asarray(topic_ids, dtype=np.int64)
    if len(truth) != len(ids):
        raise ValueError(f"{len(truth)} labels for {len(ids)} topic ids")
    has = ids != OUTLIER
    purity = []
    for g in sorted(set(truth.tolist())):
        mine = ids[truth == g]
        top = Counter(mine[mine != OUTLIER].tolist()).most_common(1)
        purity.append(GroupPurity(g, int(len(mine)), int(top[0][0]) if top else OUTLIER,
                                  round(top[0][1] / len(mine), 3) if top else 0.0))
    purity.sort(key=lambda p: (-p.n, p.group))
    empty = len(ids) == 0
    return PartitionScore(
        n=int(len(ids)),
        groups=int(len(set(truth.tolist()))),
        topics=int(len(set(ids[has].tolist()))),
        outlier_share=0.0 if empty else round(float(np.mean(~has)), 4),
        ari_all=float("nan") if empty else round(float(adjusted_rand_score(truth, ids)), 4),
        ari_assigned=round(float(adjusted_rand_score(truth[has], ids[has])), 4) if has.any() else float("nan"),
        nmi_all=float("nan") if empty else round(float(normalized_mutual_info_score(truth, ids)), 4),
        purity=purity,
    )
