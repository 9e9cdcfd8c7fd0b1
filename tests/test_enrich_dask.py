"""Enrichment on Dask through prefect-dask (a LocalCluster it starts, or an existing cluster's
address) gives exactly the rows and embeddings of the local run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

pytest.importorskip("prefect_dask")

from escucha.config.schema import NlpConfig
from escucha.nlp.analyzer import Analyzer
from escucha.pipeline.enrich import analyze_batch, enrich_pending
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


# The nightly flow (`escucha run`'s flow) in a child process: Prefect starts its own temporary
# API there, and the run leaves the pytest process untouched.
CHILD = """
import json, sys
from escucha.flows.nightly import nightly
from prefect.client.orchestration import get_client

summary = nightly(sys.argv[1])
with get_client(sync_client=True) as client:
    tasks = [t.name for t in client.read_task_runs() if t.state_name == "Completed"]
print(json.dumps({"enriched": summary["enriched"], "tasks": tasks}))
"""


def _on_dask(tmp_path, name: str, records, dask: dict):
    data = tmp_path / name
    with open_store(None, data) as store:
        store.save_batch("bench", records, [], None, "run-0")
    cfg_file = tmp_path / f"{name}.yaml"
    cfg_file.write_text(json.dumps({"data_dir": str(data), "connectors": [], "nlp": {"batch_size": 7},
                                    "execution": {"dask": dask}, "topics": {"enabled": False}}), encoding="utf-8")
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / f"prefect-{name}"), "ESCUCHA_PROGRESS": "off"}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(cfg_file)], capture_output=True, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    with open_store(None, data) as store:
        assert list(store.iter_pending_enrichment(Analyzer.from_config(NlpConfig()).version, 100)) == []
        return out, _enriched(store)


def _assert_same(local, other, n):
    (local_rows, local_ids, local_emb), (rows, ids, emb) = local, other
    assert len(local_rows) == n
    assert local_rows["sentiment"].notna().sum() >= n - 5  # real labels, not all empty
    # Same batches, same texts: identical labels, JSON, versions and embeddings. The heads'
    # probabilities of LONG texts may differ by ~1e-9: their chunk vectors are cached per process
    # and USE's float32 output moves by ~1e-7 with the batch a chunk was encoded in (locally too).
    floats = ["sentiment_pos", "sentiment_neu", "sentiment_neg", "irony", "toxicity"]
    exact = [c for c in local_rows.columns if c not in floats + ["emotion_scores"]]
    assert local_rows[exact].equals(rows[exact])
    np.testing.assert_allclose(local_rows[floats].to_numpy(float), rows[floats].to_numpy(float), rtol=0, atol=1e-6)
    short = local_rows["text_norm"].str.len() <= 600  # no chunking: bit for bit
    assert local_rows.loc[short, floats + ["emotion_scores"]].equals(rows.loc[short, floats + ["emotion_scores"]])
    assert local_ids == ids
    np.testing.assert_array_equal(local_emb, emb)


def test_enrichment_on_dask_through_prefect_equals_the_local_run(tmp_path):
    from distributed import Client, LocalCluster

    records = _records(40)
    with open_store(None, tmp_path / "local") as store:
        store.save_batch("bench", records, [], None, "run-0")
        assert enrich_pending(store, Analyzer.from_config(NlpConfig()), "run-1", batch_size=7) == len(records)
        local = _enriched(store)

    # `execution.dask: {n_workers: 2}`: prefect-dask starts a LocalCluster for the run
    out, on_local_cluster = _on_dask(tmp_path, "dask-local", records, {"n_workers": 2})
    assert out["enriched"] == len(records)
    batches = [t for t in out["tasks"] if t.startswith("analyze-batch-")]
    assert len(batches) == 6  # 40 records in batches of 7: one Prefect task each
    _assert_same(local, on_local_cluster, len(records))

    # `execution.dask.address`: an existing cluster's scheduler; its workers do the analysis
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        out, on_cluster = _on_dask(tmp_path, "dask-address", records, {"address": cluster.scheduler_address})
        built = client.run(lambda: len(__import__("escucha.pipeline.enrich", fromlist=["x"])._WORKER_ANALYZERS))
    assert out["enriched"] == len(records) and sum(built.values()) >= 1  # analysers were built on its workers
    _assert_same(local, on_cluster, len(records))


def test_remote_results_of_another_analyzer_version_are_refused(tmp_path):
    """A worker with other models would write labels the run cannot vouch for: the step stops."""
    from concurrent.futures import ThreadPoolExecutor

    nlp = NlpConfig()
    analyzer = Analyzer.from_config(nlp)

    def other_version(texts, channels):
        version, rows, emb = analyze_batch(nlp.model_dump(mode="json"), texts, channels)
        return version + "-otro", rows, emb

    with open_store(None, tmp_path / "d") as store, ThreadPoolExecutor(1) as pool:
        store.save_batch("bench", _records(5), [], None, "run-0")
        with pytest.raises(RuntimeError, match="same models"):
            enrich_pending(store, analyzer, "run-1", 10, submit=lambda t, c: pool.submit(other_version, t, c))
        assert len(list(store.iter_pending_enrichment(analyzer.version, 100))[0]) == 5  # nothing written
