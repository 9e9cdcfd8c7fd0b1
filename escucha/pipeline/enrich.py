"""Enrich: every stored record without an up-to-date enrichment gets one, batch by batch.

Resumable by construction: pending records are found by query (no enrichment for this text
and analyzer version), and each batch is written before the next one is read.

Scale-out: with `execution.dask` set, the batches are analysed on a Dask cluster (a
LocalCluster here, or a scheduler's address). Only the pure part travels: texts and channels
go to a worker, which builds its own Analyzer once from the same `nlp` configuration, and
(rows, embeddings) come back; the store stays in the flow's process (a DuckDB file has one
writer), and results are written in the order the batches were read. At most `2 x workers`
batches are in flight, so memory stays bounded whatever the backlog.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from escucha.nlp.analyzer import Analyzer
from escucha.pipeline.faults import crash_point
from escucha.store._base import ENRICHMENT_COLUMNS, Store


def _save(store: Store, batch: pd.DataFrame, rows: pd.DataFrame, emb: np.ndarray, encoder: str, run_id: str) -> None:
    rows.insert(0, "record_id", batch["id"].to_numpy())
    rows["text_hash"] = batch["text_hash"].to_numpy()
    store.save_enrichment(rows[list(ENRICHMENT_COLUMNS)], emb, encoder, run_id)


def enrich_pending(store: Store, analyzer: Analyzer, run_id: str, batch_size: int,
                   on_batch: Callable[[int], None] | None = None, client: Any = None,
                   nlp_config: Any = None, threads_per_worker: int = 1) -> int:
    """Enrich every pending record; returns how many. With a dask.distributed `client`, batches
    are analysed on its workers by `analyze_batch` with `nlp_config` (the config `nlp` section
    `analyzer` was built from); `analyzer` still names the version and the encoder."""
    if client is not None:
        return _enrich_on_dask(store, analyzer, run_id, batch_size, on_batch, client, nlp_config, threads_per_worker)
    done = 0
    for batch in store.iter_pending_enrichment(analyzer.version, batch_size):
        rows, emb = analyzer.analyze(batch["text"].tolist(), batch["channel"].tolist())
        _save(store, batch, rows, emb, analyzer.encoder.name, run_id)
        done += len(batch)
        crash_point("enrich:batch")
        if on_batch:
            on_batch(len(batch))
    return done


# -- Dask --------------------------------------------------------------------------------------

_WORKER_ANALYZERS: dict[str, Analyzer] = {}


def worker_analyzer(nlp_config: dict, threads: int = 1) -> Analyzer:
    """The Analyzer of this worker process for this configuration, built on first use."""
    key = json.dumps([nlp_config, threads], sort_keys=True, default=str)
    analyzer = _WORKER_ANALYZERS.get(key)
    if analyzer is None:
        from escucha.config.schema import NlpConfig
        from escucha.nlp.encoders import UniversalSentenceEncoder

        # threads = the worker's share of the cores: USE with more threads than cores is ~15x slower
        analyzer = Analyzer.from_config(NlpConfig(**nlp_config), encoder=UniversalSentenceEncoder(threads=threads))
        _WORKER_ANALYZERS[key] = analyzer
    return analyzer


def analyze_batch(nlp_config: dict, texts: list[str], channels: list[str],
                  threads: int = 1) -> tuple[str, pd.DataFrame, np.ndarray]:
    """Runs on a Dask worker: (analyzer version, rows, embeddings) of one batch."""
    analyzer = worker_analyzer(nlp_config, threads)
    rows, emb = analyzer.analyze(texts, channels)
    return analyzer.version, rows, emb


def _enrich_on_dask(store, analyzer, run_id, batch_size, on_batch, client, nlp_config, threads) -> int:
    if nlp_config is None:
        raise ValueError("enrichment on Dask needs nlp_config (the `nlp` section the analyzer was built from)")
    cfg = nlp_config.model_dump(mode="json") if hasattr(nlp_config, "model_dump") else dict(nlp_config)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window: deque = deque()
    done = 0

    def drain_one() -> None:
        nonlocal done
        batch, future = window.popleft()
        version, rows, emb = future.result()
        if version != analyzer.version:
            raise RuntimeError(f"a Dask worker analysed with {version}, this run expects {analyzer.version}: "
                               "the workers must have the same models and configuration as the flow")
        _save(store, batch, rows, emb, analyzer.encoder.name, run_id)
        done += len(batch)
        crash_point("enrich:batch")
        if on_batch:
            on_batch(len(batch))

    for batch in store.iter_pending_enrichment(analyzer.version, batch_size):
        future = client.submit(analyze_batch, cfg, batch["text"].tolist(), batch["channel"].tolist(), threads,
                               pure=False)
        window.append((batch, future))
        if len(window) >= 2 * workers:
            drain_one()
    while window:
        drain_one()
    return done


def dask_client(dask_cfg):
    """A dask.distributed Client for `execution.dask`: the scheduler at `address`, or a
    LocalCluster of `n_workers` processes. Use as a context manager (closes what it started)."""
    from contextlib import ExitStack

    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise RuntimeError("execution.dask needs dask.distributed: pip install 'escucha[dask]'") from exc

    stack = ExitStack()
    if dask_cfg.address:
        client = stack.enter_context(Client(dask_cfg.address))
    else:
        cluster = stack.enter_context(LocalCluster(n_workers=dask_cfg.n_workers,
                                                   threads_per_worker=dask_cfg.threads_per_worker,
                                                   processes=True, dashboard_address=None))
        client = stack.enter_context(Client(cluster))

    class _Managed:
        def __enter__(self):
            return client

        def __exit__(self, *exc):
            stack.close()

    return _Managed()


def run_enrichment(cfg, store: Store, run_id: str, on_batch: Callable[[int], None] | None = None) -> int:
    """The nightly enrich step as configured: in this process, or on Dask (`execution.dask`)."""
    analyzer = Analyzer.from_config(cfg.nlp)
    dask_cfg = cfg.execution.dask
    if dask_cfg is None:
        return enrich_pending(store, analyzer, run_id, cfg.nlp.batch_size, on_batch=on_batch)
    with dask_client(dask_cfg) as client:
        return enrich_pending(store, analyzer, run_id, cfg.nlp.batch_size, on_batch=on_batch, client=client,
                              nlp_config=cfg.nlp, threads_per_worker=dask_cfg.threads_per_worker)
