"""BERTopic-based topic model with stable ids (the default `TopicModeler`).

Fit: BERTopic's algorithm on precomputed embeddings (PCA 50 -> UMAP 5 -> HDBSCAN; the steps are
those of BERTopic 0.17, computed in bertopic_core.py without the package and its torch stack);
leaf clusters of one theme are merged as BERTopic's `merge_topics` does, and its
`reduce_outliers` (embeddings strategy) places HDBSCAN's outliers; a cap
keeps at most `max_outlier_share` of docs at -1. A corpus above `fit_max_samples` is clustered
on a seeded sample and the rest is matched to the topics found.

Everything that must be stable lives in our own small state (_state.TopicTable): topic ids,
prototypes in the full embedding space, labels; corrections live in corrections.py. The
nightly `update` matches new docs to prototypes and runs HDBSCAN only on the docs that fit no
topic, to find themes that are really new. No UMAP/HDBSCAN model is kept or pickled. Texts
analysts placed under an issue (`set_examples`, examples.py) win over all of it: a text close to
one of them takes its issue in every assignment, and a refit keeps every issue that has some;
those of a catalogue issue also count among its texts in the catalogue score (`_catalog_scorer`).

Choices (measured on 7 synthetic Spanish complaint themes with USE embeddings, and on the SFU
review domains of eval-dev: ARI 0.98 there):
- HDBSCAN `cluster_selection_method="leaf"`, `min_samples=10`: "eom" merged neighbouring themes
  (cancellations + prices) at every size tried; leaf splits a theme by wording instead, which
  the merge step (`merge_similarity`, centroid cosine 0.85) repairs. 0.85, not the 0.7 of
  `same_topic_similarity`: on embeddings of the topic text (nlp/text/topic_text.py: no
  greetings, fillers or sign-offs) the leaves of different issues of one company have
  centroids at 0.7-0.85 and 0.7 merged them (demo ARI 0.24 at 0.7, 0.36-0.41 at 0.8-0.9).
- `embedding_text` names the text the embeddings were computed from (topic_text's version);
  the pipeline refits when the stored embeddings come from another one.
- `prediction_data` is off: nothing uses HDBSCAN's approximate_predict.
- `min_cluster_size` grows with the corpus (`min_topic_share`), but a nightly new topic needs
  only `min_topic_size` docs: emerging issues are small when they start.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from escucha.nlp.topics._base import OUTLIER, TopicAssignment, TopicModeler
from escucha.nlp.topics._state import TopicTable, normalize
from escucha.nlp.topics.brands import shipped_brands
from escucha.nlp.topics.build import BuildConfig, Naming, Partition, build_topics
from escucha.nlp.topics.catalog import Catalog, CatalogIssue
from escucha.nlp.topics.corrections import Corrections, reapply_splits
from escucha.nlp.topics.examples import DEFAULT_MIN_SIMILARITY, ExampleIndex, IssueExample
from escucha.nlp.topics.issues import IssuePartition, partition_issues, release_anchors, releases
from escucha.nlp.topics.labels import NameFilter, corpus_terms
from escucha.nlp.topics.taxonomy import OTHER, CategoryMapper, check_category
from escucha.nlp.topics.voice import doc_voices, voice_cues
from escucha.nlp.topics.zeroshot import CatalogMatcher

log = logging.getLogger(__name__)

FORMAT = 1
LABELS_IN_LEXICAL = False  # labelled texts join the closest-text term only (see examples.py)
_CHUNK = 20_000  # rows per similarity block: bounds memory at 100k docs


def merge_groups(emb: np.ndarray, labels: np.ndarray, threshold: float) -> list[list[int]]:
    """Clusters to merge: repeatedly join the two whose centroids (size-weighted means) are
    most similar while that similarity reaches `threshold` (average-linkage on centroids).
    Groups list their smallest id first (BERTopic's `merge_topics` keeps the first)."""
    clusters = np.unique(labels[labels >= 0])
    k = len(clusters)
    if k < 2:
        return []
    sums = np.stack([emb[labels == c].sum(axis=0) for c in clusters]).astype(np.float64)
    cents = normalize(sums)
    sims = cents @ cents.T
    np.fill_diagonal(sims, -np.inf)
    members = {i: [int(c)] for i, c in enumerate(clusters)}
    while True:
        i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
        if sims[i, j] < threshold:
            break
        a, b = min(i, j), max(i, j)
        sums[a] += sums[b]
        members[a] = sorted(members[a] + members.pop(b))
        sims[b, :] = sims[:, b] = -np.inf
        cents[a] = normalize(sums[a])
        row = cents @ cents[a]
        row[[a, *[m for m in range(k) if m not in members]]] = -np.inf
        sims[a, :] = sims[:, a] = row
    return [g for g in members.values() if len(g) > 1]


class BERTopicModeler(TopicModeler):
    def __init__(
        self,
        *,
        encoder=None,
        categories: Mapping[str, str] | None = None,
        min_topic_size: int = 30,
        min_topic_share: float = 0.002,
        max_outlier_share: float = 0.15,
        seed: int = 42,
        reducer: str = "umap",
        n_neighbors: int = 15,
        n_components: int = 5,
        pca_components: int | None = 50,
        fit_max_samples: int = 20_000,
        min_samples: int = 10,
        cluster_selection: str = "leaf",
        outlier_threshold: float = 0.35,
        member_spread: float = 2.0,
        same_topic_similarity: float = 0.7,
        merge_similarity: float = 0.85,
        new_topic_min_cohesion: float = 0.9,
        top_n_words: int = 10,
        ngram_range: tuple[int, int] = (1, 3),
        min_df: int = 2,
        category_min_similarity: float = 0.3,
        n_jobs: int = 1,
        embedding_text: str | None = None,
        pool_neighbors: int = 30,
        catalog: Sequence[Mapping[str, Any]] = (),
        catalog_min_score: float = 0.45,
        catalog_lexical_weight: float = 1.0,
        catalog_max_weight: float = 0.5,
        brand_terms: Sequence[str] = (),
        issue_similarity: float = 0.7,
        min_issues: int = 10,
        max_issues: int = 40,
    ):
        self.encoder = encoder  # embeds category descriptions and catalogue issues, never documents
        self.categories = dict(categories or {})
        self.min_topic_size = min_topic_size
        self.min_topic_share = min_topic_share
        self.max_outlier_share = max_outlier_share
        self.seed = seed
        self.reducer = reducer
        self.n_neighbors = n_neighbors
        self.n_components = n_components
        self.pca_components = pca_components
        self.fit_max_samples = fit_max_samples
        self.min_samples = min_samples
        self.cluster_selection = cluster_selection
        self.outlier_threshold = outlier_threshold
        self.member_spread = member_spread
        self.same_topic_similarity = same_topic_similarity
        self.merge_similarity = merge_similarity
        self.new_topic_min_cohesion = new_topic_min_cohesion
        self.top_n_words = top_n_words
        self.ngram_range = tuple(ngram_range)
        self.min_df = min_df
        self.category_min_similarity = category_min_similarity
        self.n_jobs = n_jobs
        self.embedding_text = embedding_text
        self.pool_neighbors = pool_neighbors
        self.catalog = [CatalogIssue.from_dict(d).to_dict() for d in catalog]
        self.catalog_min_score = catalog_min_score
        self.catalog_lexical_weight = catalog_lexical_weight
        self.catalog_max_weight = catalog_max_weight
        self.brand_terms = list(brand_terms)
        self.issue_similarity = issue_similarity
        self.min_issues = min_issues
        self.max_issues = max_issues
        if reducer not in ("umap", "pca"):
            raise ValueError(f"reducer must be 'umap' or 'pca', not {reducer!r}")
        # fitted state
        self.table_: TopicTable | None = None
        self.corrections = Corrections()
        self.assignment_: TopicAssignment | None = None
        self.mapping_: dict[int, int] | None = None
        self.base_version_: str | None = None
        self.revision_ = 0
        self.created_at_: str | None = None
        self.training_: dict[str, Any] = {}
        self.corpus_terms_: list[str] = []  # words in most issues of the fitted corpus (never a name)
        self._mapper: CategoryMapper | None = None
        self._matcher: CatalogMatcher | None = None
        self._catalog_vectors: np.ndarray | None = None  # saved with the model: no encoder needed to load
        self._catalog_text_vectors: np.ndarray | None = None  # one per catalogue text (for catalog_max_weight)
        self.examples_: ExampleIndex | None = None  # analysts' labelled texts (set_examples), never saved

    _PARAMS = (
        "categories", "min_topic_size", "min_topic_share", "max_outlier_share", "seed", "reducer",
        "n_neighbors", "n_components", "pca_components", "fit_max_samples", "min_samples", "cluster_selection",
        "outlier_threshold", "member_spread", "same_topic_similarity", "merge_similarity",
        "new_topic_min_cohesion", "top_n_words", "ngram_range", "min_df", "category_min_similarity", "n_jobs",
        "embedding_text", "pool_neighbors", "catalog", "catalog_min_score", "catalog_lexical_weight", "catalog_max_weight",
        "brand_terms",
        "issue_similarity", "min_issues", "max_issues",
    )

    def get_params(self) -> dict[str, Any]:
        """JSON-able parameters (the encoder is identified by name in the metadata)."""
        out = {k: getattr(self, k) for k in self._PARAMS}
        out["ngram_range"] = list(self.ngram_range)
        return out

    # -- versions -------------------------------------------------------------------------
    @property
    def model_version(self) -> str:
        self._require_fitted()
        return self.base_version_ if self.revision_ == 0 else f"{self.base_version_}.{self.revision_}"

    def _fingerprint(self, docs: Sequence[str], embeddings: np.ndarray) -> tuple[str, str]:
        """(model version, training checksum): same params + seed + data give the same version."""
        data = hashlib.sha256()
        for d in docs:
            data.update(d.encode("utf-8"))
            data.update(b"\x1f")
        data.update(np.ascontiguousarray(embeddings, dtype=np.float32).tobytes())
        checksum = data.hexdigest()
        params = self.get_params()
        params.pop("n_jobs")  # changes speed, not results
        params["encoder"] = getattr(self.encoder, "name", None)
        head = json.dumps(params, sort_keys=True, ensure_ascii=False)
        version = hashlib.sha256((head + checksum).encode("utf-8")).hexdigest()[:16]
        return version, checksum

    # -- helpers --------------------------------------------------------------------------
    def _build_config(self) -> BuildConfig:
        return BuildConfig(top_n_words=self.top_n_words, ngram_range=self.ngram_range, min_df=self.min_df,
                           member_spread=self.member_spread, outlier_threshold=self.outlier_threshold,
                           seed=self.seed)

    def _category_mapper(self) -> CategoryMapper | None:
        if not self.categories:
            return None
        if self.encoder is None:
            log.warning("topic categories configured but no encoder given: new topics get 'otros'")
            return None
        if self._mapper is None:
            self._mapper = CategoryMapper(self.categories, self.encoder, self.category_min_similarity).fit()
        return self._mapper

    def _catalog_matcher(self) -> CatalogMatcher | None:
        """The configured catalogue's matcher (issue vectors from the encoder, or as saved)."""
        if not self.catalog:
            return None
        if self._matcher is None:
            # brand names (the company's and others', lexicons/brands.yaml) say nothing of the issue
            matcher = CatalogMatcher(Catalog.from_list(self.catalog), self.encoder,
                                     lexical_weight=self.catalog_lexical_weight, max_weight=self.catalog_max_weight,
                                     stop_words=[*self.brand_terms, *shipped_brands().terms])
            self._matcher = matcher.fit(self._catalog_vectors, self._catalog_text_vectors)
            self._catalog_vectors = self._matcher.centroids_
            self._catalog_text_vectors = self._matcher.text_vectors_
        return self._matcher

    def _catalog_scorer(self) -> CatalogMatcher | None:
        """The catalogue's matcher taught the labelled examples whose issue is a catalogue issue
        (examples.py): each counts as one more text of its issue in the closest-text term. Built
        from the catalogue and the examples alone, so a fit, a refit and a night score a text
        the same way for the same labels."""
        matcher = self._catalog_matcher()
        if matcher is None or self.examples_ is None or self.table_ is None:
            return matcher
        index = {issue.key: k for k, issue in enumerate(matcher.catalog.issues)}
        rows, issues = [], []
        for j, e in enumerate(self.examples_.examples):
            topic = self.table_.topics.get(int(e.topic_id))
            k = index.get(topic.catalog_key) if topic is not None and topic.catalog_key else None
            if k is not None:
                rows.append(j)
                issues.append(k)
        if not rows:
            return matcher
        return matcher.with_examples(issues, self.examples_.vectors[rows],
                                     [self.examples_.examples[j].text for j in rows], lexical=LABELS_IN_LEXICAL)

    def _names(self) -> NameFilter:
        return NameFilter([*self.brand_terms, *self.corpus_terms_])

    def _naming(self, origin: str, **kw: Any) -> Naming:
        return Naming(mapper=self._category_mapper(), names=self._names(), origin=origin, **kw)

    def _catalog_topic(self, table: TopicTable, key: str) -> int | None:
        return next((t for t, topic in table.topics.items() if topic.catalog_key == key), None)

    def _require_fitted(self) -> TopicTable:
        if self.table_ is None:
            raise RuntimeError("the topic model is not fitted: call fit() or load()")
        return self.table_

    # -- analysts' labelled texts (examples.py) --------------------------------------------
    def set_examples(self, examples: Sequence[IssueExample],
                     min_similarity: float = DEFAULT_MIN_SIMILARITY) -> list[IssueExample]:
        """Teach the model texts analysts placed under an issue (see examples.py): from now on a
        text at least `min_similarity` close to one of them takes its issue, and a refit keeps
        every issue that has some. Each example's issue is followed to where it is now (merged
        into another, or split: the part whose prototype is nearest to the example); examples
        whose issue is gone, or whose vector is of another size, are left out. Returns the
        examples kept, with their issue as it is now."""
        table = self._require_fitted()
        kept = []
        for e in examples:
            vector = np.asarray(e.vector, dtype=np.float32)
            if vector.shape != (table.dim,):
                continue
            tid = self.resolve_topic(e.topic_id, vector)
            if tid is None:
                continue
            kept.append(e if tid == int(e.topic_id) else dataclasses.replace(e, topic_id=tid))
        dropped = len(examples) - len(kept)
        if dropped:
            log.info("%d labelled examples left out: their issue is gone or their vector is of another encoder",
                     dropped)
        self.examples_ = ExampleIndex(kept, min_similarity) if kept else None
        return kept

    @property
    def examples(self) -> list[IssueExample]:
        """The labelled examples the model uses, with their issue as it is now."""
        return list(self.examples_.examples) if self.examples_ is not None else []

    def resolve_topic(self, topic_id: int, vector: np.ndarray | None = None) -> int | None:
        """The topic that holds `topic_id` now: itself, the topic it was merged into, or, for a
        topic split in parts, the part whose nearest prototype is closest to `vector`; None when
        it is gone (or split and no vector is given)."""
        table = self._require_fitted()
        merged = self.corrections.merged_into()
        parts = {int(s["topic_id"]): [int(c) for c in s["into"]] for s in self.corrections.splits}
        tid, seen = int(topic_id), set()
        while tid not in table.topics:
            if tid in seen:
                return None
            seen.add(tid)
            if tid in merged:
                tid = merged[tid]
                continue
            if tid not in parts or vector is None:
                return None
            live = {r for c in parts[tid] if (r := self.resolve_topic(c, vector)) is not None}
            if not live:
                return None
            mask = np.isin(table.owner, sorted(live))
            sims = table.vectors[mask] @ normalize(np.asarray(vector, dtype=np.float32))
            tid = int(table.owner[mask][int(np.argmax(sims))])
        return tid

    def _refresh_examples(self) -> None:
        """After a merge or a split: examples follow their issue."""
        if self.examples_ is not None:
            self.set_examples(self.examples_.examples, self.examples_.min_similarity)

    def _taught(self, emb: np.ndarray, table: TopicTable | None = None) -> np.ndarray:
        """The issue each text takes from the labelled examples (-1: none close enough, or an
        issue that `table`, default the model's, does not have)."""
        if self.examples_ is None or not len(emb):
            return np.full(len(emb), OUTLIER, dtype=np.int64)
        topic, _ = self.examples_.nearest(emb)
        topic[~np.isin(topic, list((table or self._require_fitted()).topics))] = OUTLIER
        return topic

    def _with_examples(self, ids: np.ndarray, emb: np.ndarray, rows: np.ndarray | None = None,
                       table: TopicTable | None = None) -> np.ndarray:
        """`ids` with the texts (of `rows`, default all) close to a labelled example given its issue."""
        rows = np.arange(len(ids)) if rows is None else rows
        taught = self._taught(emb[rows], table)
        ids = np.array(ids, dtype=np.int64, copy=True)
        ids[rows[taught >= 0]] = taught[taught >= 0]
        return ids

    def _inputs(self, docs: Sequence[str] | None, embeddings: np.ndarray) -> tuple[list[str], np.ndarray]:
        emb = np.asarray(embeddings, dtype=np.float32)
        if emb.ndim != 2:
            raise ValueError(f"embeddings must be 2-D (n, dim), got shape {emb.shape}")
        if docs is not None and len(docs) != len(emb):
            raise ValueError(f"{len(docs)} docs but {len(emb)} embeddings")
        if self.table_ is not None and emb.shape[1] != self.table_.dim:
            raise ValueError(f"embeddings have dim {emb.shape[1]}, the model was fitted with {self.table_.dim}")
        return (list(map(str, docs)) if docs is not None else []), normalize(emb)

    def _labels_in_use(self) -> set[str]:
        table = self._require_fitted()
        return {self.corrections.renames.get(t, topic.label) for t, topic in table.topics.items()}

    def _min_cluster_size(self, n: int) -> int:
        return max(self.min_topic_size, int(self.min_topic_share * n))

    # -- clustering (the BERTopic part) ---------------------------------------------------
    def _cluster(self, docs: list[str], emb: np.ndarray, min_cluster_size: int) -> tuple[np.ndarray, ...]:
        """(HDBSCAN's leaf clusters, clusters after merging, labels after BERTopic's outlier
        reduction); merged clusters are numbered 0.. by size, leaves are only group keys.

        Leaf clusters of one theme worded in several ways are merged back (BERTopic's
        `merge_topics`) when their centroids reach `merge_similarity`; each leaf keeps its
        own prototype in the topic, so every wording still matches it.
        """
        n = len(docs)
        none = np.full(n, OUTLIER, dtype=np.int64)
        if n < max(min_cluster_size, 5):
            return none, none.copy(), none.copy()
        from hdbscan import HDBSCAN
        from sklearn.decomposition import PCA

        from escucha.nlp.topics.bertopic_core import fit_clusters, merge_topics, reduce_outliers
        from escucha.nlp.topics.reduction import PCAUMAP

        if self.reducer == "umap":
            reducer = PCAUMAP(n_neighbors=self.n_neighbors, n_components=self.n_components,
                              pca_components=self.pca_components, random_state=self.seed)
        else:
            reducer = PCA(n_components=min(self.n_components, n - 1, emb.shape[1]), random_state=self.seed)
        clusterer = HDBSCAN(
            min_cluster_size=min_cluster_size,
            min_samples=min(self.min_samples, min_cluster_size),
            cluster_selection_method=self.cluster_selection,
            metric="euclidean",
            prediction_data=False,
            core_dist_n_jobs=self.n_jobs,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = fit_clusters(emb, reducer, clusterer)
            leaf = raw = fit.labels
            groups = merge_groups(emb, leaf, self.merge_similarity)
            if groups:
                fit = merge_topics(fit, groups)
                raw = fit.labels
        ids = raw.copy()
        if (raw == OUTLIER).any() and (raw >= 0).any():
            ids = reduce_outliers(fit, emb, threshold=self.outlier_threshold)
        return leaf, raw, ids

    def _cluster_pool(self, emb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(leaf, merged) HDBSCAN labels of the docs no topic took, directly on their embeddings.

        No UMAP here: the pool is small (tens to a few thousand docs a night) and often holds one
        theme plus scattered texts, where UMAP on a handful of points is unstable. HDBSCAN runs
        on the pool's `pool_neighbors`-nearest-neighbour graph (knn_hdbscan.py): the exact
        all-pairs path took minutes once a big night left tens of thousands of docs here. When HDBSCAN
        finds no split, it is asked again allowing a single cluster, or one new theme alone in
        the pool would never be found (the cohesion check in `update` then rejects a heap).
        Clusters of one theme are merged as in a fit (`merge_similarity`).
        """
        from escucha.nlp.topics.knn_hdbscan import hdbscan_labels

        mcs = self.min_topic_size
        labels = np.full(len(emb), OUTLIER, dtype=np.int64)
        for single in (False, True):
            labels = hdbscan_labels(emb, min_cluster_size=mcs, min_samples=min(self.min_samples, mcs),
                                    k=self.pool_neighbors, allow_single_cluster=single)
            if (labels >= 0).any():
                break
        merged = labels.copy()
        for group in merge_groups(emb, labels, self.merge_similarity):  # one theme, several wordings
            merged[np.isin(labels, group)] = group[0]
        return labels, merged

    def _cap(self, ids: np.ndarray, best: np.ndarray, sim: np.ndarray) -> np.ndarray:
        """At most `max_outlier_share` of docs stay -1: the outliers most similar to a topic go
        to it. The cap is a promise to the reports (topic shares are over most of the texts)."""
        out = np.flatnonzero(ids == OUTLIER)
        excess = len(out) - int(np.floor(self.max_outlier_share * len(ids)))
        if excess > 0:
            out = out[best[out] >= 0]
            take = out[np.lexsort((out, -sim[out]))][:excess]
            ids = ids.copy()
            ids[take] = best[take]
        return ids

    @staticmethod
    def _nearest_cluster(emb: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest cluster centroid (of the labelled docs) and its cosine, per doc."""
        clusters = np.unique(labels[labels >= 0])
        if len(clusters) == 0:
            return np.full(len(emb), OUTLIER, dtype=np.int64), np.zeros(len(emb), dtype=np.float32)
        cents = normalize(np.stack([emb[labels == c].mean(axis=0) for c in clusters]))
        sims = emb @ cents.T
        return clusters[sims.argmax(axis=1)], sims.max(axis=1)

    def _similarity_to(self, ids: np.ndarray, emb: np.ndarray) -> np.ndarray:
        """Cosine of each doc to its topic's nearest prototype (to the nearest topic for -1)."""
        table = self._require_fitted()
        out = np.zeros(len(ids), dtype=np.float32)
        if len(table.vectors) == 0:
            return out
        for s in range(0, len(ids), _CHUNK):
            sims = emb[s : s + _CHUNK] @ table.vectors.T
            own = table.owner[None, :] == ids[s : s + _CHUNK, None]
            anyown = own.any(axis=1)
            out[s : s + _CHUNK] = np.where(anyown, np.where(own, sims, -np.inf).max(axis=1), sims.max(axis=1))
        return out

    def _assignment(self, ids: np.ndarray, emb: np.ndarray, new: list[int]) -> TopicAssignment:
        ids = ids.astype(np.int64)
        return TopicAssignment(ids, self._similarity_to(ids, emb), self.model_version, sorted(new),
                               self._require_fitted().subtheme_of(emb, ids))

    # -- fit / refit ----------------------------------------------------------------------
    def _clusters_for(self, docs: list[str], emb: np.ndarray) -> tuple[np.ndarray, ...]:
        """Cluster the corpus, or a seeded sample of `fit_max_samples` docs of a large one:
        (indices clustered, leaf clusters, merged clusters, labels after outlier reduction and
        cap)."""
        idx = self.sample_indices(len(docs))
        sdocs, semb = [docs[i] for i in idx], emb[idx]
        leaf, raw, local = self._cluster(sdocs, semb, self._min_cluster_size(len(idx)))
        return idx, leaf, raw, self._cap(local, *self._nearest_cluster(semb, raw))

    def sample_indices(self, n: int) -> np.ndarray:
        """The docs (sorted positions) a fit or refit of `n` docs clusters: all of them, or a
        seeded sample of `fit_max_samples`. Fitting on exactly these docs finds the same topics
        as fitting on all `n`: a caller with millions of docs fits on them, then `transform`s
        the rest in batches and calls `recount` (pipeline/topics.py), in bounded memory."""
        if n <= self.fit_max_samples:
            return np.arange(n)
        return np.sort(np.random.default_rng(self.seed).choice(n, self.fit_max_samples, replace=False))

    def recount(self, topic_ids: np.ndarray) -> None:
        """Topic sizes and the outlier count from the assignment of the whole corpus (after a
        fit on `sample_indices` and `transform` of the rest). Sub-themes keep the proportions
        seen in the sample."""
        table = self._require_fitted()
        _set_sizes(table, np.asarray(topic_ids))
        self.training_["n_docs_assigned"] = int(len(topic_ids))
        self.training_["outlier_share"] = table.n_outliers / max(1, len(topic_ids))

    def _assign_rest(self, table: TopicTable, emb: np.ndarray, idx: np.ndarray, sample_ids: np.ndarray) -> np.ndarray:
        """Ids for the whole corpus: the clustered docs keep theirs, the others go to their
        nearest topic (as in `transform`); then the outlier cap over all docs."""
        ids = np.full(len(emb), OUTLIER, dtype=np.int64)
        ids[idx] = sample_ids
        best, sim, _ = table.match(emb)
        rest = np.ones(len(emb), dtype=bool)
        rest[idx] = False
        ids[rest] = np.where(sim[rest] >= self.outlier_threshold, best[rest], OUTLIER)
        ids = self._with_examples(ids, emb, np.flatnonzero(rest), table)
        ids = self._cap(ids, best, sim)
        _set_sizes(table, ids, emb)
        return ids

    def _issues_for(self, docs: list[str], emb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                                                     IssuePartition]:
        """(docs clustered, their leaf clusters, merged clusters, fine topics, issues): fine
        topics from the clustering, then issues from the catalogue and hierarchical merging
        (issues.py)."""
        idx, leaf, raw, fine = self._clusters_for(docs, emb)
        sdocs, semb = [docs[i] for i in idx], emb[idx]
        matcher = self._catalog_scorer()
        cues = voice_cues(sdocs)  # read once: the scores and the partition both need them
        praise = matcher.praise_like(sdocs, semb) if matcher is not None and len(idx) else None
        scores = matcher.score(sdocs, semb, praise=praise, cues=cues) if matcher is not None and len(idx) else None
        voice = doc_voices(sdocs, praise, broadcast=cues[0])
        issues = partition_issues(semb, fine, scores=scores, core=raw >= 0, voice=voice,
                                  entry_voice=matcher.entry_voices if matcher is not None else None,
                                  min_score=self.catalog_min_score,
                                  threshold=self.issue_similarity, min_issues=self.min_issues,
                                  max_issues=self.max_issues, min_catalog_docs=max(3, self.min_topic_size // 5),
                                  anchors=release_anchors(sdocs, self.min_topic_size))
        self.corpus_terms_ = corpus_terms(sdocs, fine)
        return idx, leaf, raw, fine, issues

    def _catalog_names(self, issue_catalog: Mapping[int, int], ids: Mapping[int, int] | None = None) -> dict:
        """Topic id -> (catalogue key, name, kind) for issues that are catalogue issues (`ids` maps an
        issue number to its topic id; default: the same)."""
        cat = Catalog.from_list(self.catalog)
        return {(ids or {}).get(c, c): (cat.issues[k].key, cat.issues[k].name, cat.issues[k].kind)
                for c, k in issue_catalog.items()}

    def fit(self, docs: Sequence[str], embeddings: np.ndarray) -> TopicAssignment:
        if self.table_ is not None:
            self.refit(docs, embeddings)
            return self.assignment_
        docs, emb = self._inputs(docs, embeddings)
        idx, leaf, raw, fine, issues = self._issues_for(docs, emb)
        table = TopicTable(emb.shape[1])
        part = Partition([docs[i] for i in idx], emb[idx], issues.ids, groups=leaf, subthemes=fine,
                         core=(raw >= 0) | issues.zero_shot)
        added = build_topics(table, part, set(issues.ids.tolist()), config=self._build_config(),
                             naming=self._naming("fit", catalog=self._catalog_names(issues.catalog)))
        table.next_id = max(added, default=-1) + 1
        ids = self._assign_rest(table, emb, idx, issues.ids)
        self._set_fitted(table, docs, emb)
        self.assignment_ = self._assignment(ids, emb, added)
        return self.assignment_

    def _set_fitted(self, table: TopicTable, docs: list[str], emb: np.ndarray) -> None:
        self.table_ = table
        self.base_version_, checksum = self._fingerprint(docs, emb)
        self.revision_ = 0
        self.created_at_ = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.training_ = {"n_docs": len(docs), "checksum": checksum, "n_topics": len(table.topics),
                          "outlier_share": table.n_outliers / max(1, len(docs))}

    def refit(self, docs: Sequence[str], embeddings: np.ndarray) -> dict[int, int]:
        if self.table_ is None:
            assignment = self.fit(docs, embeddings)
            self.mapping_ = {t: t for t in assignment.new_topic_ids}
            return self.mapping_
        old = self.table_
        docs, emb = self._inputs(docs, embeddings)
        idx, leaf, raw, fine, issues = self._issues_for(docs, emb)
        sdocs, semb = [docs[i] for i in idx], emb[idx]
        local = issues.ids
        cat = Catalog.from_list(self.catalog)
        configured = {i.key for i in cat.issues}
        # Old topics that are a configured catalogue issue are found again by their key; the
        # others by their prototypes, below.
        free = np.array([old.topics[t].catalog_key not in configured for t in old.owner.tolist()], dtype=bool)
        vectors, owner = old.vectors[free], old.owner[free]
        # Same topic = a new issue one of whose leaves (wordings) reaches `same_topic_similarity`
        # with a prototype of an old topic. A theme the refit cut in two keeps its id in both
        # halves; an issue matching prototypes of several old topics is shared out among them,
        # doc by doc, by nearest prototype; prototypes of a merged topic all lead to it.
        sids = np.full(len(local), OUTLIER, dtype=np.int64)
        table = TopicTable(emb.shape[1])
        table.next_id = old.next_id
        catalog: dict[int, tuple[str, str]] = {}
        for c in np.unique(local[local >= 0]):  # issues are numbered by size: fresh ids in that order
            members = np.flatnonzero(local == c)
            entry = cat.issues[issues.catalog[c]] if c in issues.catalog else None
            tid = self._catalog_topic(old, entry.key) if entry is not None else None
            if tid is not None:
                sids[members] = tid
                continue
            # a discovered issue, or a catalogue issue new to the model: an old topic it matches
            # (one an analyst split or renamed, say) keeps its id
            core = members[raw[members] >= 0] if np.any(raw[members] >= 0) else members
            leaves = [core[leaf[core] == g] for g in np.unique(leaf[core])]
            cents = normalize(np.stack([semb[m].mean(axis=0) for m in leaves]))
            sims = (cents @ vectors.T).max(axis=0) if len(vectors) else np.zeros(0)
            close = np.flatnonzero(sims >= self.same_topic_similarity)
            if len(close) == 0:
                sids[members] = table.new_id()
            elif len(np.unique(owner[close])) == 1:
                sids[members] = owner[close[0]]
            else:
                sids[members] = owner[close][(semb[members] @ vectors[close].T).argmax(axis=1)]
            if entry is not None:
                for t in np.unique(sids[members]):
                    catalog[int(t)] = (entry.key, entry.name, entry.kind)
        sids = self.corrections.resolve(reapply_splits(sids, semb, self.corrections.splits, old.vectors, old.owner))
        core = (raw >= 0) | issues.zero_shot
        n_clustered = len(sids)
        if self.examples_ is not None:
            # analysts' labels win: texts close to a labelled one take its issue, and an issue
            # with labelled examples that the clustering did not find again is kept, built from
            # its examples (they join the docs that shape topics, not the assignment)
            taught = self.examples_.nearest(semb)[0]
            sids = np.where(taught >= 0, taught, sids)
            lost = sorted(set(self.examples_.topics.tolist()) - set(sids.tolist()))
            if lost:
                extra = self.examples_.of_topics(lost)
                sdocs = [*sdocs, *(e.text for e in extra)]
                semb = np.vstack([semb, normalize(np.stack([e.vector for e in extra]))])
                sids = np.concatenate([sids, np.array([e.topic_id for e in extra], dtype=np.int64)])
                top = int(max(leaf.max(initial=0), 0)) + 1  # one new group key per lost issue
                leaf = np.concatenate([leaf, np.array([top + lost.index(e.topic_id) for e in extra], dtype=np.int64)])
                fine = np.concatenate([fine, np.full(len(extra), OUTLIER, dtype=np.int64)])
                core = np.concatenate([core, np.ones(len(extra), dtype=bool)])
        keep = {t: old.topics[t] for t in np.unique(sids) if t in old.topics}
        part = Partition(sdocs, semb, sids, groups=leaf, subthemes=fine, core=core)
        naming = self._naming("refit", keep=keep, catalog=catalog,
                              taken_labels={t.label for t in keep.values()})
        build_topics(table, part, set(sids.tolist()), config=self._build_config(), naming=naming)
        ids = self.corrections.resolve(self._assign_rest(table, emb, idx, sids[:n_clustered]))
        # old id -> new id: kept ids map to themselves; a topic not found again maps to where
        # most of the docs it would have taken went.
        old_best, _, _ = old.match(emb)
        mapping: dict[int, int] = {}
        for t in sorted(old.topics):
            if t in table.topics:
                mapping[t] = t
                continue
            went = ids[(old_best == t) & (ids >= 0)]
            mapping[t] = int(np.bincount(went - went.min()).argmax() + went.min()) if len(went) else OUTLIER
        for gone, into in self.corrections.merged_into().items():  # ids merged away earlier
            if into in mapping:
                mapping[gone] = mapping[into]
        self._set_fitted(table, docs, emb)
        self.assignment_ = self._assignment(ids, emb, sorted(set(table.topics) - set(old.topics)))
        self.mapping_ = mapping
        return mapping

    # -- nightly --------------------------------------------------------------------------
    def transform(self, embeddings: np.ndarray) -> TopicAssignment:
        table = self._require_fitted()
        _, emb = self._inputs(None, embeddings)
        best, sim, _ = table.match(emb)
        ids = self._with_examples(np.where(sim >= self.outlier_threshold, best, OUTLIER), emb)
        ids = self.corrections.resolve(self._cap(ids, best, sim))
        return self._assignment(ids, emb, [])

    def update(self, docs: Sequence[str], embeddings: np.ndarray) -> TopicAssignment:
        table = self._require_fitted()
        docs, emb = self._inputs(docs, embeddings)
        before = set(table.topics)
        best, sim, member = table.match(emb)
        ids = np.where(member, best, OUTLIER)
        # a text close to one an analyst labelled takes that issue, before anything else
        taught = self._taught(emb)
        forced = taught >= 0
        ids[forced] = taught[forced]
        member = member | forced
        new: list[int] = []
        groups = np.full(len(emb), OUTLIER, dtype=np.int64)
        # A release that at least min_topic_size texts of the night name ("desde la 5.2 no puedo
        # transferir") is an issue of its own, however close its texts are to a known one: it
        # goes to the topic named after it, or opens one.
        release, versions = releases(docs, self.min_topic_size) if table.topics else (groups, [])
        for g, version in enumerate(versions):
            members = np.flatnonzero((release == g) & ~forced)
            if not len(members):
                continue
            said = re.compile(rf"(?<![\d.]){re.escape(version)}(?![.,]?\d)")
            named = [t for t in sorted(table.topics)
                     if said.search(self.corrections.renames.get(t, table.topics[t].label))]
            tid = named[0] if named else table.new_id()
            if not named:
                new.append(tid)
                groups[members] = len(emb) + g  # one prototype group, apart from the pool's
            ids[members] = tid
            member[members] = True
        matcher = self._catalog_scorer()
        cat = Catalog.from_list(self.catalog)
        pool = np.flatnonzero(~member)
        scores = matcher.score([docs[i] for i in pool], emb[pool]) if matcher is not None and len(pool) else None
        if scores is not None:  # a text close to a catalogue issue the model has takes it
            for j, k in enumerate(scores.argmax(axis=1)):
                tid = self._catalog_topic(table, cat.issues[k].key) if scores[j, k] >= self.catalog_min_score else None
                if tid is not None:
                    ids[pool[j]] = tid
        catalog: dict[int, tuple[str, str]] = {}
        free = pool[ids[pool] == OUTLIER]
        if not table.topics:
            log.warning("the topic model has no topics: new texts stay unassigned until a refit")
        if len(free) >= self.min_topic_size and table.topics:
            # Bar for "a dense group": as tight as 90% (new_topic_min_cohesion) of the median
            # existing topic, measured the same way (median cosine to the centroid).
            min_cohesion = self.new_topic_min_cohesion * float(np.median(table.cohesion))
            leaf, merged = self._cluster_pool(emb[free])
            groups[free] = leaf
            row = {int(d): j for j, d in enumerate(pool)}
            for c in np.unique(merged[merged >= 0]):
                members = free[merged == c]
                if len(members) < self.min_topic_size:
                    continue
                if scores is not None:  # a new group of a catalogue issue: the issue opens (or grows)
                    mean = scores[[row[int(d)] for d in members]].mean(axis=0)
                    k = int(mean.argmax())
                    if mean[k] >= self.catalog_min_score:
                        entry = cat.issues[k]
                        tid = self._catalog_topic(table, entry.key)
                        if tid is None:
                            tid = table.new_id()
                            new.append(tid)
                            catalog[tid] = (entry.key, entry.name, entry.kind)
                        ids[members] = tid
                        continue
                leaves = [members[groups[members] == g] for g in np.unique(groups[members])]
                cents = normalize(np.stack([emb[m].mean(axis=0) for m in leaves]))
                if float((cents @ table.vectors.T).max()) >= self.same_topic_similarity:
                    continue  # loose docs of a known theme, not a new one: assigned below
                cohesion = np.median(np.concatenate([emb[m] @ v for m, v in zip(leaves, cents)]))
                if cohesion < min_cohesion:
                    continue  # a loose heap of unrelated texts, not a theme
                tid = table.new_id()
                ids[members] = tid
                new.append(tid)
        if new:
            part = Partition(docs, emb, ids, groups=groups, core=groups >= 0)
            build_topics(table, part, new, config=self._build_config(),
                         naming=self._naming("update", catalog=catalog, taken_labels=self._labels_in_use()))
        best, sim, _ = table.match(emb)
        ids = np.where((ids == OUTLIER) & (sim >= self.outlier_threshold), best, ids)
        ids = self.corrections.resolve(self._cap(ids, best, sim))
        _add_sizes(table, ids, emb, fresh=set(table.topics) - before)
        if new:
            self.revision_ += 1
        self.assignment_ = self._assignment(ids, emb, new)
        return self.assignment_

    # -- corrections ----------------------------------------------------------------------
    def rename(self, topic_id: int, label: str) -> None:
        self._require_fitted().require(topic_id)
        self.corrections.rename(topic_id, label)
        self.revision_ += 1

    def set_category(self, topic_id: int, category: str) -> None:
        self._require_fitted().require(topic_id)
        self.corrections.set_category(topic_id, check_category(category, self.categories))
        self.revision_ += 1

    def set_kind(self, topic_id: int, kind: str) -> None:
        """An analyst's kind for a topic (corrections): it wins over the one read from its texts,
        every night after, so a complaint cluster taken for ads goes back to the ranking."""
        self._require_fitted().require(topic_id)
        self.corrections.set_kind(topic_id, kind)
        self.revision_ += 1

    def merge(self, topic_ids: Sequence[int], into: int) -> None:
        table = self._require_fitted()
        ids = sorted({int(t) for t in topic_ids} | {int(into)})
        for t in ids:
            table.require(t)
        if len(ids) < 2:
            raise ValueError("merge needs at least two different topics")
        table.merge(ids, int(into))
        self.corrections.record_merge(ids, int(into))
        self.revision_ += 1
        self._refresh_examples()

    def split(self, topic_id: int, docs: Sequence[str], embeddings: np.ndarray, n_topics: int = 2) -> TopicAssignment:
        table = self._require_fitted()
        table.require(topic_id)
        docs, emb = self._inputs(docs, embeddings)
        if n_topics < 2 or len(docs) < 2 * n_topics:
            raise ValueError(f"split needs n_topics >= 2 and at least {2 * n_topics} docs, got {len(docs)}")
        from sklearn.cluster import KMeans

        km = KMeans(n_clusters=n_topics, random_state=self.seed, n_init=10).fit(emb)
        sizes = np.bincount(km.labels_, minlength=n_topics)
        order = sorted(range(n_topics), key=lambda c: (-sizes[c], int(np.argmax(km.labels_ == c))))
        table.remove(topic_id)
        to_id = {c: table.new_id() for c in order}
        ids = np.array([to_id[c] for c in km.labels_], dtype=np.int64)
        children = [to_id[c] for c in order]
        build_topics(table, Partition(docs, emb, ids), children, config=self._build_config(),
                     naming=self._naming("split", taken_labels=self._labels_in_use()))
        self.corrections.record_split(topic_id, children)
        self.revision_ += 1
        self._refresh_examples()
        ids = self._with_examples(ids, emb)  # a labelled text (and its near twins) keeps the analyst's issue
        return self._assignment(ids, emb, children)

    def set_categories(self, categories: Mapping[str, str]) -> None:
        """New business categories from config: every topic's automatic category is recomputed
        from its centroid (manual ones still win). Needs the encoder."""
        table = self._require_fitted()
        if self.encoder is None:
            raise RuntimeError("set_categories needs the encoder the model was fitted with")
        self.categories, self._mapper = dict(categories), None
        mapper = self._category_mapper()
        ids = sorted(table.topics)
        names = mapper.assign(np.stack([table.centroid(t) for t in ids]))[0] if mapper and ids else [OTHER] * len(ids)
        changed = False
        for tid, name in zip(ids, names):
            changed |= table.topics[tid].category != name
            table.topics[tid].category = name
        self.revision_ += int(changed)

    # -- output ---------------------------------------------------------------------------
    def topics(self) -> pd.DataFrame:
        table = self._require_fitted()
        return table.frame(self.model_version, self.corrections.renames, self.corrections.categories,
                           self.corrections.kinds)

    def subthemes(self) -> pd.DataFrame:
        """The sub-themes of every issue (_state.SUBTHEME_COLUMNS): how each issue shows up,
        largest first, with its label, keywords, size and share of the issue."""
        return self._require_fitted().subtheme_frame(self.corrections.renames)

    def subtheme_of(self, embeddings: np.ndarray, topic_ids: Sequence[int]) -> np.ndarray:
        """Sub-theme of each doc within its issue: that of the issue's most similar prototype
        (how the fit and every night count sub-theme sizes); -1 for outliers and unknown issues."""
        return self._require_fitted().subtheme_of(np.asarray(embeddings, dtype=np.float32),
                                                  np.asarray(topic_ids, dtype=np.int64))

    def to_bertopic(self, docs: Sequence[str], embeddings: np.ndarray, topic_ids: Sequence[int] | None = None,
                    **kw: Any) -> Any:
        """A real `bertopic.BERTopic` with these topics over `docs` (needs `escucha[bertopic]`;
        see bertopic_export.to_bertopic)."""
        from escucha.nlp.topics.bertopic_export import to_bertopic

        return to_bertopic(self, docs, embeddings, topic_ids, **kw)

    # -- persistence ----------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """A folder: metadata.json (versions, params, created_at), topics.json,
        prototypes.safetensors, corrections.json. Files are replaced atomically; metadata.json
        is written last, so a folder with it is complete."""
        from safetensors.numpy import save_file

        table = self._require_fitted()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        meta, arrays = table.to_payload()
        meta["corpus_terms"] = list(self.corpus_terms_)
        if self._catalog_matcher() is not None:
            arrays["catalog_vectors"] = np.ascontiguousarray(self._catalog_vectors, dtype=np.float32)
            if self._catalog_text_vectors is not None:
                arrays["catalog_text_vectors"] = np.ascontiguousarray(self._catalog_text_vectors, dtype=np.float32)
        tmp = path / "prototypes.safetensors.tmp"
        save_file(arrays, str(tmp), metadata={"model_version": self.model_version})
        os.replace(tmp, path / "prototypes.safetensors")
        _write_json(path / "topics.json", meta)
        _write_json(path / "corrections.json", self.corrections.to_dict())
        _write_json(path / "metadata.json", {
            "format": FORMAT,
            "kind": "bertopic",
            "model_version": self.model_version,
            "base_version": self.base_version_,
            "revision": self.revision_,
            "created_at": self.created_at_,
            "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "encoder": getattr(self.encoder, "name", None),
            "params": self.get_params(),
            "training": self.training_,
            "versions": _library_versions(),
        })
        return path

    @classmethod
    def load(cls, path: str | Path, encoder=None) -> "BERTopicModeler":
        from safetensors.numpy import load_file

        path = Path(path)
        meta_file = path / "metadata.json"
        if not meta_file.exists():
            raise FileNotFoundError(f"no topic model in {path} (metadata.json missing)")
        metadata = json.loads(meta_file.read_text(encoding="utf-8"))
        if metadata.get("format") != FORMAT:
            raise ValueError(f"topic model format {metadata.get('format')} in {path}; this version reads {FORMAT}")
        saved_encoder = metadata.get("encoder")
        if encoder is not None and saved_encoder and getattr(encoder, "name", None) != saved_encoder:
            raise ValueError(f"model fitted with encoder {saved_encoder!r}, got {getattr(encoder, 'name', None)!r}")
        model = cls(encoder=encoder, **metadata["params"])
        topics_meta = json.loads((path / "topics.json").read_text(encoding="utf-8"))
        arrays = load_file(str(path / "prototypes.safetensors"))
        model.table_ = TopicTable.from_payload(topics_meta, arrays)
        model.corpus_terms_ = list(topics_meta.get("corpus_terms", []))
        model._catalog_vectors = arrays.get("catalog_vectors")
        model._catalog_text_vectors = arrays.get("catalog_text_vectors")
        model.corrections = Corrections.load(path)
        model.base_version_ = metadata["base_version"]
        model.revision_ = int(metadata["revision"])
        model.created_at_ = metadata.get("created_at")
        model.training_ = metadata.get("training", {})
        return model


def _set_sizes(table: TopicTable, ids: np.ndarray, emb: np.ndarray | None = None) -> None:
    """Topic sizes (and sub-theme sizes, from `emb`) of one assignment of the whole corpus.
    Without vectors, sub-themes keep their proportions, scaled to the topic's new size."""
    counts = pd.Series(ids).value_counts()
    subs = table.subtheme_of(emb, ids) if emb is not None else None
    for tid, topic in table.topics.items():
        topic.size = int(counts.get(tid, 0))
        if subs is not None:
            got = np.bincount(subs[ids == tid], minlength=len(topic.subthemes)) if topic.size else None
            for i, st in enumerate(topic.subthemes):
                st.size = int(got[i]) if got is not None and i < len(got) else 0
        else:
            total = sum(st.size for st in topic.subthemes)
            for st in topic.subthemes:
                st.size = int(round(topic.size * st.size / total)) if total else 0
    table.n_outliers = int(counts.get(OUTLIER, 0))


def _add_sizes(table: TopicTable, ids: np.ndarray, emb: np.ndarray, fresh: set[int]) -> None:
    """A night's assignment added to the sizes (topics it created start from zero)."""
    counts = pd.Series(ids).value_counts()
    subs = table.subtheme_of(emb, ids)
    for tid, topic in table.topics.items():
        got = int(counts.get(tid, 0))
        topic.size = got if tid in fresh else topic.size + got
        per = np.bincount(subs[ids == tid], minlength=len(topic.subthemes)) if got else np.zeros(len(topic.subthemes))
        for i, st in enumerate(topic.subthemes):
            st.size = int(per[i]) if tid in fresh else st.size + int(per[i])
    table.n_outliers += int(counts.get(OUTLIER, 0))


def _write_json(path: Path, obj: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def _library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    from escucha.nlp.topics.bertopic_core import BERTOPIC_VERSION

    out = {"bertopic": f"{BERTOPIC_VERSION} (algorithm, escucha.nlp.topics.bertopic_core)"}
    for pkg in ("escucha", "hdbscan", "umap-learn", "scikit-learn", "numpy"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    return out
