"""bertopic_core does what BERTopic 0.17 does with precomputed embeddings: the same labels after
the fit, after merging topics and after reducing outliers, the same topic embeddings, the same
c-TF-IDF. Compared with BERTopic itself, so these run where it is installed (the test
environment: `escucha[bertopic]`)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

bertopic = pytest.importorskip("bertopic")


def _blobs(seed: int = 7) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(6, 24))
    sizes = [60, 45, 45, 30, 25, 12]  # ties on purpose: the renumbering must break them the same way
    emb = np.vstack([c + 0.35 * rng.normal(size=(n, 24)) for c, n in zip(centres, sizes)]
                    + [rng.normal(scale=2.0, size=(25, 24))]).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    docs = [f"doc {i} palabra{i % 7} tema{i % 3}" for i in range(len(emb))]
    return docs, emb


def _models():
    from hdbscan import HDBSCAN
    from sklearn.decomposition import PCA

    return PCA(n_components=5, random_state=3), HDBSCAN(min_cluster_size=10, min_samples=5, prediction_data=False)


@pytest.mark.parametrize("groups", [[], [[0, 3]], [[1, 4], [2, 5]]])
def test_fit_merge_and_outliers_match_bertopic(groups):
    from bertopic import BERTopic

    from escucha.nlp.topics.bertopic_core import fit_clusters, merge_topics, reduce_outliers

    docs, emb = _blobs()
    reducer, clusterer = _models()
    ref = BERTopic(language="multilingual", umap_model=reducer, hdbscan_model=clusterer, calculate_probabilities=False)
    ref_labels = np.asarray(ref.fit_transform(docs, emb)[0])
    reducer, clusterer = _models()
    fit = fit_clusters(emb, reducer, clusterer)
    assert (fit.labels == ref_labels).all()
    assert (fit.labels == -1).any() and len(set(fit.labels.tolist())) > 4
    np.testing.assert_array_equal(fit.topic_embeddings, ref.topic_embeddings_)
    groups = [g for g in groups if max(g) <= fit.labels.max()]
    if groups:
        ref.merge_topics(docs, groups)
        fit = merge_topics(fit, groups)
        assert (fit.labels == np.asarray(ref.topics_)).all()
        np.testing.assert_array_equal(fit.topic_embeddings, ref.topic_embeddings_)
    for threshold in (0.0, 0.3):
        ours = reduce_outliers(fit, emb, threshold)
        theirs = ref.reduce_outliers(docs, fit.labels.tolist(), strategy="embeddings", embeddings=emb,
                                     threshold=threshold)
        assert ours.tolist() == list(theirs)


def test_class_tfidf_matches_bertopic():
    from bertopic.vectorizers import ClassTfidfTransformer as Theirs

    from escucha.nlp.topics.bertopic_core import ClassTfidfTransformer as Ours

    dense = np.random.default_rng(1).integers(0, 4, size=(8, 40)) * (np.random.default_rng(2).random((8, 40)) < 0.3)
    dense[0] += 1  # every term seen in some class
    counts = sp.csr_matrix(dense.astype(np.float64))
    ours = Ours(reduce_frequent_words=True).fit_transform(counts.copy()).toarray()
    theirs = Theirs(reduce_frequent_words=True).fit_transform(counts.copy()).toarray()
    np.testing.assert_array_equal(ours, theirs)
