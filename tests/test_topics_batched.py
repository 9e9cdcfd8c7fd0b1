"""A fit or refit over a big store reads its vectors in batches (pipeline/topics.py
`fit_on_store`) and must give the same topics as the same fit with everything in memory.

The corpus (tests/topics_corpus.py, 298 texts) is made "big" by lowering `fit_max_samples` to
150 and the read batch to 50; the store is a real DuckDB file.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from escucha.nlp.encoders import UniversalSentenceEncoder
from escucha.nlp.topics import BERTopicModeler
from escucha.pipeline import topics as topics_stage
from escucha.records import build_record
from escucha.store import open_store
from topics_corpus import make_corpus

SAMPLE = 150


@pytest.fixture(scope="module")
def encoder():
    return UniversalSentenceEncoder()


@pytest.fixture()
def store(tmp_path, encoder):
    docs, _ = make_corpus(per_theme=40, n_noise=18, seed=7)
    start = datetime(2026, 10, 1, tzinfo=timezone.utc)
    records = [build_record("pruebas", f"r{i:04d}", channel="pqrs", text=d, created_at=start + timedelta(hours=i))
               for i, d in enumerate(docs)]
    with open_store(None, tmp_path / "data") as s:
        s.save_batch("pruebas", records, [], None, "run-1")
        s.upsert_embeddings([r.id for r in records], encoder.encode(docs), encoder.name, "run-1")
        yield s


def _model(encoder) -> BERTopicModeler:
    # no outlier cap (share 1.0): the cap is applied per batch in the batched path, per corpus
    # in memory; everything else must agree exactly
    return BERTopicModeler(encoder=encoder, min_topic_size=15, seed=42, fit_max_samples=SAMPLE, max_outlier_share=1.0)


@pytest.fixture()
def reads(store, monkeypatch):
    """Sizes of the store's embedding reads (the real method, counted)."""
    sizes: list[int] = []
    real = store.fetch_embeddings

    def counted(ids=None):
        got = real(ids)
        sizes.append(len(got[0]))
        return got

    monkeypatch.setattr(store, "fetch_embeddings", counted)
    monkeypatch.setattr(topics_stage, "BATCH", 50)
    return sizes


def _in_memory(store):
    ids = store.ids_with_embedding()
    got, docs, emb = topics_stage.docs_and_embeddings(store, ids)
    assert got == ids
    return ids, docs, emb


def test_batched_fit_equals_the_fit_in_memory(store, reads, encoder):
    ids, docs, emb = _in_memory(store)
    reads.clear()
    batched = _model(encoder)
    got, mapping = topics_stage.fit_on_store(store, batched, ids, refit=False)
    assert mapping is None
    assert max(reads) <= SAMPLE and sum(reads) == len(ids)  # never the whole corpus at once
    assert len(reads) == 1 + int(np.ceil((len(ids) - SAMPLE) / 50))

    whole = _model(encoder)
    want = whole.fit(docs, emb)
    assert len(set(want.topic_ids) - {-1}) >= 5
    assert np.array_equal(got.topic_ids, want.topic_ids)
    assert np.allclose(got.similarity, want.similarity, atol=1e-5)
    sizes = batched.topics().set_index("topic_id")["size"]
    assert sizes.to_dict() == whole.topics().set_index("topic_id")["size"].to_dict()
    assert sizes.sum() == len(ids) and sizes.get(-1, 0) == batched.table_.n_outliers == (got.topic_ids == -1).sum()


def test_batched_refit_equals_the_refit_in_memory(store, reads, encoder, tmp_path):
    ids, docs, emb = _in_memory(store)
    first = _model(encoder)
    first.fit(docs[:200], emb[:200])  # an older model that saw part of the corpus
    path = first.save(tmp_path / "old")

    reads.clear()
    batched = BERTopicModeler.load(path, encoder=encoder)
    got, mapping = topics_stage.fit_on_store(store, batched, ids, refit=True)
    assert max(reads) <= SAMPLE and sum(reads) == len(ids)

    whole = BERTopicModeler.load(path, encoder=encoder)
    want_mapping = whole.refit(docs, emb)
    assert np.array_equal(got.topic_ids, whole.assignment_.topic_ids)
    assert set(got.new_topic_ids) == set(whole.assignment_.new_topic_ids)
    kept = {t for t, n in want_mapping.items() if n == t}
    assert kept and all(mapping[t] == t for t in kept)  # themes found again keep their ids


def test_small_corpus_is_fitted_in_one_read(store, reads, encoder):
    ids = store.ids_with_embedding()[:120]
    reads.clear()
    got, _ = topics_stage.fit_on_store(store, _model(encoder), ids, refit=False)
    assert reads == [120] and len(got) == 120
