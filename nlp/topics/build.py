"""From documents with topic ids to topic records: prototypes, thresholds, keywords, label,
verbatims and category. Shared by fit, refit, the nightly update (new topics) and split."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from escucha.nlp.topics._state import Topic, TopicTable, normalize
from escucha.nlp.topics.labels import make_label, representative
from escucha.nlp.topics.representation import class_keywords, distinct
from escucha.nlp.topics.taxonomy import OTHER, CategoryMapper


@dataclass
class BuildConfig:
    top_n_words: int = 10
    ngram_range: tuple[int, int] = (1, 3)
    min_df: int = 2
    member_spread: float = 2.0  # threshold = median - this many robust std devs of own similarities
    outlier_threshold: float = 0.35  # no threshold below this
    max_threshold: float = 0.9  # nor above this (near-duplicate clusters would admit nothing)
    label_docs: int = 200  # texts closest to the centroid that labels are read from
    min_group_docs: int = 5  # a prototype needs at least this many docs
    max_keyword_docs: int = 50_000  # above this, c-TF-IDF reads a seeded sample per topic
    seed: int = 42


def build_topics(
    table: TopicTable,
    docs: Sequence[str],
    embeddings: np.ndarray,
    ids: np.ndarray,
    build: Iterable[int],
    *,
    config: BuildConfig,
    groups: np.ndarray | None = None,
    core: np.ndarray | None = None,
    origin: str = "fit",
    mapper: CategoryMapper | None = None,
    keep: dict[int, Topic] | None = None,
    taken_labels: Iterable[str] = (),
) -> list[int]:
    """Add topics `build` (ids present in `ids`) to `table`; returns the ids added.

    `groups` (same length as docs) gives one prototype per (topic, group): a merged topic keeps
    one per theme. `core` marks the docs the clustering itself chose (not outliers assigned
    later), which alone set prototypes and thresholds. `keep` carries labels and categories of
    topics found again by a refit. Keywords contrast every id in `ids` (-1 included).
    """
    ids = np.asarray(ids, dtype=np.int64)
    groups = ids if groups is None else np.asarray(groups)
    core = np.ones(len(ids), dtype=bool) if core is None else np.asarray(core, dtype=bool)
    build = sorted(int(t) for t in set(build) if t != -1 and np.any(ids == t))
    if not build:
        return []
    sample = _keyword_sample(ids, config)
    keywords = class_keywords([docs[i] for i in sample], ids[sample], top_n=max(50, 5 * config.top_n_words),
                              ngram_range=config.ngram_range, min_df=config.min_df)
    taken = set(taken_labels)
    pending: list[tuple[Topic, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for tid in build:
        members = np.flatnonzero(ids == tid)
        is_core = core[members]
        if not is_core.any():
            is_core = np.ones(len(members), dtype=bool)
        mgroups = groups[members].copy()
        gvals, gcounts = np.unique(mgroups[is_core], return_counts=True)
        small = gvals[gcounts < config.min_group_docs]
        if 0 < len(small) < len(gvals):  # stray bits of other clusters join the topic's main one
            mgroups[np.isin(mgroups, small)] = gvals[np.argmax(gcounts)]
        vecs, thrs, wts, cohs = [], [], [], []
        for g in np.unique(mgroups[is_core]):
            gi = members[is_core & (mgroups == g)]
            vec = normalize(embeddings[gi].mean(axis=0))
            sims = embeddings[gi] @ vec
            med = float(np.median(sims))
            # Robust (median/MAD), not a low quantile: HDBSCAN clusters may hold a few stray texts
            # that would otherwise open the topic to anything.
            thr = med - config.member_spread * 1.4826 * float(np.median(np.abs(sims - med)))
            vecs.append(vec)
            thrs.append(min(max(thr, config.outlier_threshold), config.max_threshold))
            cohs.append(med)
            wts.append(float(np.sum(mgroups == g)))
        vecs_a, wts_a = np.stack(vecs), np.asarray(wts, dtype=np.float32)
        centroid = normalize((vecs_a * wts_a[:, None]).sum(axis=0))
        sims = embeddings[members] @ centroid
        closest = members[np.lexsort((members, -sims))[: config.label_docs]]
        ranked = keywords.get(tid, [])
        kept = (keep or {}).get(tid)
        label = kept.label if kept else make_label(ranked, [docs[i] for i in closest], taken)
        taken.add(label)
        topic = Topic(
            topic_id=tid,
            label=label,
            keywords=distinct(ranked, config.top_n_words),
            verbatims=representative([docs[i] for i in closest], embeddings[closest], centroid),
            size=len(members),
            category=kept.category if kept else OTHER,
            origin=kept.origin if kept else origin,
        )
        pending.append((topic, vecs_a, np.asarray(thrs), wts_a, centroid, np.asarray(cohs)))
    if mapper is not None:
        fresh = [p for p in pending if not (keep and p[0].topic_id in keep)]
        if fresh:
            names, _ = mapper.assign(np.stack([p[4] for p in fresh]))
            for p, name in zip(fresh, names):
                p[0].category = name
    for topic, vecs_a, thrs_a, wts_a, _, cohs_a in pending:
        table.add(topic, vecs_a, thrs_a, wts_a, cohs_a)
    return build


def _keyword_sample(ids: np.ndarray, config: BuildConfig) -> np.ndarray:
    """All docs, or for a large corpus up to an equal share of `max_keyword_docs` per topic
    (seeded): n-gram counting is the slowest step of a 100k-doc fit, and keywords settle long
    before that."""
    if len(ids) <= config.max_keyword_docs:
        return np.arange(len(ids))
    rng = np.random.default_rng(config.seed)
    topics = np.unique(ids)
    per = max(200, config.max_keyword_docs // len(topics))
    parts = []
    for t in topics:
        idx = np.flatnonzero(ids == t)
        parts.append(idx if len(idx) <= per else rng.choice(idx, per, replace=False))
    return np.sort(np.concatenate(parts))
