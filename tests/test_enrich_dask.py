"""Enrichment on a Dask LocalCluster gives exactly the rows and embeddings of the local run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

pytest.importorskip("distributed")

from escucha.config.schema import DaskConfig, EscuchaConfig, NlpConfig
from escucha.nlp.analyzer import Analyzer

from escucha.pipeline.enrich import dask_client, enrich_pending, run_enrichment
from escucha.records import build_record
from escucha.store import open_store

TEXTS = [
    ("pqrs", "Me cobraron dos veces la factura de octubre y nadie me responde."),
    ("pqrs", "Solicito el certificado de paz y salvo de mi cuenta."),
    ("social", "@ConectaAyuda excelente atención de Andrea, ¡gracias! 😍"),
    ("social", "Otra vez sin internet en el barrio, qué vergüenza #Conecta"),
    ("transcript", "Llevo tres semanas esperando al técnico. " * 30),  # long: chunked by the heads
    ("review", "La app se cierra sola desde la última actualización."),
    ("pqrs", "I would like to cancel my subscription, please."),  # not Spanish: no labels
    ("chat", "Quiero cancelar el plan, está muy caro."),
]


def _records(n: int):
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        channel, text = TEXTS[i % len(TEXTS)]
        out.append(build_record("bench", f"r-{i:04d}", channel=channel, created_at=t0 + timedelta(minutes=i),
                                text=f"{text} (caso {i})"))
    return out


def _enriched(store):
    rows = store._read("SELECT * FROM enrichments ORDER BY record_id", [], {})
    ids, emb = store.fetch_embeddings()
    return rows.drop(columns=["run_id"]), ids, emb


def test_enrichment_on_dask_equals_the_local_run(tmp_path):
    nlp = NlpConfig()
    records = _records(40)
    analyzer = Analyzer.from_config(nlp)
    results = {}
    for mode in ("local", "dask"):
        with open_store(None, tmp_path / mode) as store:
            store.save_batch("bench", records, [], None, "run-0")
            if mode == "local":
                n = enrich_pending(store, analyzer, "run-1", batch_size=7)
            else:
                with dask_client(DaskConfig(n_workers=2, threads_per_worker=1)) as client:
                    assert len(client.scheduler_info()["workers"]) == 2
                    n = enrich_pending(store, analyzer, "run-1", batch_size=7, client=client, nlp_config=nlp)
                    # The nightly step, configured with `execution.dask.address`: same results.
                    cfg = EscuchaConfig(nlp={"batch_size": 7},
                                        execution={"dask": {"address": client.scheduler.address}})
                    with open_store(None, tmp_path / "configured") as other:
                        other.save_batch("bench", records, [], None, "run-0")
                        assert run_enrichment(cfg, other, "run-1") == len(records)
                        configured = _enriched(other)
            assert n == len(records)
            results[mode] = _enriched(store)
            # nothing is left pending: every batch came back and was written
            assert list(store.iter_pending_enrichment(analyzer.version, 100)) == []

    (local_rows, local_ids, local_emb), (dask_rows, dask_ids, dask_emb) = results["local"], results["dask"]
    assert len(local_rows) == len(records)
    assert local_rows["sentiment"].notna().sum() >= len(records) - 5  # real labels, not all empty
    # Same batches, same texts: identical labels, JSON, versions and embeddings. The heads'
    # probabilities of LONG texts may differ by ~1e-9: their chunk vectors are cached per process
    # and USE's float32 output moves by ~1e-7 with the batch a chunk was encoded in (locally too).
    floats = ["sentiment_pos", "sentiment_neu", "sentiment_neg", "irony", "toxicity"]
    exact = [c for c in local_rows.columns if c not in floats + ["emotion_scores"]]
    assert local_rows[exact].equals(dask_rows[exact])
    np.testing.assert_allclose(local_rows[floats].to_numpy(float), dask_rows[floats].to_numpy(float), rtol=0, atol=1e-6)
    short = local_rows["text_norm"].str.len() <= 600  # no chunking: bit for bit
    assert local_rows.loc[short, floats + ["emotion_scores"]].equals(dask_rows.loc[short, floats + ["emotion_scores"]])
    assert local_ids == dask_ids
    np.testing.assert_array_equal(local_emb, dask_emb)
    assert configured[0][exact].equals(dask_rows[exact])
    np.testing.assert_array_equal(configured[2], dask_emb)


def test_dask_needs_the_nlp_config(tmp_path):
    class _FakeClient:  # never reached: the check comes first
        def scheduler_info(self):
            return {"workers": {}}

    with open_store(None, tmp_path / "d") as store:
        store.save_batch("bench", _records(2), [], None, "run-0")
        with pytest.raises(ValueError, match="nlp_config"):
            enrich_pending(store, Analyzer.from_config(NlpConfig()), "run-1", 10, client=_FakeClient())
