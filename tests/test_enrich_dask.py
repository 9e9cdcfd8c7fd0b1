"""Enrichment on Dask through prefect-dask (a LocalCluster it starts, or an existing cluster's
address) gives the rows and embeddings of the local run: the same labels, the same numbers
within float32 noise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("prefect_dask")

from escucha.config.schema import NlpConfig
from escucha.nlp.analyzer import Analyzer
from escucha.pipeline.enrich import analyze_batch, enrich_pending
from escucha.pipeline.redaction import mark_redaction_version
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


N, BATCH = 40, 7  # 6 batches: more than the 2 x workers kept in flight


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


# The nightly flow (`escucha run`'s flow) in a child process, once per config given, against the
# session's Prefect server; prints, per run, the names of that run's completed tasks.
CHILD = """
import json, sys
from escucha.flows.nightly import nightly
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

for config in sys.argv[1:]:
    state = nightly(config, return_state=True)
    summary = state.result()
    runs = FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
    with get_client(sync_client=True) as client:
        tasks = [t.name for t in client.read_task_runs(flow_run_filter=runs) if t.state_name == "Completed"]
    print(json.dumps({"enriched": summary["enriched"], "tasks": tasks}))
"""


def _store_with(tmp_path, name: str, records, dask: dict | None) -> tuple:
    data = tmp_path / name
    with open_store(None, data) as store:
        store.save_batch("bench", records, [], None, "run-0")
        mark_redaction_version(store, "run-0")  # written by this Escucha: the run does not ask for a rescan
    cfg_file = tmp_path / f"{name}.yaml"
    cfg_file.write_text(json.dumps({"data_dir": str(data), "connectors": [], "nlp": {"batch_size": BATCH},
                                    "execution": {"dask": dask}, "topics": {"enabled": False}}), encoding="utf-8")
    return data, cfg_file


def _run_nightly(tmp_path, api_url: str, configs: list) -> list[dict]:
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-client"), "PREFECT_API_URL": api_url,
           "ESCUCHA_PROGRESS": "off"}
    proc = subprocess.run([sys.executable, "-c", CHILD, *map(str, configs)], capture_output=True, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [json.loads(line) for line in proc.stdout.strip().splitlines()[-len(configs):]]


def _enriched_at(data):
    with open_store(None, data) as store:
        assert list(store.iter_pending_enrichment(Analyzer.from_config(NlpConfig()).version, 100)) == []
        return _enriched(store)


# Labels, versions, normalised text and the emotion keys must be identical wherever the batch runs.
# Probabilities and vectors are float32 sums whose bits depend on the BLAS thread count (USE runs
# with the cores it is given: 2 here, 1 per Dask worker; measured: up to 5e-7 apart): equal
# within a tolerance far below anything a report shows, far above float32 rounding. A value that
# is stored rounded may land one step apart.
PROBS = ["sentiment_pos", "sentiment_neu", "sentiment_neg", "irony", "toxicity"]
PROB_ATOL = 1e-5
SCORE_ATOL = 1e-4 + 1e-9  # emotion_scores are stored rounded to 4 decimals
EMB_RTOL = float(np.finfo(np.float16).eps)  # vectors are stored as float16


def _assert_same(local, other, n):
    (local_rows, local_ids, local_emb), (rows, ids, emb) = local, other
    assert len(local_rows) == len(rows) == n
    assert local_rows["sentiment"].notna().sum() >= n - 5  # real labels, not all empty
    exact = [c for c in local_rows.columns if c not in PROBS + ["emotion_scores"]]
    pd.testing.assert_frame_equal(local_rows[exact], rows[exact])
    np.testing.assert_allclose(local_rows[PROBS].to_numpy(float), rows[PROBS].to_numpy(float), rtol=0, atol=PROB_ATOL)
    assert local_rows["emotion_scores"].isna().tolist() == rows["emotion_scores"].isna().tolist()
    for want, got in zip(local_rows["emotion_scores"].dropna(), rows["emotion_scores"].dropna()):
        want, got = json.loads(want), json.loads(got)
        assert list(want) == list(got)
        np.testing.assert_allclose(list(want.values()), list(got.values()), rtol=0, atol=SCORE_ATOL)
    assert local_ids == ids
    assert local_emb.shape == emb.shape
    np.testing.assert_allclose(local_emb, emb, rtol=EMB_RTOL, atol=1e-6)


def test_enrichment_on_dask_through_prefect_equals_the_local_run(tmp_path, prefect_api_url):
    from distributed import Client, LocalCluster

    records = _records(N)
    with open_store(None, tmp_path / "local") as store:
        store.save_batch("bench", records, [], None, "run-0")
        assert enrich_pending(store, Analyzer.from_config(NlpConfig()), "run-1", batch_size=BATCH) == N
        local = _enriched(store)

    # `execution.dask: {n_workers: 2}`: prefect-dask starts a LocalCluster for the run;
    # `execution.dask.address`: an existing cluster's scheduler, whose workers do the analysis.
    own, own_cfg = _store_with(tmp_path, "dask-local", records, {"n_workers": 2})
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        existing, existing_cfg = _store_with(tmp_path, "dask-address", records, {"address": cluster.scheduler_address})
        outs = _run_nightly(tmp_path, prefect_api_url, [own_cfg, existing_cfg])
        built = client.run(lambda: len(__import__("escucha.pipeline.enrich", fromlist=["x"])._WORKER_ANALYZERS))
    assert sum(built.values()) >= 1  # analysers were built on the existing cluster's workers
    for out, data in zip(outs, (own, existing)):
        assert out["enriched"] == N
        batches = [t for t in out["tasks"] if t.startswith("analyze-batch-")]
        assert len(batches) == -(-N // BATCH)  # one Prefect task per batch
        _assert_same(local, _enriched_at(data), N)


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
