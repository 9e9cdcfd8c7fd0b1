"""Sub-themes for reports (pipeline/topics.issue_subthemes): the current model's sub-theme table
and the sub-theme of each record a report's period holds, read from the store (DuckDB and
PostgreSQL). The assertions compare with what the model itself says of the same vectors, so they
hold however the clustering falls."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from escucha.nlp.encoders import UniversalSentenceEncoder
from escucha.nlp.text.topic_text import TOPIC_TEXT_VERSION
from escucha.nlp.topics import BERTopicModeler
from escucha.records import build_record
from topics_corpus import make_corpus

START = datetime(2026, 10, 1, 12, 0, tzinfo=timezone.utc)


def _config(tmp_path: Path, store_url: str):
    from escucha.config import load_config

    path = tmp_path / "escucha.yaml"
    path.write_text(yaml.safe_dump({"data_dir": str(tmp_path / "data"), "connectors": [], "store": {"url": store_url},
                                    "topics": {"min_topic_size": 12, "catalog": []}}, allow_unicode=True),
                    encoding="utf-8")
    return load_config(path, environ={})


def test_issue_subthemes_reads_the_model_and_the_sub_theme_of_each_asked_record(tmp_path, store_url):
    from escucha.pipeline.context import open_configured_store
    from escucha.pipeline.topics import issue_subthemes, model_root

    cfg = _config(tmp_path, store_url)
    encoder = UniversalSentenceEncoder()
    docs, _ = make_corpus(per_theme=15, n_noise=4, seed=3)
    emb = np.asarray(encoder.encode(docs), dtype=np.float32)
    with open_configured_store(cfg) as store:
        before = issue_subthemes(cfg, store, pd.DataFrame({"id": ["x"], "topic_id": [0]}))
        assert before.table.empty and before.of_record == {}  # no model yet: nothing to say

        model = BERTopicModeler(min_topic_size=12, reducer="pca", seed=42, embedding_text=TOPIC_TEXT_VERSION)
        fitted = model.fit(docs, emb)
        model.save(model_root(cfg) / model.model_version)
        recs = [build_record("pruebas", f"s{i}", channel="pqrs", text=t, created_at=START + timedelta(hours=i))
                for i, t in enumerate(docs)]
        store.save_batch("pruebas", recs, [], None, "run-s")
        rids = [r.id for r in recs]
        store.upsert_embeddings(rids, emb, encoder.name, "run-s")
        store.save_topics(fitted.to_frame(rids), model.topics(), "run-fit")

        asked = pd.DataFrame({"id": rids[::2], "topic_id": fitted.topic_ids[::2]})
        got = issue_subthemes(cfg, store, asked)
        pd.testing.assert_frame_equal(got.table, model.subthemes())
        subs = model.subtheme_of(emb[::2], fitted.topic_ids[::2])
        want = {rid: int(s) for rid, s in zip(rids[::2], subs) if s >= 0}
        assert got.of_record == want
        assert set(got.of_record) <= set(rids[::2])  # only the records asked about
        assert all(rid in got.of_record for rid, t in zip(rids[::2], fitted.topic_ids[::2]) if t >= 0)
