"""From documents with topic ids to topic records: prototypes, thresholds, sub-themes, keywords,
label, verbatims and category. Shared by fit, refit, the nightly update (new topics) and split.

A topic (an issue) holds one prototype per group of its docs (a leaf cluster: one wording) inside
each of its sub-themes (a fine cluster: one way the issue shows up). Stray bits smaller than
`min_group_docs` join their topic's main sub-theme, or their sub-theme's main group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np

from escucha.nlp.topics._base import OUTLIER
from escucha.nlp.topics._state import SubTheme, Topic, TopicTable, normalize
from escucha.nlp.topics.labels import NameFilter, corpus_use, make_label, representative
from escucha.nlp.topics.phrases import WordUse
from escucha.nlp.topics.representation import class_keywords, distinct
from escucha.nlp.topics.taxonomy import OTHER, CategoryMapper
from escucha.nlp.topics.voice import issue_kind


@dataclass
class BuildConfig:
    top_n_words: int = 10
    ngram_range: tuple[int, int] = (1, 3)
    min_df: int = 2
    member_spread: float = 2.0  # threshold = median - this many robust std devs of own similarities
    outlier_threshold: float = 0.35  # no threshold below this
    max_threshold: float = 0.9  # nor above this (near-duplicate clusters would admit nothing)
    label_docs: int = 200  # texts closest to the centroid that labels are read from
    min_group_docs: int = 5  # a prototype (and a sub-theme) needs at least this many docs
    max_keyword_docs: int = 50_000  # above this, c-TF-IDF reads a seeded sample per topic
    seed: int = 42


@dataclass
class Partition:
    """Docs with their topic and, per doc, the keys that shape a topic's inside."""

    docs: Sequence[str]
    embeddings: np.ndarray  # unit vectors
    ids: np.ndarray  # topic per doc, -1 = outlier
    groups: np.ndarray | None = None  # prototype key per doc (a leaf cluster); default: the topic
    subthemes: np.ndarray | None = None  # sub-theme key per doc (a fine cluster), -1 = none
    core: np.ndarray | None = None  # docs the clustering chose; they alone set prototypes

    def __post_init__(self) -> None:
        n = len(self.ids)
        self.ids = np.asarray(self.ids, dtype=np.int64)
        self.groups = self.ids.copy() if self.groups is None else np.asarray(self.groups, dtype=np.int64)
        self.subthemes = np.full(n, OUTLIER, np.int64) if self.subthemes is None else np.asarray(self.subthemes, np.int64)
        self.core = np.ones(n, dtype=bool) if self.core is None else np.asarray(self.core, dtype=bool)
        if not (len(self.docs) == len(self.embeddings) == n == len(self.groups) == len(self.subthemes) == len(self.core)):
            raise ValueError("docs, embeddings, ids, groups, subthemes and core must have the same length")


@dataclass
class Naming:
    """How new topics get their label and category."""

    mapper: CategoryMapper | None = None
    keep: Mapping[int, Topic] = field(default_factory=dict)  # topics found again by a refit: label kept
    catalog: Mapping[int, tuple[str, str, str]] = field(default_factory=dict)  # topic id -> (catalogue key, name, kind)
    taken_labels: Iterable[str] = ()
    names: NameFilter = field(default_factory=NameFilter)
    origin: str = "fit"


@dataclass
class Prototypes:
    vectors: np.ndarray
    thresholds: np.ndarray
    weights: np.ndarray
    cohesion: np.ndarray
    sub: np.ndarray  # sub-theme index of each prototype

    @property
    def centroid(self) -> np.ndarray:
        return normalize((self.vectors * self.weights[:, None]).sum(axis=0))


@dataclass
class _Draft:
    topic: Topic
    prototypes: Prototypes


def build_topics(table: TopicTable, part: Partition, build: Iterable[int], *, config: BuildConfig,
                 naming: Naming | None = None) -> list[int]:
    """Add topics `build` (ids present in `part.ids`) to `table`; returns the ids added.
    Keywords contrast every id of the partition (-1 included)."""
    naming = naming or Naming()
    build = sorted(int(t) for t in set(build) if t != OUTLIER and np.any(part.ids == t))
    if not build:
        return []
    subs = _sub_keys(part, build, config)  # (topic, sub-theme index) per doc, folded
    sample = _keyword_sample(part.ids, config)
    top_n = max(50, 5 * config.top_n_words)
    docs = [part.docs[i] for i in sample]
    keywords = class_keywords(docs, part.ids[sample], top_n=top_n, ngram_range=config.ngram_range, min_df=config.min_df)
    pairs = sorted({(int(t), int(s)) for t, s in zip(part.ids[subs >= 0], subs[subs >= 0])})
    index = {p: i for i, p in enumerate(pairs)}
    sub_class = np.array([index.get((int(t), int(s)), OUTLIER) for t, s in zip(part.ids, subs)], dtype=np.int64)
    by_class = class_keywords(docs, sub_class[sample], top_n=top_n, ngram_range=config.ngram_range,
                              min_df=config.min_df)
    sub_keywords = {p: by_class.get(i, []) for p, i in index.items()}
    use = corpus_use(docs, seed=config.seed)  # how the corpus uses its words: names are noun phrases
    taken = set(naming.taken_labels)
    drafts = []
    for tid in build:
        draft = _draft(tid, part, subs, keywords.get(tid, []), sub_keywords, config, naming, taken, use)
        taken.add(draft.topic.label)
        drafts.append(draft)
    fresh = [d for d in drafts if d.topic.topic_id not in naming.keep]
    if naming.mapper is not None and fresh:
        names, _ = naming.mapper.assign(np.stack([d.prototypes.centroid for d in fresh]))
        for d, name in zip(fresh, names):
            d.topic.category = name
    for d in drafts:
        p = d.prototypes
        table.add(d.topic, p.vectors, p.thresholds, p.weights, p.cohesion, p.sub)
    return build


