"""HDBSCAN on the kNN graph (nlp/topics/knn_hdbscan.py) against the hdbscan library's exact path."""

from __future__ import annotations

import numpy as np
import pytest
from hdbscan import HDBSCAN
from scipy.sparse import csgraph
from sklearn.metrics import adjusted_rand_score

from escucha.nlp.topics._state import normalize
from escucha.nlp.topics.knn_hdbscan import hdbscan_labels, knn_graph


def themes(sizes, dim=64, spread=0.08, seed=0, scatter=0):
    """Unit vectors around random centres, plus `scatter` random ones; (emb, theme or -1)."""
    rng = np.random.default_rng(seed)
    centres = normalize(rng.standard_normal((len(sizes), dim)))
    parts, truth = [], []
    for t, n in enumerate(sizes):
        parts.append(centres[t] + spread * rng.standard_normal((n, dim)))
        truth += [t] * n
    parts.append(rng.standard_normal((scatter, dim)))
    truth += [-1] * scatter
    return normalize(np.vstack(parts).astype(np.float32)), np.array(truth)


def exact(emb, **kw):
    return HDBSCAN(metric="euclidean", **kw).fit(emb.astype(np.float64)).labels_


def test_complete_graph_gives_the_exact_result():
    emb, _ = themes([40, 35, 30], scatter=20, spread=0.15)
    got = hdbscan_labels(emb, min_cluster_size=15, min_samples=5, k=len(emb))
    want = exact(emb, min_cluster_size=15, min_samples=5)
    assert (got >= 0).any()
    assert adjusted_rand_score(want, got) == pytest.approx(1.0)
    assert np.array_equal(got < 0, want < 0)


def test_sparse_graph_agrees_with_the_exact_result():
    emb, truth = themes([300, 200, 150, 120, 80], scatter=150, spread=0.12, seed=3)
    got = hdbscan_labels(emb, min_cluster_size=30, min_samples=10, k=30)
    want = exact(emb, min_cluster_size=30, min_samples=10)
    assert adjusted_rand_score(want, got) > 0.95
    assert adjusted_rand_score(truth[truth >= 0], got[truth >= 0]) > 0.95


def test_pieces_of_the_graph_are_joined_by_their_true_shortest_edges():
    emb, truth = themes([50, 50, 50], spread=0.02, seed=5)  # far apart: 5 neighbours never cross
    graph = knn_graph(emb, 5)
    assert csgraph.connected_components(graph, directed=False)[0] == 1
    rows, cols = graph.nonzero()
    crossing = truth[rows] != truth[cols]
    assert 0 < crossing.sum() <= 2 * 3  # a few joining edges, both directions, not a dense mesh
    d = np.sqrt(np.clip(2 - 2 * emb @ emb.T, 0, None))
    for r, c in zip(rows[crossing], cols[crossing]):
        # each joining edge is the shortest between its two themes
        a, b = truth[r], truth[c]
        assert graph[r, c] == pytest.approx(d[np.ix_(truth == a, truth == b)].min(), abs=1e-5)
    labels = hdbscan_labels(emb, min_cluster_size=20, min_samples=5, k=5)
    assert adjusted_rand_score(truth, labels) == pytest.approx(1.0)


def test_exact_duplicates_keep_their_edges_and_form_clusters():
    rng = np.random.default_rng(9)
    texts = normalize(rng.standard_normal((2, 32)))
    same = np.repeat(texts, 40, axis=0)  # two texts sent 40 times each
    emb = normalize(np.vstack([same, rng.standard_normal((60, 32))]).astype(np.float32))
    graph = knn_graph(emb, 10)
    assert graph[0].nnz >= 10  # a zero distance would have been dropped as "no edge"
    labels = hdbscan_labels(emb, min_cluster_size=20, min_samples=5, k=10)
    assert len(set(labels[:40])) == 1 and len(set(labels[40:80])) == 1
    assert labels[0] >= 0 and labels[40] >= 0 and labels[0] != labels[40]
    assert np.array_equal(labels, exact(emb, min_cluster_size=20, min_samples=5))


def test_tiny_inputs():
    assert hdbscan_labels(np.zeros((0, 8), np.float32), min_cluster_size=5, min_samples=5).shape == (0,)
    one = normalize(np.ones((1, 8), np.float32))
    assert hdbscan_labels(one, min_cluster_size=5, min_samples=5).tolist() == [-1]