def _sub_keys(part: Partition, build: list[int], config: BuildConfig) -> np.ndarray:
    """Sub-theme index (0 = the topic's largest) of every doc of the topics in `build`, -1 else.
    Sub-themes with fewer than `min_group_docs` core docs, and docs with no sub-theme, join the
    largest one."""
    out = np.full(len(part.ids), OUTLIER, dtype=np.int64)
    for tid in build:
        members = np.flatnonzero(part.ids == tid)
        keys = part.subthemes[members]
        core = part.core[members] & (keys != OUTLIER)
        vals, counts = np.unique(keys[core], return_counts=True)
        big = [(c, v) for v, c in zip(vals.tolist(), counts.tolist()) if c >= config.min_group_docs]
        if not big:
            out[members] = 0
            continue
        order = [v for _, v in sorted(big, key=lambda cv: (-cv[0], cv[1]))]
        index = {v: i for i, v in enumerate(order)}
        out[members] = [index.get(k, 0) for k in keys.tolist()]
    return out


def _draft(tid: int, part: Partition, subs: np.ndarray, ranked, sub_keywords, config: BuildConfig,
           naming: Naming, taken: set[str], use: WordUse) -> _Draft:
    members = np.flatnonzero(part.ids == tid)
    core = part.core[members]
    if not core.any():
        core = np.ones(len(members), dtype=bool)
    protos = _prototypes(part, members, core, subs[members], config)
    centroid = protos.centroid
    emb = part.embeddings
    sims = emb[members] @ centroid
    closest = members[np.lexsort((members, -sims))[: config.label_docs]]
    closest_docs = [part.docs[i] for i in closest]
    kept = naming.keep.get(tid)
    catalog = naming.catalog.get(tid)
    if catalog is not None:  # the catalogue's name, also for a topic that just became a catalogue issue
        label = catalog[1]
    elif kept is not None:
        label = kept.label
    else:
        label = make_label(ranked, closest_docs, taken, naming.names, use=use)
    subthemes = _subthemes(tid, part, members, subs[members], label, sub_keywords, config, naming, use)
    topic = Topic(
        topic_id=tid,
        label=label,
        keywords=distinct(naming.names.keep_keywords(ranked), config.top_n_words),
        verbatims=representative(closest_docs, emb[closest], centroid),
        size=len(members),
        category=kept.category if kept else OTHER,
        origin=kept.origin if kept else naming.origin,
        catalog_key=catalog[0] if catalog else (kept.catalog_key if kept else None),
        kind=catalog[2] if catalog else issue_kind([part.docs[i] for i in members]),
        subthemes=subthemes,
    )
    return _Draft(topic, protos)


def _prototypes(part: Partition, members: np.ndarray, core: np.ndarray, subs: np.ndarray,
                config: BuildConfig) -> Prototypes:
    """One prototype per group of core docs inside each sub-theme; groups too small join their
    sub-theme's largest group."""
    vecs, thrs, wts, cohs, owner_sub = [], [], [], [], []
    groups = part.groups[members]
    for s in np.unique(subs[core]):
        in_sub = core & (subs == s)
        gvals, gcounts = np.unique(groups[in_sub], return_counts=True)
        mg = groups.copy()
        small = gvals[gcounts < config.min_group_docs]
        if 0 < len(small) < len(gvals):  # stray bits of other clusters join the sub-theme's main one
            mg[np.isin(mg, small)] = gvals[np.argmax(gcounts)]
        for g in np.unique(mg[in_sub]):
            gi = members[in_sub & (mg == g)]
            vec = normalize(part.embeddings[gi].mean(axis=0))
            sims = part.embeddings[gi] @ vec
            med = float(np.median(sims))
            # Robust (median/MAD), not a low quantile: HDBSCAN clusters may hold a few stray texts
            # that would otherwise open the topic to anything.
            thr = med - config.member_spread * 1.4826 * float(np.median(np.abs(sims - med)))
            vecs.append(vec)
            thrs.append(min(max(thr, config.outlier_threshold), config.max_threshold))
            cohs.append(med)
            wts.append(float(np.sum((subs == s) & (mg == g))))  # every doc of the group, placed ones too
            owner_sub.append(int(s))
    return Prototypes(np.stack(vecs), np.asarray(thrs, np.float32), np.asarray(wts, np.float32),
                      np.asarray(cohs, np.float32), np.asarray(owner_sub, np.int64))


def _subthemes(tid: int, part: Partition, members: np.ndarray, subs: np.ndarray, label: str, sub_keywords,
               config: BuildConfig, naming: Naming, use: WordUse) -> list[SubTheme]:
    n_sub = int(subs.max()) + 1 if len(subs) else 1
    if n_sub == 1:
        return [SubTheme(label, distinct(naming.names.keep_keywords(sub_keywords.get((tid, 0), [])),
                                         config.top_n_words), int(len(members)))]
    out = []
    taken = {label}
    for s in range(n_sub):
        mine = members[subs == s]
        ranked = sub_keywords.get((tid, s), [])
        cent = normalize(part.embeddings[mine].mean(axis=0))
        closest = mine[np.lexsort((mine, -(part.embeddings[mine] @ cent)))[: config.label_docs]]
        sub_label = make_label(ranked, [part.docs[i] for i in closest], taken, naming.names, related=taken, use=use)
        taken.add(sub_label)
        out.append(SubTheme(sub_label, distinct(naming.names.keep_keywords(ranked), config.top_n_words), int(len(mine))))
    return out


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
